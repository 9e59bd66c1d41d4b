// `npm run import -- --board <id> --file <path> [--dry-run] [--as <username>] [--opd <opdId>]
//   [--mapping 4=pagu.2026,5=ignore] [--skip-errors]`: the import of the Impor page from the command line,
// with the same planner and the same command path as the server, on the configured store.
//
// Safe beside a running server on the same data directory: this process opens the same SQLite file (WAL
// allows several processes), loads the board through BoardsService and appends through its sessions, so
// every command is decided by the one domain, hash-chained onto the stream and appended with the
// expected revision: if the server wrote in between, the append fails, the session reloads from the store
// and decides again. Commands go one at a time (never pipelined), and the server picks up these events
// from the store like any other writer's.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  type Actor,
  type ImportPreview,
  type ImportResult,
  ACCOUNTS_STREAM,
  applyAccountEvent,
  emptyAccounts,
  idSchema,
  importMappingSchema,
} from '@selaras/shared';
import pino from 'pino';
import { TimeTravel } from '../audit/time-travel';
import { DEMO_ACCOUNTS } from '../auth/users';
import { BoardsService } from '../boards/boards.service';
import { APP_CONFIG, type AppConfig, loadConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { eventStoreProvider } from '../event-store/event-store.provider';
import { ApiError } from '../http/api-error';
import { ImportService } from '../import/import.service';
import { InlineSpreadsheetReader, SPREADSHEET_READER } from '../import/spreadsheet-reader';
import { LOGGER } from '../logging/logger';
import { loadNomenclatures } from '../nomenclature/nomenclature-files';

const USAGE = `Pemakaian (usage):
  npm run import -- --board <id> --file <file.xlsx|file.csv> [--dry-run] [--as <username>] [--opd <opdId>]
                    [--mapping <kolom>=<isian>,…] [--skip-errors] [--data-dir <dir>]
  --dry-run      hanya pratinjau, tidak menulis apa pun (preview only, writes nothing)
  --as           bertindak sebagai akun ini (act as this account); default: operator server (sekretariat)
  --opd          OPD untuk baris tanpa kolom OPD (the OPD of rows without one)
  --mapping      kolom (nomor, mulai 0) = isian, mis. 4=pagu.2026,5=ignore (the mapping step)
  --skip-errors  lewati baris bermasalah (import the other rows)
Kode keluar (exit codes): 0 selesai/ok, 1 ditolak atau ada baris bermasalah (refused, nothing written), 2 pemakaian salah (usage),
  3 perlu pemetaan kolom (mapping needed), 4 impor berhenti di tengah (stopped half way: run again to resume).`;

const OPERATOR: Actor = {
  id: 'cli-import',
  name: 'Impor baris perintah (operator server)',
  role: 'sekretariat',
  opdId: null,
};

class UsageError extends Error {}

function options(argv: string[]) {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const next = argv[at + 1];
    if (next === undefined || next.startsWith('--'))
      throw new UsageError(`--${name} butuh nilai (needs a value)`);
    return next;
  };
  const known = new Set([
    'board',
    'file',
    'as',
    'opd',
    'mapping',
    'data-dir',
    'dry-run',
    'skip-errors',
    'help',
  ]);
  for (const arg of argv)
    if (arg.startsWith('--') && !known.has(arg.slice(2)))
      throw new UsageError(`tidak dikenal (unknown): ${arg}`);
  const board = value('board');
  const file = value('file');
  if (!board || !idSchema.safeParse(board).success) throw new UsageError('--board <id> wajib (required)');
  if (!file) throw new UsageError('--file <path> wajib (required)');
  const mappingText = value('mapping');
  let mapping: Record<string, string> | undefined;
  if (mappingText) {
    mapping = Object.fromEntries(
      mappingText.split(',').map((pair) => {
        const [column, field] = pair.split('=').map((s) => s.trim());
        if (!column || !field) throw new UsageError(`--mapping: "${pair}" bukan <kolom>=<isian>`);
        return [column, field];
      }),
    );
    const checked = importMappingSchema.safeParse(mapping);
    if (!checked.success)
      throw new UsageError(`--mapping: ${checked.error.issues[0]?.message ?? 'tidak sah'}`);
  }
  return {
    board,
    file,
    as: value('as'),
    opd: value('opd'),
    mapping,
    dataDir: value('data-dir'),
    dryRun: argv.includes('--dry-run'),
    skipErrors: argv.includes('--skip-errors'),
  };
}

@Module({})
class ImportCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ImportCliModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: pino({ level: 'warn' }, pino.destination(2)) },
        eventStoreProvider,
        BoardsService,
        TimeTravel,
        ImportService,
        { provide: SPREADSHEET_READER, useValue: new InlineSpreadsheetReader() },
      ],
    };
  }
}

/** The account to act as: a demo account in demo mode, else a managed one that is not disabled. */
async function actorFor(username: string | undefined, config: AppConfig, store: EventStore): Promise<Actor> {
  if (username === undefined) return OPERATOR;
  const demo = config.demo ? DEMO_ACCOUNTS.find((a) => a.username === username.toLowerCase()) : undefined;
  if (demo) return { id: demo.id, name: demo.name, role: demo.role, opdId: demo.opdId };
  const state = emptyAccounts();
  for (const stored of await store.readStream(ACCOUNTS_STREAM))
    applyAccountEvent(state, { type: stored.type, data: stored.data } as never, stored.meta as never);
  const userId = state.byUsername[username.toLowerCase()];
  const account = userId ? state.accounts[userId] : undefined;
  if (!account || account.disabled)
    throw new UsageError(`akun "${username}" tidak ada atau nonaktif (no such enabled account)`);
  return { id: account.userId, name: account.name, role: account.role, opdId: account.opdId };
}

function printPreview(preview: ImportPreview): void {
  const c = preview.counts;
  console.log(
    `Pratinjau (preview) ${preview.boardId} @ revisi ${preview.baseRevision}, lembar "${preview.sheet}", tata letak ${preview.layout}`,
  );
  if (preview.needsMapping) {
    console.log('Kolom belum dikenali (columns to map, --mapping <nomor>=<isian>):');
    for (const index of preview.unmapped) {
      const column = preview.columns[index]!;
      console.log(`  ${index} (${column.letter}) "${column.header}" contoh: ${column.samples.join(' | ')}`);
    }
    if (!preview.columns.some((col) => col.field === 'code'))
      console.log('  (tidak ada kolom kode / no code column)');
    return;
  }
  console.log(
    `baris (rows): ${c.total} — baru ${c.new}, berubah ${c.changed}, tetap ${c.unchanged}, bermasalah ${c.error}; peringatan ${c.warnings}; diabaikan ${c.ignored}`,
  );
  console.log(`perintah (commands): ${preview.commands.length}`);
  for (const row of preview.rows.filter((r) => r.status === 'error').slice(0, 20))
    for (const e of row.errors) console.log(`  ${e.message}\n  ${e.messageEn}`);
  if (c.error > 20) console.log(`  … dan ${c.error - 20} baris lagi (and more rows)`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.length === 0) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const opts = options(argv);
  if (opts.dataDir) process.env.SELARAS_DATA_DIR = opts.dataDir;
  const config = loadConfig();
  loadNomenclatures(config.nomenclatureDirs);
  const bytes = readFileSync(path.resolve(opts.file));
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(config), { logger: false });
  app.enableShutdownHooks();
  try {
    const actor = await actorFor(opts.as, config, app.get<EventStore>(EVENT_STORE));
    const imports = app.get(ImportService);
    const upload = { bytes, name: path.basename(opts.file) };
    const settings = {
      ...(opts.opd && { opdId: opts.opd }),
      ...(opts.mapping && { mapping: opts.mapping as never }),
    };
    const preview = await imports.preview(opts.board, upload, settings, actor);
    printPreview(preview);
    if (preview.needsMapping) return 3;
    if (preview.counts.error > 0 && !opts.skipErrors) {
      console.log(
        'Tidak ada yang ditulis: perbaiki baris bermasalah atau pakai --skip-errors. (Nothing written.)',
      );
      return 1;
    }
    if (opts.dryRun) {
      console.log('--dry-run: tidak ada yang ditulis (nothing written).');
      return 0;
    }
    let shown = 0;
    const { status, result } = await imports.confirm(
      opts.board,
      upload,
      {
        ...settings,
        baseRevision: preview.baseRevision,
        digest: preview.digest,
        skipErrors: opts.skipErrors,
      },
      actor,
      (done, total) => {
        if (done === total || done - shown >= Math.max(1, Math.floor(total / 20))) {
          shown = done;
          process.stderr.write(`\r${done}/${total} perintah`);
        }
      },
    );
    process.stderr.write('\n');
    printResult(result);
    return status === 200 ? 0 : 4;
  } catch (error) {
    if (error instanceof ApiError) {
      // Refused before anything was written (a role, the file, the board): a batch that ran has a result.
      console.error(`${error.body.error}: ${error.body.message}\n${error.body.messageEn ?? ''}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

function printResult(result: ImportResult): void {
  console.log(
    `${result.status === 'done' ? 'Selesai (done)' : 'Berhenti di tengah (stopped half way)'}: ${result.applied}/${result.commands} perintah, ${result.events} peristiwa baru; revisi ${result.revision}, head hash ${result.headHash}`,
  );
  if (result.failure) {
    console.log(
      `  baris ${result.failure.rows.join(', ')}: ${result.failure.message}\n  ${result.failure.messageEn}`,
    );
    console.log(
      '  Jalankan perintah yang sama lagi untuk melanjutkan (run the same command again to resume).',
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(2);
  },
);

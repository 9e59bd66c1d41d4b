// `npm run backup -- --to <file>`: an online backup of everything the configured store holds (board
// streams, the accounts stream with its display links, the credentials), consistent while servers
// write. SQLite: one SQLite file (SQLite's backup API). KurrentDB: a JSON Lines file read through the
// store. Restore with `npm run restore -- --from <file>`.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCredentials } from '../accounts/credentials-factory';
import { backupSqlite, backupStore, type BackupSummary } from '../backup/backup';
import { loadConfig, readLocalSecret, storeSpecOf } from '../config/config';
import { describeStore, openEventStore } from '../event-store/store-factory';

const USAGE = `Pemakaian / usage: npm run backup -- --to <file> [--data-dir <dir>]

Backs up the store the server is configured with (SELARAS_STORE, SELARAS_DATA_DIR or --data-dir,
SELARAS_KURRENTDB_URL) while servers keep running: every board, the accounts and display links, and
the password hashes. The file is written beside <file> and renamed into place when complete; it holds
password hashes, so it is readable by its owner only. Keep it off the server machine.
`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stderr): Promise<number> {
  let to: string;
  let env: NodeJS.ProcessEnv;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { to: { type: 'string' }, 'data-dir': { type: 'string' } },
    });
    if (!values.to) throw new Error('--to <file> is required');
    to = path.resolve(values.to);
    if (!existsSync(path.dirname(to))) throw new Error(`the directory of ${to} does not exist`);
    if (existsSync(to) && statSync(to).isDirectory()) throw new Error(`${to} is a directory; name a file`);
    env = { ...process.env, ...(values['data-dir'] && { SELARAS_DATA_DIR: values['data-dir'] }) };
  } catch (error) {
    out.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(env, { signsTokens: false });
  const spec = storeSpecOf(config);
  const tokenSecret = readLocalSecret(config.dataDir);
  const started = performance.now();
  out.write(`Mencadangkan / backing up ${describeStore(spec)} → ${to}\n`);
  try {
    let summary: BackupSummary;
    if (spec.kind === 'sqlite') {
      if (!existsSync(spec.filename)) {
        out.write(`Tidak ada penyimpanan di / no store at ${spec.filename}\n`);
        return 2;
      }
      summary = await backupSqlite(spec.filename, to, { ...(tokenSecret && { tokenSecret }) });
    } else {
      const store = await openEventStore(spec);
      const credentials = await openCredentials(spec);
      try {
        summary = await backupStore(store, credentials, to, {
          store: 'kurrentdb',
          ...(tokenSecret && { tokenSecret }),
        });
      } finally {
        await Promise.allSettled([store.close(), credentials.close()]);
      }
    }
    out.write(
      `Cadangan selesai / backup complete: ${summary.events} peristiwa/events, ${summary.credentials} ` +
        `kata sandi/password hashes, ${(summary.bytes / 1024 / 1024).toFixed(1)} MiB, ` +
        `${Math.round(performance.now() - started)} ms → ${summary.file}\n`,
    );
    return 0;
  } catch (error) {
    out.write(`Cadangan GAGAL / backup FAILED: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

// `npm run restore -- --from <file>`: brings a backup (from `npm run backup`) back into an EMPTY data
// directory (and, for KurrentDB, an empty store), then verifies every board's hash chain and the
// accounts. Start the server on it afterwards; the old passwords work.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCredentials } from '../accounts/credentials-factory';
import { BackupFileError, openBackup, type BackupSource } from '../backup/backup-file';
import { RestoreRefusedError, restoreBackup, type RestoreReport } from '../backup/restore';
import { loadConfig, storeSpecOf, writeLocalSecret } from '../config/config';
import { describeStore, openEventStore } from '../event-store/store-factory';

const USAGE = `Pemakaian / usage: npm run restore -- --from <file> [--data-dir <dir>]

Restores a backup made by \`npm run backup\` into the store the server is configured with
(SELARAS_STORE, SELARAS_DATA_DIR or --data-dir, SELARAS_KURRENTDB_URL). The data directory must be
empty or not exist yet, and a KurrentDB store must hold no events: a restore never mixes histories.
Then every board's hash chain is recomputed and compared with the backup, and the accounts checked.
Exit code 0: restored and verified; 1: refused or a check failed; 2: usage.
`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stderr): Promise<number> {
  let from: string;
  let env: NodeJS.ProcessEnv;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
    });
    if (!values.from) throw new Error('--from <file> is required');
    from = path.resolve(values.from);
    if (!existsSync(from)) throw new Error(`${from} does not exist`);
    env = { ...process.env, ...(values['data-dir'] && { SELARAS_DATA_DIR: values['data-dir'] }) };
  } catch (error) {
    out.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const dataDir = path.resolve(env.SELARAS_DATA_DIR ?? './data');
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    out.write(
      `Ditolak / refused: direktori data ${dataDir} tidak kosong. Pulihkan hanya ke direktori kosong ` +
        `(mis. --data-dir ./data-pulih), lalu arahkan server ke sana.\n` +
        `The data directory ${dataDir} is not empty. Restore only into an empty directory ` +
        `(e.g. --data-dir ./data-restored), then point the server at it. Nothing was changed.\n`,
    );
    return 1;
  }
  let backup: BackupSource;
  try {
    backup = await openBackup(from);
  } catch (error) {
    if (!(error instanceof BackupFileError) && !isSqliteError(error)) throw error;
    out.write(`Berkas cadangan tidak dapat dipakai / unusable backup: ${(error as Error).message}\n`);
    return 1;
  }
  const config = loadConfig(env, { signsTokens: false });
  const spec = storeSpecOf(config);
  out.write(
    `Memulihkan / restoring ${from}${backup.facts ? ` (dibuat/made ${backup.facts.createdAt})` : ''} → ` +
      `${describeStore(spec)}\n`,
  );
  const store = await openEventStore(spec);
  const credentials = await openCredentials(spec);
  try {
    const report = await restoreBackup(backup, store, credentials, (n) => {
      if (n % 20_000 < 1000) out.write(`  ${n} peristiwa/events…\n`);
    });
    if (backup.facts?.tokenSecret) writeLocalSecret(config.dataDir, backup.facts.tokenSecret);
    out.write(describe(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    out.write(
      error instanceof RestoreRefusedError
        ? `Ditolak / refused: ${error.message}. Nothing was changed.\n`
        : `Pemulihan GAGAL / restore FAILED: ${(error as Error).message}\n` +
            `Kosongkan ${dataDir} (dan penyimpanannya) lalu ulangi / empty it (and its store) and run again.\n`,
    );
    return 1;
  } finally {
    backup.close();
    await Promise.allSettled([store.close(), credentials.close()]);
  }
}

function describe(report: RestoreReport): string {
  const lines = report.boards.map(({ boardId, verdict, sameHeadAsBackup }) =>
    verdict.ok
      ? `  ${sameHeadAsBackup ? '✓' : '✗'} ${boardId}: ${verdict.events} peristiwa/events, revisi/revision ` +
        `${verdict.revision}, head ${verdict.headHash}${sameHeadAsBackup ? '' : ' — NOT the backup’s head'}`
      : `  ✗ ${boardId}: rantai hash RUSAK / hash chain BROKEN at revision ${verdict.brokenAt}: ${verdict.reasonEn}`,
  );
  const missing = report.accountsWithoutPassword;
  return (
    `${lines.join('\n')}\n` +
    `  akun/accounts ${report.accounts}, tautan layar/display links ${report.displayLinks}, ` +
    `kata sandi/password hashes ${report.credentials}\n` +
    (missing.length > 0
      ? `  ! tanpa kata sandi / active accounts without a password: ${missing.join(', ')} ` +
        '(npm run user -- reset-password <username>)\n'
      : '') +
    `${report.events} peristiwa/events dipulihkan/restored; ` +
    (report.ok
      ? 'semua rantai hash terverifikasi / every hash chain verified.\n'
      : 'VERIFIKASI GAGAL / verification FAILED.\n')
  );
}

const isSqliteError = (error: unknown) => (error as { name?: unknown } | null)?.name === 'SqliteError';

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

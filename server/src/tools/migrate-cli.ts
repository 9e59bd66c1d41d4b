import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCredentials } from '../accounts/credentials-factory';
import { IMPORTED_REVISION, type Credentials } from '../accounts/credentials.port';
import type { EventStore } from '../event-store/event-store.port';
import { describeStore, openEventStore, parseStoreSpec, type StoreSpec } from '../event-store/store-factory';
import { MigrationConflictError, migrate, type MigrationProgress } from './migrate';

const USAGE = `Usage: npm run migrate -- --from <store> --to <store> [--page-size N]

Copies every board (its catalog entry and its event stream, with ids, order, metadata and hashes)
from one event store to another, then recomputes each board's hash chain on the target; then the
accounts stream (accounts, roles, display links) and every account's password hash.
Resumable and idempotent: run it again after an interruption, or to copy what was added since.
Stop the Selaras servers that write to the source first (or run it again once they are stopped).

  <store>  sqlite:<data dir or .sqlite file>   e.g. sqlite:./data
           kurrentdb:<connection string>       e.g. kurrentdb:kurrentdb://localhost:2113?tls=false
`;

/** Exit codes: 0 copied and verified; 1 verification failed or the target conflicts; 2 bad usage. */
export async function main(argv: string[], err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let from: StoreSpec;
  let to: StoreSpec;
  let pageSize: number;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, 'page-size': { type: 'string' } },
    });
    if (!values.from || !values.to) throw new Error('--from and --to are both required');
    from = parseStoreSpec(values.from);
    to = parseStoreSpec(values.to);
    pageSize = Number(values['page-size'] ?? 500);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
      throw new Error('--page-size is 1..10000');
    if (JSON.stringify(from) === JSON.stringify(to)) throw new Error('--from and --to are the same store');
    // Opening a missing SQLite file would create an empty store and "migrate" nothing.
    if (from.kind === 'sqlite' && !existsSync(from.filename))
      throw new Error(`${from.filename} does not exist`);
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  err.write(`Migrating ${describeStore(from)} → ${describeStore(to)}\n`);
  let source: EventStore | undefined;
  let target: EventStore | undefined;
  const credentials: Partial<Record<'source' | 'target', Credentials>> = {};
  try {
    source = await openEventStore(from);
    target = await openEventStore(to);
    credentials.source = withCredentialsFile(await openCredentials(from), from);
    credentials.target = await openCredentials(to);
    const report = await migrate(source, target, {
      pageSize,
      onProgress: (p) => err.write(describe(p)),
      credentials: { source: credentials.source, target: credentials.target },
    });
    for (const board of report.boards) {
      if (!board.sameHeadAsSource && board.verdict.ok) {
        err.write(`  ✗ ${board.boardId}: the target's head is not the source's (it has other events)\n`);
      }
    }
    if (!report.accounts.sameHeadAsSource)
      err.write(`  ✗ accounts: the target's accounts stream is not the source's (it has other events)\n`);
    const failed = report.boards.filter((b) => !b.verdict.ok || !b.sameHeadAsSource).length;
    err.write(
      `${report.boards.length} board(s), ${report.copied} event(s) and ${report.catalogCopied} catalog ` +
        `entr${report.catalogCopied === 1 ? 'y' : 'ies'} copied, ${report.accounts.copied} account ` +
        `event(s) and ${report.accounts.credentialsCopied} password hash(es); ` +
        (failed === 0
          ? 'every hash chain verified on the target.\n'
          : `${failed} board(s) FAILED verification.\n`),
    );
    return report.ok ? 0 : 1;
  } catch (error) {
    err.write(
      error instanceof MigrationConflictError
        ? `Refused: ${error.message}\n`
        : `Migration stopped: ${(error as Error).message}\nRun the same command again to resume.\n`,
    );
    return 1;
  } finally {
    await Promise.allSettled([
      source?.close(),
      target?.close(),
      credentials.source?.close(),
      credentials.target?.close(),
    ]);
  }
}

/**
 * A data directory of an earlier version keeps its hashes in credentials.json until a server of this
 * version first starts on it: read them from there for accounts the table does not have yet.
 */
function withCredentialsFile(credentials: Credentials, spec: StoreSpec): Credentials {
  const file = spec.kind === 'sqlite' ? path.join(path.dirname(spec.filename), 'credentials.json') : '';
  if (!file || !existsSync(file)) return credentials;
  const hashes = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return {
    set: (userId, hash, revision) => credentials.set(userId, hash, revision),
    erase: (userId) => credentials.erase(userId),
    get: async (userId) =>
      (await credentials.get(userId)) ??
      (Object.hasOwn(hashes, userId)
        ? { userId, hash: hashes[userId]!, revision: IMPORTED_REVISION }
        : undefined),
    close: () => credentials.close(),
  };
}

function describe(progress: MigrationProgress): string {
  switch (progress.kind) {
    case 'board':
      return (
        `[${progress.index + 1}] board ${progress.boardId}: source revision ${progress.sourceHead}, ` +
        `target ${progress.targetHead < 0 ? 'empty' : `at ${progress.targetHead}`}\n`
      );
    case 'copied':
      return `    ${progress.boardId}: ${progress.copied} event(s) copied (source head ${progress.sourceHead})\n`;
    case 'accounts':
      return (
        `[accounts] ${progress.copied} account event(s) copied (source head ${progress.sourceHead}), ` +
        `${progress.credentialsCopied} password hash(es) copied\n`
      );
    case 'verified':
      return progress.verdict.ok
        ? `    ✓ ${progress.boardId}: hash chain verified, ${progress.verdict.count} event(s), head ${progress.verdict.headHash.slice(0, 16)}…\n`
        : `    ✗ ${progress.boardId}: hash chain BROKEN at revision ${progress.verdict.revision}: ${progress.verdict.reason}\n`;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EventStore } from '../event-store/event-store.port';
import { describeStore, openEventStore, parseStoreSpec, type StoreSpec } from '../event-store/store-factory';
import { MigrationConflictError, migrate, type MigrationProgress } from './migrate';

const USAGE = `Usage: npm run migrate -- --from <store> --to <store> [--page-size N]

Copies every board (its catalog entry and its event stream, with ids, order, metadata and hashes)
from one event store to another, then recomputes each board's hash chain on the target.
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
  try {
    source = await openEventStore(from);
    target = await openEventStore(to);
    const report = await migrate(source, target, { pageSize, onProgress: (p) => err.write(describe(p)) });
    for (const board of report.boards) {
      if (!board.sameHeadAsSource && board.verdict.ok) {
        err.write(`  ✗ ${board.boardId}: the target's head is not the source's (it has other events)\n`);
      }
    }
    const failed = report.boards.filter((b) => !b.verdict.ok || !b.sameHeadAsSource).length;
    err.write(
      `${report.boards.length} board(s), ${report.copied} event(s) and ${report.catalogCopied} catalog ` +
        `entr${report.catalogCopied === 1 ? 'y' : 'ies'} copied; ` +
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
    await Promise.allSettled([source?.close(), target?.close()]);
  }
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

// `npm run verify -- <boardId> [--data-dir <dir>]`: recomputes a board's hash chain from the embedded
// store file, without the server (it may be running or not). Exit code 0: the chain holds (prints the
// head hash to compare with the one in the meeting minutes); 1: broken (prints where and why); 2: usage.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { idSchema } from '@selaras/shared';
import { verifyBoard } from '../audit/verify';
import { SqliteEventStore } from '../event-store/sqlite-event-store';

const USAGE = 'Pemakaian (usage): npm run verify -- <boardId> [--data-dir <dir>]';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let dataDir = process.env.SELARAS_DATA_DIR ?? './data';
  const flag = args.indexOf('--data-dir');
  if (flag >= 0) {
    const value = args[flag + 1];
    if (!value) return usage('--data-dir butuh direktori (needs a directory)');
    dataDir = value;
    args.splice(flag, 2);
  }
  const [boardId, ...extra] = args;
  if (!boardId || extra.length > 0 || !idSchema.safeParse(boardId).success) return usage();
  const file = path.resolve(dataDir, 'selaras.sqlite');
  if (!existsSync(file)) return usage(`tidak ada penyimpanan di ${file} (no store there)`);
  const store = new SqliteEventStore({ filename: file });
  try {
    const head = (await store.readStream(`board-${boardId}`, { maxCount: 1 }))[0];
    if (!head) return usage(`papan "${boardId}" tidak ada di ${file} (no such board)`);
    const verdict = await verifyBoard(store, boardId);
    if (verdict.ok) {
      console.log(`OK ${boardId}: ${verdict.events} peristiwa, revisi ${verdict.revision}`);
      console.log(`head hash ${verdict.headHash}`);
      return 0;
    }
    console.log(`RUSAK (BROKEN) ${boardId} pada revisi ${verdict.brokenAt}`);
    console.log(verdict.reason);
    console.log(verdict.reasonEn);
    if (verdict.expected) console.log(`expected ${verdict.expected}\nactual   ${verdict.actual ?? ''}`);
    return 1;
  } finally {
    await store.close();
  }
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

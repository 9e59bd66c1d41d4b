import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint } from './checkpoint-cache';

/**
 * Sparse on-disk checkpoints (`<snapshots>/checkpoints/<boardId>/<revision>.json`), so that after a
 * restart a point deep in a long history is folded from a file a few thousand events below it, not from
 * the beginning. Only a cache: the caller checks a file's hash against the stream before trusting it,
 * and a missing, unreadable or foreign file just means folding from further down.
 */
export class CheckpointFiles {
  constructor(private readonly dir: string) {}

  private boardDir(boardId: string): string {
    return path.join(this.dir, boardId);
  }

  /** Revisions with a file, highest first. */
  async revisions(boardId: string): Promise<number[]> {
    try {
      const names = await readdir(this.boardDir(boardId));
      return names
        .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
        .filter((r): r is string => r !== undefined)
        .map(Number)
        .sort((a, b) => b - a);
    } catch {
      return [];
    }
  }

  async read(boardId: string, revision: number): Promise<Checkpoint | undefined> {
    try {
      const file = path.join(this.boardDir(boardId), `${revision}.json`);
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Checkpoint & {
        format?: number;
        boardId?: string;
      };
      if (parsed.format !== 1 || parsed.boardId !== boardId || parsed.revision !== revision) return undefined;
      if (parsed.state?.revision !== revision) return undefined;
      return { revision, state: parsed.state, hash: parsed.hash, at: parsed.at };
    } catch {
      return undefined;
    }
  }

  /** Serialises before the first await (the checkpoint is shared); atomic by rename. */
  async write(boardId: string, checkpoint: Checkpoint): Promise<void> {
    const json = JSON.stringify({ format: 1, boardId, ...checkpoint });
    const dir = this.boardDir(boardId);
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, `${checkpoint.revision}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, json);
    await rename(temp, target);
  }
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BoardState } from '@selaras/shared';
import { asciiJsonBytes } from '../http/json-body';

/**
 * Snapshots are only a cache of the one fold (DESIGN.md §1): state + revision + head hash, written
 * atomically (temp file, then rename) and dropped without harm. A snapshot whose last event is not in
 * the store (board-loader.ts checks revision and hash) is ignored and the board rebuilt from its events.
 * Several servers on one data directory may write the same board's snapshot: each write is whole.
 */
export interface BoardSnapshot {
  /** 2 added `keys`; a format-1 snapshot is ignored (the board is folded from its events once). */
  format: 2;
  boardId: string;
  revision: number;
  headHash: string;
  state: BoardState;
  /** Recent command ids → the revisions they produced, so retries stay idempotent after a restart. */
  commands: Array<[commandId: string, from: number, to: number]>;
  /** The merge keys and the revisions that touched them (KeyIndex), so conflict checks stay O(keys). */
  keys: Array<[key: string, revisions: number[]]>;
}

export class SnapshotStore {
  constructor(private readonly dir: string) {}

  private file(boardId: string): string {
    return path.join(this.dir, `${boardId}.json`);
  }

  async read(boardId: string): Promise<BoardSnapshot | undefined> {
    try {
      const snapshot = JSON.parse(await readFile(this.file(boardId), 'utf8')) as BoardSnapshot;
      if (
        snapshot.format !== 2 ||
        !Array.isArray(snapshot.keys) ||
        snapshot.boardId !== boardId ||
        snapshot.state?.revision !== snapshot.revision
      ) {
        return undefined;
      }
      return snapshot;
    } catch {
      return undefined;
    }
  }

  /**
   * Serialises (to bytes) before the first await: the caller's board may change as soon as this
   * yields, and the caller times this synchronous part as the snapshot's cost to the event loop.
   */
  async write(snapshot: BoardSnapshot): Promise<void> {
    const bytes = asciiJsonBytes(JSON.stringify(snapshot));
    await mkdir(this.dir, { recursive: true });
    const target = this.file(snapshot.boardId);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
  }
}

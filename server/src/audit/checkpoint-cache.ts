import type { BoardState } from '@selaras/shared';

/** The board right after `revision`, with that event's hash and time. Never mutated once made. */
export interface Checkpoint {
  revision: number;
  state: BoardState;
  hash: string;
  at: string;
}

/**
 * Checkpoints in memory, least recently used dropped first past `capacity`. Dropping one is harmless:
 * it is rebuilt from the one below it. Consecutive checkpoints share every program that did not change
 * between them (they are forks of each other), so a 100k-event, 5,000-program board's hundred
 * checkpoints take tens of MiB, not a hundred boards.
 */
export class CheckpointCache {
  private readonly entries = new Map<string, Checkpoint>();
  private readonly byBoard = new Map<string, Set<number>>();

  constructor(private readonly capacity: number) {}

  get(boardId: string, revision: number): Checkpoint | undefined {
    const key = `${boardId}\u0000${revision}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The highest checkpoint of the board at or below `revision`. */
  atOrBelow(boardId: string, revision: number): Checkpoint | undefined {
    let best = -1;
    for (const r of this.byBoard.get(boardId) ?? []) if (r <= revision && r > best) best = r;
    return best < 0 ? undefined : this.get(boardId, best);
  }

  put(boardId: string, checkpoint: Checkpoint): void {
    const key = `${boardId}\u0000${checkpoint.revision}`;
    this.entries.delete(key);
    this.entries.set(key, checkpoint);
    let revisions = this.byBoard.get(boardId);
    if (!revisions) this.byBoard.set(boardId, (revisions = new Set()));
    revisions.add(checkpoint.revision);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      const [board, rev] = oldest.split('\u0000') as [string, string];
      this.byBoard.get(board)?.delete(Number(rev));
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

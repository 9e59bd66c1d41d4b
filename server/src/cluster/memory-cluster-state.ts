import type { PresenceMember } from '@selaras/shared';
import {
  type Change,
  type ClusterState,
  type PresenceEntry,
  type PresenceStore,
  mergeMembers,
} from './cluster-state';

/** Keys kept before expired ones are swept on the next write; bounds memory under a key spray. */
const SWEEP_ABOVE = 50_000;

/**
 * One process's cluster state: a map with expiry. Nothing is shared, so `watch` never fires (there is
 * no other instance to hear from). For unit tests and single-process tools; the server uses `sqlite`.
 */
export class MemoryClusterState implements ClusterState {
  readonly kind = 'memory';
  private readonly values = new Map<string, { value: unknown; expiresAt: number }>();
  readonly presence: PresenceStore = new MemoryPresence();

  constructor(private readonly now: () => number = Date.now) {}

  update<T, R>(key: string, change: (current: T | undefined) => Change<T, R>): Promise<R> {
    const now = this.now();
    const stored = this.values.get(key);
    const current = stored && stored.expiresAt > now ? (stored.value as T) : undefined;
    const next = change(current);
    if (next.value === undefined) this.values.delete(key);
    else {
      if (!stored && this.values.size >= SWEEP_ABOVE) this.sweep(now);
      // Stored as JSON, like the shared adapters, so no caller can keep a live reference to it.
      const copy = JSON.parse(JSON.stringify(next.value)) as unknown;
      this.values.set(key, { value: copy, expiresAt: now + next.ttlMs });
    }
    return Promise.resolve(next.result);
  }

  get<T>(key: string): Promise<T | undefined> {
    const stored = this.values.get(key);
    return Promise.resolve(stored && stored.expiresAt > this.now() ? (stored.value as T) : undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private sweep(now: number): void {
    for (const [key, stored] of this.values) if (stored.expiresAt <= now) this.values.delete(key);
  }
}

class MemoryPresence implements PresenceStore {
  private readonly boards = new Map<string, Map<string, PresenceEntry>>();

  put(entry: PresenceEntry): Promise<void> {
    let board = this.boards.get(entry.boardId);
    if (!board) this.boards.set(entry.boardId, (board = new Map()));
    board.set(entry.connectionId, { ...entry });
    return Promise.resolve();
  }

  remove(boardId: string, connectionId: string): Promise<boolean> {
    const board = this.boards.get(boardId);
    const had = board?.delete(connectionId) ?? false;
    if (board && board.size === 0) this.boards.delete(boardId);
    return Promise.resolve(had);
  }

  members(boardId: string): Promise<PresenceMember[]> {
    return Promise.resolve(mergeMembers(this.boards.get(boardId)?.values() ?? []));
  }

  watch(): () => void {
    return () => undefined;
  }
}

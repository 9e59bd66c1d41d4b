import type { PresenceMember, SessionUser } from '@selaras/shared';

/**
 * Ephemeral state that every server instance must agree on, and that never belongs in the event log:
 * rate-limit buckets, login failure counters and presence. Three adapters behind one port:
 *
 * - `memory`: one process (unit tests, a benchmark); nothing is shared.
 * - `sqlite`: `cluster.sqlite` beside the event store in the data directory (WAL). Every process that
 *   runs on that directory, on one machine, shares it. The default.
 * - `redis`: a Redis server, for instances on several machines (KurrentDB deployments).
 *
 * Values are JSON with a time to live; an expired value reads as absent and is swept.
 */
export interface ClusterState {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  /**
   * Atomic read-modify-write of one key across every instance: `change` gets the current value
   * (undefined when absent or expired) and returns the new one (undefined deletes it), how long it
   * lives, and a result for the caller. `change` must be pure: an adapter may call it again when
   * another instance changed the key meanwhile.
   */
  update<T, R>(key: string, change: (current: T | undefined) => Change<T, R>): Promise<R>;
  /** The value at `key`, or undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  readonly presence: PresenceStore;
  close(): Promise<void>;
}

export interface Change<T, R> {
  value: T | undefined;
  ttlMs: number;
  result: R;
}

/** One live connection on one board, as every instance sees it. */
export interface PresenceEntry {
  boardId: string;
  /** Unique across instances: `<instance id>:<socket id>`. */
  connectionId: string;
  user: Pick<SessionUser, 'id' | 'name' | 'role' | 'opdId'>;
  openProgramId: string | null;
  /** When the person last did something on this connection (ms since epoch): the newest open card wins. */
  since: number;
}

/**
 * Who is on which board, over all instances. Each instance writes its own connections, keeps them alive
 * with a heartbeat (an instance that dies without saying goodbye drops out after the TTL), and hears
 * about the other instances' changes through `watch`.
 */
export interface PresenceStore {
  put(entry: PresenceEntry): Promise<void>;
  /** False when that connection was not on the board. */
  remove(boardId: string, connectionId: string): Promise<boolean>;
  members(boardId: string): Promise<PresenceMember[]>;
  /**
   * `onChange(boardId)` whenever another instance changed a board's presence (a join, a leave, an open
   * card, an expiry), for the boards `boards()` names (those with sockets on this instance).
   */
  watch(boards: () => Iterable<string>, onChange: (boardId: string) => void): () => void;
}

/** One entry per person; their open card is the one from their most recent action on any connection. */
export function mergeMembers(entries: Iterable<PresenceEntry>): PresenceMember[] {
  const byUser = new Map<string, PresenceMember & { since: number }>();
  for (const entry of entries) {
    const known = byUser.get(entry.user.id);
    if (!known) {
      byUser.set(entry.user.id, {
        userId: entry.user.id,
        name: entry.user.name,
        role: entry.user.role,
        opdId: entry.user.opdId,
        openProgramId: entry.openProgramId,
        connections: 1,
        since: entry.since,
      });
      continue;
    }
    known.connections++;
    if (entry.since >= known.since) {
      known.since = entry.since;
      known.openProgramId = entry.openProgramId ?? known.openProgramId;
    }
  }
  return [...byUser.values()]
    .map(({ since: _since, ...member }) => member)
    .sort((a, b) => a.name.localeCompare(b.name, 'id') || a.userId.localeCompare(b.userId));
}

/** How long a presence entry lives without its instance's heartbeat. */
export const DEFAULT_PRESENCE_TTL_MS = 20_000;

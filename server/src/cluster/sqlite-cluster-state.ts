import { randomUUID } from 'node:crypto';
import type { PresenceMember, Role } from '@selaras/shared';
import Database from 'better-sqlite3';
import {
  type Change,
  type ClusterState,
  DEFAULT_PRESENCE_TTL_MS,
  type PresenceEntry,
  type PresenceStore,
  mergeMembers,
} from './cluster-state';

export interface SqliteClusterStateOptions {
  /** `<data dir>/cluster.sqlite`; every process on that directory opens the same file. */
  filename: string;
  presenceTtlMs?: number;
  /** How often other processes' presence changes are looked for (one `PRAGMA data_version`). */
  pollMs?: number;
  now?: () => number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at);
  CREATE TABLE IF NOT EXISTS presence (
    board_id TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    opd_id TEXT,
    open_program_id TEXT,
    since INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, connection_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS presence_instance ON presence (instance_id);
  CREATE INDEX IF NOT EXISTS presence_expiry ON presence (expires_at);
  CREATE TABLE IF NOT EXISTS presence_version (
    board_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;`;

interface PresenceRow {
  board_id: string;
  connection_id: string;
  user_id: string;
  name: string;
  role: string;
  opd_id: string | null;
  open_program_id: string | null;
  since: number;
}

const KV_SWEEP_EVERY_MS = 60_000;

/**
 * The cluster state in a SQLite file of its own beside the event store (not in it: nothing here is a
 * fact worth keeping, and the event store's file stays append-only). WAL with `synchronous = OFF`: a
 * power cut may forget the last counters, which is harmless; a crashed process loses nothing the
 * others wrote. Each update is one short `BEGIN IMMEDIATE` transaction, so the processes on this
 * machine serialise on it and no increment is lost.
 */
export class SqliteClusterState implements ClusterState {
  readonly kind = 'sqlite';
  readonly presence: SqlitePresence;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly drop: Database.Statement;
  private readonly sweepKv: Database.Statement;
  private readonly sweepTimer: NodeJS.Timeout;
  private closed = false;

  constructor(options: SqliteClusterStateOptions) {
    const db = new Database(options.filename);
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      db.transaction(() => db.exec(SCHEMA)).immediate();
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.now = options.now ?? Date.now;
    this.read = db.prepare('SELECT value, expires_at FROM kv WHERE key = ?');
    this.write = db.prepare(
      'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    this.drop = db.prepare('DELETE FROM kv WHERE key = ?');
    this.sweepKv = db.prepare('DELETE FROM kv WHERE expires_at <= ?');
    this.presence = new SqlitePresence(
      db,
      this.now,
      options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
      options.pollMs ?? 20,
    );
    this.sweepTimer = setInterval(() => this.guard(() => this.sweepKv.run(this.now())), KV_SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  update<T, R>(key: string, change: (current: T | undefined) => Change<T, R>): Promise<R> {
    try {
      if (this.closed) throw new Error('cluster state closed');
      const run = this.db.transaction((): R => {
        const now = this.now();
        const row = this.read.get(key) as { value: string; expires_at: number } | undefined;
        const current = row && row.expires_at > now ? (JSON.parse(row.value) as T) : undefined;
        const next = change(current);
        if (next.value === undefined) this.drop.run(key);
        else this.write.run(key, JSON.stringify(next.value), now + next.ttlMs);
        return next.result;
      });
      return Promise.resolve(run.immediate());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  get<T>(key: string): Promise<T | undefined> {
    try {
      if (this.closed) throw new Error('cluster state closed');
      const row = this.read.get(key) as { value: string; expires_at: number } | undefined;
      return Promise.resolve(row && row.expires_at > this.now() ? (JSON.parse(row.value) as T) : undefined);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.presence.stop();
    this.db.close();
    return Promise.resolve();
  }

  /** Timers must never throw: a busy file is tried again on the next tick. */
  private guard(task: () => unknown): void {
    if (this.closed) return;
    try {
      task();
    } catch {
      // SQLITE_BUSY past the timeout, or the file going away at shutdown: the next tick retries.
    }
  }
}

class SqlitePresence implements PresenceStore {
  /** Tells entries apart from those other processes wrote into the same file. */
  private readonly instanceId = randomUUID();
  /** This instance's own entries, rewritten by the heartbeat if another process swept them. */
  private readonly local = new Map<string, PresenceEntry>();
  private readonly seen = new Map<string, number>();
  private readonly statements: Record<string, Database.Statement>;
  private readonly heartbeat: NodeJS.Timeout;
  private poller: NodeJS.Timeout | undefined;
  private dataVersion = 0;
  private stopped = false;
  private watched: Watcher = NOBODY;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly pollMs: number,
  ) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO presence (board_id, connection_id, instance_id, user_id, name, role, opd_id,
           open_program_id, since, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (board_id, connection_id) DO UPDATE SET open_program_id = excluded.open_program_id,
           since = excluded.since, expires_at = excluded.expires_at`,
      ),
      remove: db.prepare('DELETE FROM presence WHERE board_id = ? AND connection_id = ?'),
      exists: db.prepare('SELECT 1 FROM presence WHERE board_id = ? AND connection_id = ?'),
      rows: db.prepare(
        'SELECT board_id, connection_id, user_id, name, role, opd_id, open_program_id, since ' +
          'FROM presence WHERE board_id = ? AND expires_at > ?',
      ),
      bump: db.prepare(
        'INSERT INTO presence_version (board_id, version) VALUES (?, 1) ' +
          'ON CONFLICT (board_id) DO UPDATE SET version = version + 1 RETURNING version',
      ),
      version: db.prepare('SELECT version FROM presence_version WHERE board_id = ?'),
      refresh: db.prepare('UPDATE presence SET expires_at = ? WHERE instance_id = ?'),
      expired: db.prepare('DELETE FROM presence WHERE expires_at <= ? RETURNING board_id'),
      mine: db.prepare('DELETE FROM presence WHERE instance_id = ? RETURNING board_id'),
    };
    this.heartbeat = setInterval(() => this.beat(), Math.max(50, Math.floor(ttlMs / 4)));
    this.heartbeat.unref();
  }

  put(entry: PresenceEntry): Promise<void> {
    return this.run(() => {
      this.local.set(key(entry.boardId, entry.connectionId), { ...entry });
      this.upsert(entry);
      this.bump(entry.boardId);
    });
  }

  remove(boardId: string, connectionId: string): Promise<boolean> {
    return this.run(() => {
      this.local.delete(key(boardId, connectionId));
      const had = this.statements.remove!.run(boardId, connectionId).changes > 0;
      if (had) this.bump(boardId);
      return had;
    });
  }

  members(boardId: string): Promise<PresenceMember[]> {
    return this.run(() => {
      const rows = this.statements.rows!.all(boardId, this.now()) as PresenceRow[];
      return mergeMembers(rows.map(toEntry));
    }, false);
  }

  watch(boards: () => Iterable<string>, onChange: (boardId: string) => void): () => void {
    this.watched = { boards, onChange };
    this.dataVersion = Number(this.db.pragma('data_version', { simple: true }));
    const poll = () => {
      if (this.stopped) return;
      try {
        // data_version moves only when another connection committed; our own writes leave it alone.
        const version = Number(this.db.pragma('data_version', { simple: true }));
        if (version === this.dataVersion) return;
        this.dataVersion = version;
        for (const boardId of boards()) {
          const row = this.statements.version!.get(boardId) as { version: number } | undefined;
          const current = row?.version ?? 0;
          if (current === (this.seen.get(boardId) ?? 0)) continue;
          this.seen.set(boardId, current);
          onChange(boardId);
        }
      } catch {
        // A busy file: the next tick looks again (data_version stays unseen only if we never read it).
      }
    };
    this.poller = setInterval(poll, this.pollMs);
    this.poller.unref();
    return () => {
      if (this.poller) clearInterval(this.poller);
      this.poller = undefined;
      this.watched = NOBODY;
    };
  }

  /** At shutdown: this instance's connections leave every board at once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.heartbeat);
    if (this.poller) clearInterval(this.poller);
    try {
      this.db.transaction(() => {
        const boards = new Set(
          (this.statements.mine!.all(this.instanceId) as Array<{ board_id: string }>).map((r) => r.board_id),
        );
        for (const boardId of boards) this.bump(boardId);
      })();
    } catch {
      // The others drop these entries after the TTL anyway.
    }
  }

  /**
   * Keeps this instance's entries alive, puts back any another process swept (this one was too slow to
   * beat in time), and sweeps entries whose instance stopped beating (it crashed), telling everyone.
   */
  private beat(): void {
    if (this.stopped) return;
    const swept: string[] = [];
    try {
      this.db
        .transaction(() => {
          const now = this.now();
          const refreshed = this.statements.refresh!.run(now + this.ttlMs, this.instanceId).changes;
          if (refreshed < this.local.size) {
            for (const entry of this.local.values()) {
              if (this.statements.exists!.get(entry.boardId, entry.connectionId)) continue;
              this.upsert(entry);
              this.bump(entry.boardId);
            }
          }
          const expired = this.statements.expired!.all(now) as Array<{ board_id: string }>;
          for (const boardId of new Set(expired.map((r) => r.board_id))) {
            this.bump(boardId);
            swept.push(boardId);
          }
        })
        .immediate();
      // The others hear of it through the version; this instance's own sockets are told here.
      const watched = new Set(this.watched.boards());
      for (const boardId of swept) if (watched.has(boardId)) this.watched.onChange(boardId);
    } catch {
      // Busy: the next beat comes well within the TTL.
    }
  }

  private upsert(entry: PresenceEntry): void {
    this.statements.upsert!.run(
      entry.boardId,
      entry.connectionId,
      this.instanceId,
      entry.user.id,
      entry.user.name,
      entry.user.role,
      entry.user.opdId,
      entry.openProgramId,
      entry.since,
      this.now() + this.ttlMs,
    );
  }

  /** Marks a board's presence as changed; our own change is seen already (the caller announces it). */
  private bump(boardId: string): void {
    const { version } = this.statements.bump!.get(boardId) as { version: number };
    this.seen.set(boardId, version);
  }

  /** A write takes the file's write lock from the start (`BEGIN IMMEDIATE`); a read needs none. */
  private run<T>(task: () => T, write = true): Promise<T> {
    try {
      if (this.stopped) throw new Error('cluster state closed');
      return Promise.resolve(write ? this.db.transaction(task).immediate() : task());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}

interface Watcher {
  boards: () => Iterable<string>;
  onChange: (boardId: string) => void;
}
const NOBODY: Watcher = { boards: () => [], onChange: () => undefined };

const key = (boardId: string, connectionId: string) => `${boardId}\n${connectionId}`;

function toEntry(row: PresenceRow): PresenceEntry {
  return {
    boardId: row.board_id,
    connectionId: row.connection_id,
    user: { id: row.user_id, name: row.name, role: row.role as Role, opdId: row.opd_id },
    openProgramId: row.open_program_id,
    since: Number(row.since),
  };
}

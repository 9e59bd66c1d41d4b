import Database from 'better-sqlite3';
import type { StoredEvent } from './event-store.port';

/** `PRAGMA user_version` of the schema below. */
export const SCHEMA_VERSION = 1;
/** The largest revision SQLite can hold: "from the end" when reading backwards. */
export const MAX_REVISION = 9223372036854775807n;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    meta TEXT NOT NULL,
    UNIQUE (stream, revision)
  );`;

export interface EventRow {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  meta: string;
}
export type Head = Pick<EventRow, 'revision' | 'position'>;
export type IdRow = Pick<EventRow, 'stream' | 'revision' | 'position'>;
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  meta: string;
}

const COLUMNS = 'position, id, stream, revision, type, data, meta';

export type Statements = Record<
  'head' | 'byId' | 'insert' | 'forwards' | 'backwards' | 'all' | 'lastPosition',
  Database.Statement
>;

export const prepareStatements = (db: Database.Database): Statements => ({
  head: db.prepare('SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
  byId: db.prepare('SELECT stream, revision, position FROM events WHERE id = ?'),
  insert: db.prepare('INSERT INTO events (id, stream, revision, type, data, meta) VALUES (?, ?, ?, ?, ?, ?)'),
  forwards: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
  ),
  backwards: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
  ),
  all: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
  lastPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
});

export const toStoredEvent = (row: EventRow): StoredEvent => ({
  stream: row.stream,
  revision: row.revision,
  position: row.position,
  id: row.id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  meta: JSON.parse(row.meta) as unknown,
});

/** `undefined` (and other values JSON cannot hold) are stored as `null`. */
export const toJson = (value: unknown): string => JSON.stringify(value) ?? 'null';

export const limitOf = (maxCount: number | undefined): number => {
  if (maxCount === undefined) return -1;
  if (!Number.isInteger(maxCount) || maxCount < 0) throw new RangeError(`Invalid maxCount ${maxCount}`);
  return maxCount;
};

/**
 * Opens the file with the durability settings (WAL, synchronous=FULL: a commit is fsync'd) and creates
 * or checks the schema. Integers are read as bigint from then on.
 */
export const openDatabase = (filename: string, busyTimeoutMs: number): Database.Database => {
  const db = new Database(filename);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) throw new Error(`Event store schema ${version} is newer than this server`);
    if (version < SCHEMA_VERSION) {
      db.transaction(() => {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { StoredCredential } from '../accounts/credentials.port';
import { toStoredEvent, type EventRow } from '../event-store/sqlite-schema';

/**
 * The two backup formats, read through one interface so that any backup restores into any store:
 * - SQLite (a backup of the embedded store): a copy of `selaras.sqlite` made with SQLite's online
 *   backup API, events and credentials from one moment, plus a `selaras_backup` table of facts about
 *   the backup. A plain copy of a stopped server's `selaras.sqlite` reads the same way.
 * - JSON Lines (a backup of KurrentDB): a header line, one line per event in `$all` order, one per
 *   credential, and an end line with the counts, so a cut-off file is recognised and refused.
 */
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupFacts {
  format: number;
  createdAt: string;
  /** Where it was taken: `sqlite` or `kurrentdb`. */
  store: string;
  /** The data directory's own token secret (development installations only), so links keep working. */
  tokenSecret?: string;
}

/** An event as a backup holds it: the store's fields without the (store-specific) position. */
export interface BackupEvent {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  data: unknown;
  meta: unknown;
}

export interface BackupSource {
  readonly facts: BackupFacts | undefined;
  /** Every event, in the order the store committed them, a page at a time. */
  events(): AsyncIterable<BackupEvent[]>;
  credentials(): AsyncIterable<StoredCredential>;
  close(): void;
}

export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

type Line =
  | { selarasBackup: number; createdAt: string; store: string; tokenSecret?: string }
  | { event: Omit<BackupEvent, 'revision'> & { revision: number } }
  | { credential: StoredCredential }
  | { end: { events: number; credentials: number } };

export const headerLine = (facts: BackupFacts): string =>
  JSON.stringify({
    selarasBackup: facts.format,
    createdAt: facts.createdAt,
    store: facts.store,
    ...(facts.tokenSecret && { tokenSecret: facts.tokenSecret }),
  } satisfies Line);
export const eventLine = (event: BackupEvent): string =>
  JSON.stringify({ event: { ...event, revision: Number(event.revision) } } satisfies Line);
export const credentialLine = (credential: StoredCredential): string =>
  JSON.stringify({ credential } satisfies Line);
export const endLine = (events: number, credentials: number): string =>
  JSON.stringify({ end: { events, credentials } } satisfies Line);

const PAGE = 1000;

/** Opens a backup file of either format (told apart by SQLite's file header). */
export async function openBackup(file: string): Promise<BackupSource> {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === 'SQLite format 3\u0000' ? sqliteBackup(file) : jsonLinesBackup(file);
}

function sqliteBackup(file: string): BackupSource {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  const hasTable = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!hasTable('events')) {
    db.close();
    throw new BackupFileError(
      `${file} is a SQLite file, but not a Selaras store or backup (no events table)`,
    );
  }
  let facts: BackupFacts | undefined;
  if (hasTable('selaras_backup')) {
    const rows = db.prepare('SELECT key, value FROM selaras_backup').all() as Array<{
      key: string;
      value: string;
    }>;
    const get = (key: string) => rows.find((row) => row.key === key)?.value;
    facts = {
      format: Number(get('format')),
      createdAt: get('createdAt') ?? '',
      store: get('store') ?? 'sqlite',
      ...(get('tokenSecret') && { tokenSecret: get('tokenSecret') }),
    };
  }
  const page = db.prepare(
    'SELECT position, id, stream, revision, type, data, meta FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  return {
    facts,
    async *events() {
      let after = 0n;
      for (;;) {
        const rows = page.all(after, PAGE) as EventRow[];
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.position;
        yield rows.map((row) => {
          const { position: _position, ...event } = toStoredEvent(row);
          return event;
        });
      }
    },
    async *credentials() {
      if (!hasTable('credentials')) return;
      const rows = db
        .prepare('SELECT user_id, hash, revision FROM credentials ORDER BY user_id')
        .all() as Array<{
        user_id: string;
        hash: string;
        revision: bigint;
      }>;
      for (const row of rows) yield { userId: row.user_id, hash: row.hash, revision: Number(row.revision) };
    },
    close: () => db.close(),
  };
}

/**
 * A JSON Lines backup is read in full once up front (to check its end line) and again while restoring,
 * so a file cut off by a full disk or a killed backup is refused before anything is written.
 */
async function jsonLinesBackup(file: string): Promise<BackupSource> {
  let facts: BackupFacts | undefined;
  let counted = { events: 0, credentials: 0 };
  let end: { events: number; credentials: number } | undefined;
  for await (const line of lines(file)) {
    if (end) throw new BackupFileError(`${file}: lines after the end line`);
    if ('selarasBackup' in line) {
      const { selarasBackup, createdAt, store, tokenSecret } = line;
      facts = { format: selarasBackup, createdAt, store, ...(tokenSecret && { tokenSecret }) };
    } else if ('event' in line) counted.events += 1;
    else if ('credential' in line) counted.credentials += 1;
    else if ('end' in line) end = line.end;
  }
  if (!facts) throw new BackupFileError(`${file} is not a Selaras backup (no header line)`);
  if (facts.format > BACKUP_FORMAT_VERSION)
    throw new BackupFileError(`${file} is backup format ${facts.format}, newer than this Selaras`);
  if (!end || end.events !== counted.events || end.credentials !== counted.credentials)
    throw new BackupFileError(`${file} is incomplete (cut off before its end line); use another backup`);
  counted = { events: 0, credentials: 0 };
  return {
    facts,
    async *events() {
      let batch: BackupEvent[] = [];
      for await (const line of lines(file)) {
        if (!('event' in line)) continue;
        batch.push({ ...line.event, revision: BigInt(line.event.revision) });
        if (batch.length === PAGE) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async *credentials() {
      for await (const line of lines(file)) if ('credential' in line) yield line.credential;
    },
    close: () => undefined,
  };
}

async function* lines(file: string): AsyncIterable<Line> {
  let number = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    number += 1;
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as Line;
    } catch {
      throw new BackupFileError(`${file}:${number} is not JSON: not a Selaras backup, or damaged`);
    }
  }
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Credentials, StoredCredential } from './credentials.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS credentials (
    user_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );`;

interface Row {
  user_id: string;
  hash: string;
  revision: number;
}

/**
 * The credentials table in the event store's own SQLite file, so one backup of that file holds events
 * and passwords from the same moment. Its own connection: every write is one statement (atomic), and
 * SQLite's lock serialises it with the server instances and the user CLI writing the same file.
 * `secure_delete` overwrites a replaced or erased hash on its page instead of leaving it in free space.
 */
export class SqliteCredentials implements Credentials {
  private readonly db: Database.Database;
  private readonly statements: Record<'get' | 'set' | 'erase', Database.Statement>;

  constructor(filename: string, busyTimeoutMs = 5000) {
    mkdirSync(path.dirname(filename), { recursive: true });
    const db = new Database(filename);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.statements = {
      get: db.prepare('SELECT user_id, hash, revision FROM credentials WHERE user_id = ?'),
      set: db.prepare(
        `INSERT INTO credentials (user_id, hash, revision, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, revision = excluded.revision,
           updated_at = excluded.updated_at
         WHERE excluded.revision > credentials.revision`,
      ),
      erase: db.prepare('DELETE FROM credentials WHERE user_id = ?'),
    };
  }

  async get(userId: string): Promise<StoredCredential | undefined> {
    const row = this.statements.get.get(userId) as Row | undefined;
    return row && { userId: row.user_id, hash: row.hash, revision: Number(row.revision) };
  }

  async set(userId: string, hash: string, revision: number): Promise<boolean> {
    return this.statements.set.run(userId, hash, revision, new Date().toISOString()).changes > 0;
  }

  async erase(userId: string): Promise<void> {
    this.statements.erase.run(userId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

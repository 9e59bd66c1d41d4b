import { ACCOUNTS_STREAM } from '@selaras/shared';
import Database from 'better-sqlite3';

/**
 * Versions before issue 12 wrote the initial password, in plain text, into the `AccountCreated`
 * event of an account made on the Akun page (the request body was spread into the event). Nothing
 * may show or copy it: the fold, the history, backups, restores and migrations all read accounts
 * events through this.
 */
export function withoutSecrets<T extends { stream?: string; type: string; data: unknown }>(event: T): T {
  if (event.type !== 'AccountCreated' || (event.stream !== undefined && event.stream !== ACCOUNTS_STREAM))
    return event;
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || !Object.hasOwn(data, 'password')) return event;
  const { password: _password, ...rest } = data;
  return { ...event, data: rest };
}

/**
 * Removes such plain-text passwords from the SQLite store in place, once, at start-up. The accounts
 * stream has no hash chain, and a password is the one thing an immutable log must not keep; with
 * `secure_delete` the old bytes are overwritten, and a checkpoint moves the change out of the WAL.
 * (On KurrentDB the events cannot be rewritten: `withoutSecrets` hides them, and the README says to
 * reset those passwords.) Returns how many events it cleaned.
 */
export function scrubPlaintextPasswords(sqliteFile: string): number {
  const db = new Database(sqliteFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    const hasEvents = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
      .get();
    if (!hasEvents) return 0;
    const { changes } = db
      .prepare(
        `UPDATE events SET data = json_remove(data, '$.password')
         WHERE stream = ? AND type = 'AccountCreated' AND json_type(data, '$.password') IS NOT NULL`,
      )
      .run(ACCOUNTS_STREAM);
    if (changes > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return changes;
  } finally {
    db.close();
  }
}

import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNTS_STREAM } from '@selaras/shared';
import Database from 'better-sqlite3';
import type { Credentials } from '../accounts/credentials.port';
import { withoutSecrets } from '../accounts/account-secrets';
import { CREDENTIALS_STREAM_PREFIX } from '../accounts/kurrentdb-credentials';
import type { EventStore } from '../event-store/event-store.port';
import {
  BACKUP_FORMAT_VERSION,
  credentialLine,
  endLine,
  eventLine,
  headerLine,
  type BackupFacts,
} from './backup-file';

export interface BackupSummary {
  file: string;
  bytes: number;
  events: number;
  credentials: number;
}

const PAGE = 1000;

/**
 * An online backup of the embedded store, consistent while servers write: SQLite's backup API copies
 * every page of the file in one step, inside one read transaction (in WAL mode writers go on
 * meanwhile), so the copy holds events and credentials exactly as they were at one moment. The copy
 * is written beside `to` and renamed into place once complete and synced: a crash leaves the previous
 * backup intact, never a half-written one under the real name.
 */
export async function backupSqlite(
  sqliteFile: string,
  to: string,
  facts: Pick<BackupFacts, 'tokenSecret'> = {},
): Promise<BackupSummary> {
  const partial = partialName(to);
  rmSync(partial, { force: true });
  const source = new Database(sqliteFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // The largest step better-sqlite3 takes: everything left, at once (smaller steps restart from
    // scratch whenever another process writes in between, and may never finish under load).
    await source.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  let counts: { events: number; credentials: number };
  const copy = new Database(partial);
  try {
    // One self-contained file (no -wal beside it), with what a restore needs to know.
    copy.pragma('journal_mode = DELETE');
    copy.exec('CREATE TABLE IF NOT EXISTS selaras_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const put = copy.prepare('INSERT OR REPLACE INTO selaras_backup (key, value) VALUES (?, ?)');
    put.run('format', String(BACKUP_FORMAT_VERSION));
    put.run('createdAt', new Date().toISOString());
    put.run('store', 'sqlite');
    if (facts.tokenSecret) put.run('tokenSecret', facts.tokenSecret);
    const count = (table: string) => {
      const exists = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      return exists ? (copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
    };
    counts = { events: count('events'), credentials: count('credentials') };
  } finally {
    copy.close();
  }
  return { file: to, bytes: publish(partial, to), ...counts };
}

/**
 * A backup of any store through the port, as JSON Lines: every event in `$all` order (read until the
 * reader has caught up, so the file holds a consistent prefix of the log), then the credentials of
 * every account in it. Used for KurrentDB. Hash streams are not read from the log: each account's
 * current hash comes from the credentials store (older ones may still sit in `$all` until a scavenge).
 */
export async function backupStore(
  store: EventStore,
  credentials: Credentials,
  to: string,
  facts: Pick<BackupFacts, 'tokenSecret' | 'store'>,
): Promise<BackupSummary> {
  const partial = partialName(to);
  rmSync(partial, { force: true });
  const fd = openSync(partial, 'wx', 0o600);
  let events = 0;
  let credentialCount = 0;
  try {
    const write = (lines: string[]) => {
      if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
    };
    write([headerLine({ format: BACKUP_FORMAT_VERSION, createdAt: new Date().toISOString(), ...facts })]);
    const userIds = new Set<string>();
    for (let after: bigint | undefined; ;) {
      const page = await store.readAll({ ...(after !== undefined && { after }), maxCount: PAGE });
      if (page.length === 0) break;
      after = page[page.length - 1]!.position;
      const kept = page.filter((event) => !event.stream.startsWith(CREDENTIALS_STREAM_PREFIX));
      for (const event of kept)
        if (event.stream === ACCOUNTS_STREAM && event.type === 'AccountCreated')
          userIds.add((event.data as { userId: string }).userId);
      write(kept.map(({ position: _position, ...event }) => eventLine(withoutSecrets(event))));
      events += kept.length;
    }
    const stored = [];
    for (const userId of userIds) {
      const credential = await credentials.get(userId);
      if (credential) stored.push(credential);
    }
    write(stored.map(credentialLine));
    write([endLine(events, stored.length)]);
    fsyncSync(fd);
    credentialCount = stored.length;
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  closeSync(fd);
  return { file: to, bytes: publish(partial, to, false), events, credentials: credentialCount };
}

const partialName = (to: string) =>
  path.join(path.dirname(path.resolve(to)), `.${path.basename(to)}.${process.pid}.partial`);

/** Syncs the finished file, renames it into place and syncs the directory; returns its size. */
function publish(partial: string, to: string, sync = true): number {
  chmodSync(partial, 0o600);
  if (sync) {
    const fd = openSync(partial, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  renameSync(partial, to);
  const dir = openSync(path.dirname(path.resolve(to)), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return statSync(to).size;
}

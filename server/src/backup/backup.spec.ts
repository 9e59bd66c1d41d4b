import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '@selaras/shared';
import { createAccount } from '../accounts/account-decisions';
import { AccountsRepository } from '../accounts/accounts-repository';
import type { Credentials } from '../accounts/credentials.port';
import { KurrentDbCredentials } from '../accounts/kurrentdb-credentials';
import { SqliteCredentials } from '../accounts/sqlite-credentials';
import type { EventStore } from '../event-store/event-store.port';
import { KurrentDbEventStore } from '../event-store/kurrentdb-event-store';
import { SimulatedKurrentDb } from '../event-store/kurrentdb.fake';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { generateSyntheticBoard } from '../tools/synthetic-board';
import { backupSqlite, backupStore } from './backup';
import { BackupFileError, openBackup } from './backup-file';
import { RestoreRefusedError, restoreBackup } from './restore';

const admin: Actor = { id: 'u-admin', name: 'Sekretariat', role: 'sekretariat', opdId: 'bappeda' };
/** Every event without its position (the store's own), for comparing two stores. */
const contents = async (store: EventStore) =>
  (await store.readAll()).map(({ position: _position, ...event }) => event);

/** Two boards (927 events with their catalog entries), two accounts with passwords (one changed later), a display link (6 account events). */
async function fill(store: EventStore, credentials: Credentials): Promise<void> {
  await generateSyntheticBoard(store, { boardId: 'besar', programs: 30, events: 900 });
  const repo = new AccountsRepository(store);
  for (const username of ['op.satu', 'op.dua']) {
    const events = await repo.append(admin, (s) =>
      createAccount(s, { username, name: `Operator ${username}`, role: 'opd', opdId: 'dinkes' }),
    );
    const set = events.find((e) => e.type === 'PasswordSet')!;
    await credentials.set((set.data as { userId: string }).userId, `hash-of-${username}`, set.revision);
  }
  const userId = repo.current.byUsername['op.dua']!;
  const [changed] = await repo.append(admin, () => [{ type: 'PasswordSet', data: { userId } }]);
  await credentials.set(userId, 'hash-of-op.dua-2', changed!.revision);
  await repo.append(admin, () => [
    { type: 'DisplayLinkCreated', data: { linkId: 'l-1', boardId: 'besar', label: 'Layar' } },
  ]);
  await generateSyntheticBoard(store, { boardId: 'kecil', programs: 4, events: 25, seed: 3 });
}

describe('backup and restore', () => {
  let dir: string;
  const cleanups: Array<() => Promise<void>> = [];
  const sqlite = (name: string) => {
    mkdirSync(path.join(dir, name));
    const file = path.join(dir, name, 'selaras.sqlite');
    const store = new SqliteEventStore({ filename: file });
    const credentials = new SqliteCredentials(file);
    cleanups.push(async () => {
      await store.close();
      await credentials.close();
    });
    return { file, store, credentials };
  };
  const kurrent = () => {
    const node = new SimulatedKurrentDb({ jitterMs: 1, systemEventEvery: 5 });
    const store = new KurrentDbEventStore(node);
    const credentials = new KurrentDbCredentials(node);
    cleanups.push(() => store.close());
    return { node, store, credentials };
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'selaras-backup-'))));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: one file with events and passwords, readable by its owner only, restores event for event', async () => {
    const source = sqlite('source');
    await fill(source.store, source.credentials);
    const file = path.join(dir, 'cadangan.sqlite');
    const summary = await backupSqlite(source.file, file, { tokenSecret: 'rahasia-lokal' });
    expect(summary).toMatchObject({ events: 933, credentials: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backup = await openBackup(file);
    expect(backup.facts).toMatchObject({ format: 1, store: 'sqlite', tokenSecret: 'rahasia-lokal' });
    const target = sqlite('target');
    const report = await restoreBackup(backup, target.store, target.credentials);
    backup.close();
    expect(report).toMatchObject({ ok: true, events: 933, credentials: 2, accounts: 2, displayLinks: 1 });
    expect(report.accountsWithoutPassword).toEqual([]);
    expect(report.boards.map((b) => [b.boardId, b.verdict.revision, b.sameHeadAsBackup])).toEqual([
      ['besar', 899, true],
      ['kecil', 24, true],
    ]);
    expect(await contents(target.store)).toEqual(await contents(source.store));
    const dua = new AccountsRepository(target.store);
    const userId = (await dua.load()).byUsername['op.dua']!;
    await expect(target.credentials.get(userId)).resolves.toMatchObject({ hash: 'hash-of-op.dua-2' });
  });

  it('KurrentDB: a JSON Lines backup through the store, restored into SQLite and into KurrentDB', async () => {
    const source = kurrent();
    await fill(source.store, source.credentials);
    const file = path.join(dir, 'cadangan.jsonl');
    const summary = await backupStore(source.store, source.credentials, file, { store: 'kurrentdb' });
    // The hash streams are not copied as events (their old hashes may linger in $all until a scavenge).
    expect(summary).toMatchObject({ events: 933, credentials: 2 });
    expect(readFileSync(file, 'utf8')).not.toContain('hash-of-op.dua"');
    for (const target of [sqlite('target'), kurrent()]) {
      const backup = await openBackup(file);
      const report = await restoreBackup(backup, target.store, target.credentials);
      expect(report).toMatchObject({ ok: true, events: 933, credentials: 2, accounts: 2, displayLinks: 1 });
      // On KurrentDB the restored hashes are streams of their own again; the rest is event for event.
      const events = async (store: EventStore) =>
        (await contents(store)).filter((e) => !e.stream.startsWith('selaras-credentials-'));
      expect(await events(target.store)).toEqual(await events(source.store));
    }
  });

  it('refuses a cut-off backup and a store that is not empty, writing nothing', async () => {
    const source = kurrent();
    await fill(source.store, source.credentials);
    const file = path.join(dir, 'cadangan.jsonl');
    await backupStore(source.store, source.credentials, file, { store: 'kurrentdb' });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(path.join(dir, 'cut.jsonl'), `${lines.slice(0, 400).join('\n')}\n`);
    await expect(openBackup(path.join(dir, 'cut.jsonl'))).rejects.toThrow(BackupFileError);
    const target = sqlite('target');
    await generateSyntheticBoard(target.store, { boardId: 'lain', programs: 2, events: 5 });
    const before = await contents(target.store);
    await expect(restoreBackup(await openBackup(file), target.store, target.credentials)).rejects.toThrow(
      RestoreRefusedError,
    );
    expect(await contents(target.store)).toEqual(before);
  });

  it('says so when a restored chain does not verify (a backup edited by hand)', async () => {
    const source = kurrent();
    await fill(source.store, source.credentials);
    const file = path.join(dir, 'cadangan.jsonl');
    await backupStore(source.store, source.credentials, file, { store: 'kurrentdb' });
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"stream":"board-besar","revision":500');
    const line = text.slice(at, text.indexOf('\n', at));
    const edited = line.replace(/"(20\d\d)":\d+/, '"$1":1');
    expect(edited).not.toBe(line);
    writeFileSync(file, text.replace(line, edited));
    const target = sqlite('target');
    const report = await restoreBackup(await openBackup(file), target.store, target.credentials);
    expect(report.ok).toBe(false);
    expect(report.boards.find((b) => b.boardId === 'besar')?.verdict).toMatchObject({
      ok: false,
      brokenAt: 500,
    });
  });
});

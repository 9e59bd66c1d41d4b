import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNTS_STREAM, type Actor } from '@selaras/shared';
import { createLogger } from '../logging/logger';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { Subscription } from '../event-store/event-store.port';
import { createAccount, disableAccount } from './account-decisions';
import { followAccounts } from './accounts-follower';
import { AccountsRepository, type Revocation } from './accounts-repository';
import { importLegacyFiles } from './legacy-files';
import { SqliteCredentials } from './sqlite-credentials';

const admin: Actor = { id: 'u-admin', name: 'Sekretariat', role: 'sekretariat', opdId: 'bappeda' };
const logger = createLogger('silent');
const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

/** Two "processes": two connections on one SQLite file, each with its own repository. */
describe('the accounts stream followed by every instance', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  let subscriptions: Subscription[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'selaras-accounts-'));
    const file = path.join(dir, 'selaras.sqlite');
    stores = [new SqliteEventStore({ filename: file }), new SqliteEventStore({ filename: file })];
    subscriptions = [];
  });
  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  const follow = async (store: SqliteEventStore) => {
    const repo = new AccountsRepository(store);
    await repo.load();
    subscriptions.push(await followAccounts(store, repo, logger));
    return repo;
  };
  const input = { username: 'op.kes', name: 'Operator Dinkes', role: 'opd' as const, opdId: 'dinkes' };

  it("folds the other instance's events as they are committed and says whose sessions they end", async () => {
    const [a, b] = [await follow(stores[0]!), await follow(stores[1]!)];
    const [created] = await a.append(admin, (s) => createAccount(s, input));
    const userId = (created!.data as { userId: string }).userId;
    await waitUntil(() => b.current.accounts[userId]?.sessionEpoch === 1); // its first PasswordSet
    const heard: Revocation[] = [];
    b.onRevoked((r) => heard.push(r));
    await a.append(admin, (s) => disableAccount(s, admin, userId, 'pindah tugas'));
    await a.append(admin, () => [
      {
        type: 'SessionEnded',
        data: { userId, sessionId: 's-1', until: new Date(Date.now() + 60_000).toISOString() },
      },
    ]);
    await waitUntil(() => heard.length === 2);
    expect(heard).toEqual([
      { kind: 'user', userId },
      { kind: 'session', sessionId: 's-1' },
    ]);
    expect(b.current.accounts[userId]).toMatchObject({ disabled: true, sessionEpoch: 2 });
    expect(Object.keys(b.current.endedSessions)).toEqual(['s-1']);
    expect(b.head).toBe(a.head);
  });

  it('applies every event once although its own appends also come back through the subscription', async () => {
    const [a, b] = [await follow(stores[0]!), await follow(stores[1]!)];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).append(admin, (s) => createAccount(s, { ...input, username: `op.${i}` })),
      ),
    );
    await waitUntil(() => a.head === b.head && a.log.length === 20);
    for (const repo of [a, b]) {
      expect(repo.log.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(Object.keys(repo.current.accounts)).toHaveLength(10);
    }
  });

  it('fills a gap by reading the stream', async () => {
    const a = new AccountsRepository(stores[0]!);
    const b = new AccountsRepository(stores[1]!);
    await a.append(admin, (s) => createAccount(s, input));
    await a.append(admin, (s) => createAccount(s, { ...input, username: 'op.dua' }));
    const [last] = await stores[0]!.readStream(ACCOUNTS_STREAM, { fromRevision: 3n });
    expect(b.receive(last!)).toBe('gap');
    await b.load();
    expect(b.receive(last!)).toBe('seen');
    expect(b.head).toBe(3n);
  });

  it('moves credentials.json and revoked-sessions.json of earlier versions into the store, once', async () => {
    const repo = new AccountsRepository(stores[0]!);
    const credentials = new SqliteCredentials(path.join(dir, 'selaras.sqlite'));
    writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify({ 'u-lama': '$2a$11$old-hash' }));
    const later = Date.now() + 3_600_000;
    writeFileSync(
      path.join(dir, 'revoked-sessions.json'),
      JSON.stringify({ 'sid-live': later, 'sid-expired': Date.now() - 1000 }),
    );
    await expect(importLegacyFiles(dir, repo, credentials)).resolves.toEqual({ credentials: 1, sessions: 1 });
    expect(existsSync(path.join(dir, 'credentials.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'revoked-sessions.json'))).toBe(false);
    await expect(credentials.get('u-lama')).resolves.toMatchObject({ hash: '$2a$11$old-hash', revision: -1 });
    expect(Object.keys(repo.current.endedSessions)).toEqual(['sid-live']);
    await expect(importLegacyFiles(dir, repo, credentials)).resolves.toEqual({ credentials: 0, sessions: 0 });
    await credentials.close();
  });
});

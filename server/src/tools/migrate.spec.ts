import { randomUUID } from 'node:crypto';
import { registerBoard } from '../boards/catalog';
import type { AppendResult, EventStore } from '../event-store/event-store.port';
import { KurrentDbEventStore } from '../event-store/kurrentdb-event-store';
import { SimulatedKurrentDb } from '../event-store/kurrentdb.fake';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { ACCOUNTS_STREAM } from '@selaras/shared';
import { createAccount } from '../accounts/account-decisions';
import { AccountsRepository } from '../accounts/accounts-repository';
import { KurrentDbCredentials } from '../accounts/kurrentdb-credentials';
import { SqliteCredentials } from '../accounts/sqlite-credentials';
import { MigrationConflictError, migrate } from './migrate';
import { generateSyntheticBoard } from './synthetic-board';

const memory = () => new SqliteEventStore({ filename: ':memory:' });
/** Every stream's events without positions (those are the store's own), for comparing two stores. */
const contents = async (store: EventStore) =>
  (await store.readAll()).map(({ position: _position, ...event }) => event);

describe('migrate (SQLite → SQLite, in process)', () => {
  let source: SqliteEventStore;
  let target: SqliteEventStore;
  beforeEach(async () => {
    source = memory();
    target = memory();
    await generateSyntheticBoard(source, { boardId: 'besar', programs: 40, events: 1200 });
    await generateSyntheticBoard(source, { boardId: 'kecil', programs: 5, events: 30, seed: 3 });
    await registerBoard(source, 'kosong'); // listed, but its CreateBoard never landed
  });
  afterEach(async () => {
    await source.close();
    await target.close();
  });

  it('copies every stream as it is, and a second run copies nothing', async () => {
    const first = await migrate(source, target, { pageSize: 100 });
    expect(first).toMatchObject({ ok: true, copied: 1230, catalogCopied: 3 });
    expect(first.boards.map((b) => [b.boardId, b.sourceHead, b.verdict.ok])).toEqual([
      ['besar', 1199, true],
      ['kecil', 29, true],
      ['kosong', -1, true],
    ]);
    expect(await contents(target)).toEqual(await contents(source));
    const second = await migrate(source, target);
    expect(second).toMatchObject({ ok: true, copied: 0, catalogCopied: 0 });
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('resumes after an interruption half-way and completes correctly', async () => {
    let appends = 0;
    const failing: EventStore = Object.create(target) as EventStore;
    failing.appendToStream = (...args): Promise<AppendResult> => {
      if (++appends === 6) return Promise.reject(new Error('disk full'));
      return target.appendToStream(...args);
    };
    await expect(migrate(source, failing, { pageSize: 100 })).rejects.toThrow('disk full');
    const partial = (await target.readStream('board-besar')).length;
    expect(partial).toBe(400); // the catalog entry and four pages made it
    const progress: unknown[] = [];
    const resumed = await migrate(source, target, { pageSize: 100, onProgress: (p) => progress.push(p) });
    expect(resumed).toMatchObject({ ok: true, copied: 1230 - partial, catalogCopied: 2 });
    expect(progress[0]).toMatchObject({ kind: 'board', boardId: 'besar', targetHead: 399, sourceHead: 1199 });
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('picks up what the source gained since the last run', async () => {
    await migrate(source, target);
    await generateSyntheticBoard(source, { boardId: 'baru', programs: 3, events: 10 });
    const again = await migrate(source, target);
    expect(again).toMatchObject({ ok: true, copied: 10, catalogCopied: 1 });
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('reports a target whose stored history was altered, naming the revision', async () => {
    await migrate(source, target);
    const db = (target as unknown as { db: import('better-sqlite3').Database }).db;
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.title', 'diubah') WHERE stream = ? AND revision = 7",
    ).run('board-besar');
    const checked = await migrate(source, target);
    expect(checked.ok).toBe(false);
    const besar = checked.boards.find((b) => b.boardId === 'besar');
    expect(besar?.verdict).toMatchObject({ ok: false, revision: 7 });
    expect(checked.boards.filter((b) => b.verdict.ok).map((b) => b.boardId)).toEqual(['kecil', 'kosong']);
  });

  it('refuses a target that holds another history for the same board', async () => {
    await target.appendToStream('board-kecil', [
      { id: randomUUID(), type: 'BoardCreated', data: {}, meta: {} },
    ]);
    await expect(migrate(source, target)).rejects.toBeInstanceOf(MigrationConflictError);
    expect(await target.readStream('board-kecil')).toHaveLength(1);
  });

  it('goes through KurrentDB and back unchanged (a simulated node: no server runs here)', async () => {
    const kurrent = new KurrentDbEventStore(new SimulatedKurrentDb({ systemEventEvery: 5, jitterMs: 1 }));
    const back = memory();
    try {
      expect(await migrate(source, kurrent, { pageSize: 250 })).toMatchObject({ ok: true, copied: 1230 });
      expect(await migrate(source, kurrent)).toMatchObject({ ok: true, copied: 0, catalogCopied: 0 });
      expect(await migrate(kurrent, back)).toMatchObject({ ok: true, copied: 1230, catalogCopied: 3 });
      expect(await contents(back)).toEqual(await contents(source));
    } finally {
      await kurrent.close();
      await back.close();
    }
  });

  it('carries the accounts stream and every password hash, to KurrentDB and back', async () => {
    const admin = { id: 'u-admin', name: 'Sekretariat', role: 'sekretariat' as const, opdId: 'bappeda' };
    const sourceCredentials = new SqliteCredentials(':memory:');
    const repo = new AccountsRepository(source);
    const [, set] = await repo.append(admin, (s) =>
      createAccount(s, { username: 'op.satu', name: 'Operator Satu', role: 'opd', opdId: 'dinkes' }),
    );
    const userId = (set!.data as { userId: string }).userId;
    await sourceCredentials.set(userId, 'hash-satu', set!.revision);
    const node = new SimulatedKurrentDb({ jitterMs: 1 });
    const kurrent = new KurrentDbEventStore(node);
    const kurrentCredentials = new KurrentDbCredentials(node);
    const back = memory();
    const backCredentials = new SqliteCredentials(':memory:');
    try {
      const there = await migrate(source, kurrent, {
        credentials: { source: sourceCredentials, target: kurrentCredentials },
      });
      expect(there).toMatchObject({
        ok: true,
        accounts: { copied: 2, credentialsCopied: 1, sameHeadAsSource: true },
      });
      const again = await migrate(source, kurrent, {
        credentials: { source: sourceCredentials, target: kurrentCredentials },
      });
      expect(again.accounts).toMatchObject({ copied: 0, credentialsCopied: 0 });
      await migrate(kurrent, back, { credentials: { source: kurrentCredentials, target: backCredentials } });
      expect(await back.readStream(ACCOUNTS_STREAM)).toEqual(
        (await source.readStream(ACCOUNTS_STREAM)).map((e) => ({ ...e, position: expect.any(BigInt) })),
      );
      await expect(backCredentials.get(userId)).resolves.toEqual({ userId, hash: 'hash-satu', revision: 1 });
    } finally {
      await Promise.all([kurrent.close(), back.close(), sourceCredentials.close(), backCredentials.close()]);
    }
  });
});

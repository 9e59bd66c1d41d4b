import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PresenceMember } from '@selaras/shared';
import type { ClusterState, PresenceEntry } from './cluster-state';
import { MemoryClusterState } from './memory-cluster-state';
import { RedisClusterState } from './redis-cluster-state';
import { type RedisServer, skipWithoutRedis, startRedis } from './redis-server.spec-helper';
import { SqliteClusterState } from './sqlite-cluster-state';

jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await sleep(20);
  }
}

const user = (id: string, name: string) => ({ id, name, role: 'opd' as const, opdId: id });
const entry = (
  boardId: string,
  connectionId: string,
  id: string,
  name: string,
  open: string | null,
  since: number,
): PresenceEntry => ({
  boardId,
  connectionId,
  user: user(id, name),
  openProgramId: open,
  since,
});

/**
 * The port's contract, run against each adapter. `open` gives two handles on one shared state: two
 * connections to one file or one Redis, as two server processes would have (the memory adapter: the
 * same object twice, so it shares nothing with another process and its watch never fires).
 */
function contract(
  name: string,
  shared: boolean,
  open: (presenceTtlMs?: number) => Promise<{ a: ClusterState; b: ClusterState; done: () => Promise<void> }>,
) {
  /** Only between two processes (not registered for memory: there is nobody else to hear from). */
  const between = (title: string, test: () => Promise<void>) => (shared ? it(title, test) : undefined);
  describe(name, () => {
    let a: ClusterState;
    let b: ClusterState;
    let done: () => Promise<void>;
    beforeEach(async () => ({ a, b, done } = await open()));
    afterEach(() => done());

    it('updates atomically: concurrent increments from both handles are all kept', async () => {
      const increment = (state: ClusterState) =>
        state.update<number, number>('counter', (n = 0) => ({ value: n + 1, ttlMs: 60_000, result: n + 1 }));
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => increment(i % 2 ? a : b)));
      expect(new Set(results).size).toBe(100);
      expect(await a.get('counter')).toBe(100);
      expect(await b.get('counter')).toBe(100);
    });

    it('a value expires after its TTL; undefined deletes it', async () => {
      await a.update('short', () => ({ value: { x: 1 }, ttlMs: 150, result: undefined }));
      await a.update('gone', () => ({ value: 'here', ttlMs: 60_000, result: undefined }));
      expect(await b.get('short')).toEqual({ x: 1 });
      await b.update('gone', () => ({ value: undefined, ttlMs: 0, result: undefined }));
      expect(await a.get('gone')).toBeUndefined();
      await sleep(300);
      expect(await b.get('short')).toBeUndefined();
      expect(await b.update('short', (v) => ({ value: v, ttlMs: 1000, result: v }))).toBeUndefined();
    });

    it('presence: members merge over handles; one entry per person, the newest open card wins', async () => {
      await a.presence.put(entry('board-1', 'a:1', 'dinkes', 'Dinas Kesehatan', 'p-1', 1000));
      await b.presence.put(entry('board-1', 'b:1', 'dinkes', 'Dinas Kesehatan', 'p-2', 2000));
      await b.presence.put(entry('board-1', 'b:2', 'disdik', 'Dinas Pendidikan', null, 1500));
      await b.presence.put(entry('board-2', 'b:3', 'putr', 'Dinas PUTR', null, 1500));
      const expected: PresenceMember[] = [
        {
          userId: 'dinkes',
          name: 'Dinas Kesehatan',
          role: 'opd',
          opdId: 'dinkes',
          openProgramId: 'p-2',
          connections: 2,
        },
        {
          userId: 'disdik',
          name: 'Dinas Pendidikan',
          role: 'opd',
          opdId: 'disdik',
          openProgramId: null,
          connections: 1,
        },
      ];
      expect(await a.presence.members('board-1')).toEqual(expected);
      expect(await b.presence.members('board-1')).toEqual(expected);
      expect(await b.presence.remove('board-1', 'b:1')).toBe(true);
      expect(await b.presence.remove('board-1', 'b:1')).toBe(false);
      expect((await a.presence.members('board-1'))[0]).toMatchObject({
        openProgramId: 'p-1',
        connections: 1,
      });
    });

    between(
      'presence: the other handle hears of a change on a board it watches, not of its own',
      async () => {
        const heardByA: string[] = [];
        const heardByB: string[] = [];
        const stopA = a.presence.watch(
          () => ['board-1'],
          (id) => heardByA.push(id),
        );
        const stopB = b.presence.watch(
          () => ['board-1', 'board-2'],
          (id) => heardByB.push(id),
        );
        try {
          await a.presence.put(entry('board-1', 'a:1', 'dinkes', 'Dinas Kesehatan', null, 1));
          await eventually(
            async () => heardByB.length,
            (n) => n > 0,
          );
          expect(heardByB).toEqual(['board-1']);
          await b.presence.put(entry('board-2', 'b:1', 'putr', 'Dinas PUTR', null, 1));
          await b.presence.put(entry('board-1', 'b:2', 'disdik', 'Dinas Pendidikan', null, 1));
          await eventually(
            async () => heardByA.length,
            (n) => n > 0,
          );
          await sleep(200);
          expect(heardByA).toEqual(['board-1']); // board-2 is not watched by a
          expect(heardByB).toEqual(['board-1']); // b's own changes are not reported back to it
        } finally {
          stopA();
          stopB();
        }
      },
    );

    between(
      "presence: a stopped instance's entries go after the TTL, and the survivor hears of it",
      async () => {
        await done(); // again, with a short TTL
        ({ a, b, done } = await open(400));
        const [survivor, crashing] = [a, b];
        const heard: string[] = [];
        const stop = survivor.presence.watch(
          () => ['board-1'],
          (id) => heard.push(id),
        );
        try {
          await crashing.presence.put(entry('board-1', 'x:1', 'putr', 'Dinas PUTR', null, 1));
          await survivor.presence.put(entry('board-1', 's:1', 'dinkes', 'Dinas Kesehatan', null, 1));
          expect(await survivor.presence.members('board-1')).toHaveLength(2);
          // Its heartbeat stops but it never says goodbye, as under SIGKILL.
          (crashing.presence as unknown as { stopped: boolean }).stopped = true;
          heard.length = 0;
          const members = await eventually(
            () => survivor.presence.members('board-1'),
            (m) => m.length === 1,
          );
          expect(members.map((m) => m.userId)).toEqual(['dinkes']);
          await eventually(
            async () => heard.length,
            (n) => n > 0,
          );
          expect(heard).toContain('board-1');
        } finally {
          stop();
          (crashing.presence as unknown as { stopped: boolean }).stopped = false;
        }
      },
    );
  });
}

contract('memory cluster state', false, async () => {
  const state = new MemoryClusterState();
  return { a: state, b: state, done: () => state.close() };
});

contract('SQLite cluster state (two connections to one cluster.sqlite)', true, async (presenceTtlMs) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-cluster-'));
  const file = path.join(dir, 'cluster.sqlite');
  const a = new SqliteClusterState({ filename: file, presenceTtlMs });
  const b = new SqliteClusterState({ filename: file, presenceTtlMs });
  return {
    a,
    b,
    done: async () => {
      await Promise.all([a.close(), b.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

if (!skipWithoutRedis('Redis cluster state contract')) {
  let redis: RedisServer;
  beforeAll(async () => (redis = await startRedis()));
  afterAll(() => redis?.stop());
  let n = 0;
  contract('Redis cluster state (two clients on one redis-server)', true, async (presenceTtlMs) => {
    const prefix = `test-${process.pid}-${n++}:`;
    const a = await RedisClusterState.connect({ url: redis.url, prefix, presenceTtlMs });
    const b = await RedisClusterState.connect({ url: redis.url, prefix, presenceTtlMs });
    return { a, b, done: () => Promise.all([a.close(), b.close()]).then(() => undefined) };
  });
}

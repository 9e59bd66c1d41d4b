import type { PresenceMember } from '@selaras/shared';
import {
  type RedisServer,
  skipWithoutRedis,
  startRedis,
} from '../server/src/cluster/redis-server.spec-helper';
import { ApiClient, type BoardSocket, join, waitFor } from './support/api-client';
import { login } from './support/security-helpers';
import { launchServer } from './support/server-launch';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

/**
 * Instances on different machines share their limits and presence through Redis
 * (SELARAS_REDIS_URL). Two real server processes with separate data directories, as two machines
 * would have, and a real redis-server: nothing of cluster.sqlite is shared, so whatever they agree on
 * went through Redis. Skipped (with a line saying so) where redis-server is not installed; .ci/run
 * installs it.
 */

jest.setTimeout(90_000);

const BOARD = 'banyuasin-2025-2029';
const ATTACKER = { 'x-forwarded-for': '203.0.113.7' };
const REAL = { 'x-forwarded-for': '198.51.100.4' };

const describeWithRedis = skipWithoutRedis('multi-instance Redis e2e') ? describe.skip : describe;

describeWithRedis('two instances on separate data directories sharing Redis', () => {
  const dirs = [tempDataDir(), tempDataDir()];
  let redis: RedisServer;
  let instances: ServerProcess[] = [];
  const sockets: BoardSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      SELARAS_REDIS_URL: redis.url,
      SELARAS_TRUST_PROXY: 'loopback',
      SELARAS_AUDIT_RATE: '0.01',
      SELARAS_AUDIT_BURST: '2',
    };
    instances = await Promise.all(dirs.map((d) => startServer(d.dir, env)));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(instances.map((s) => s.stop()));
    await redis?.stop();
    dirs.forEach((d) => d.cleanup());
  });

  it('keeps nothing of the cluster state in the data directories', async () => {
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    for (const d of dirs) expect(existsSync(path.join(d.dir, 'cluster.sqlite'))).toBe(false);
  });

  it('people on the two instances see each other and the card each has open', async () => {
    const dinkes = await ApiClient.login(instances[0]!.url, 'dinkes');
    const disdik = await ApiClient.login(instances[1]!.url, 'disdik');
    const seen: PresenceMember[][] = [[], []];
    const ids = new Map([
      [dinkes.user.id, 'dinkes'],
      [disdik.user.id, 'disdik'],
    ]);
    for (const [i, client] of [dinkes, disdik].entries()) {
      const socket = client.socket();
      sockets.push(socket);
      socket.on('board:presence', (p) => (seen[i] = p.members));
      await join(socket, BOARD, await client.revision(BOARD));
    }
    const names = (i: number) => seen[i]!.map((m) => `${ids.get(m.userId)}:${m.openProgramId ?? '-'}`).sort();
    for (const i of [0, 1])
      await waitFor(() => names(i).join() === 'dinkes:-,disdik:-', 10_000, `instance ${i} sees both`);
    await sockets[0]!
      .timeout(5000)
      .emitWithAck('presence:update', { boardId: BOARD, openProgramId: 'dinkes-1-02-02' });
    await waitFor(
      () => names(1).includes('dinkes:dinkes-1-02-02'),
      10_000,
      'the open card on the other instance',
    );
    sockets[1]!.disconnect();
    await waitFor(() => names(0).join() === 'dinkes:dinkes-1-02-02', 10_000, 'disdik gone on instance 0');
  });

  it('a login lock made on one instance holds on the other, for that address only', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login(instances[i % 2]!.url, 'sekretariat', `salah-${i}`, ATTACKER)).status).toBe(401);
    expect((await login(instances[0]!.url, 'sekretariat', 'selaras', ATTACKER)).status).toBe(429);
    expect((await login(instances[1]!.url, 'sekretariat', 'selaras', ATTACKER)).status).toBe(429);
    expect((await login(instances[1]!.url, 'sekretariat', 'selaras', REAL)).status).toBe(200);
  });

  it('a per-user budget spent on one instance is spent on the other', async () => {
    // The same account on both: each instance has its own token secret here, so log in on each.
    const [a, b] = await Promise.all(instances.map((s) => ApiClient.login(s.url, 'inspektorat')));
    expect((await a!.get(`/api/boards/${BOARD}?at=1`)).status).toBe(200);
    expect((await b!.get(`/api/boards/${BOARD}?at=1`)).status).toBe(200);
    expect((await a!.get(`/api/boards/${BOARD}?at=1`)).status).toBe(429);
    expect((await b!.get(`/api/boards/${BOARD}/verify`)).status).toBe(429);
  });
});

describe('a Redis that cannot be reached', () => {
  it('stops the start-up with a message that names it, without its password', async () => {
    const data = tempDataDir();
    try {
      // Port 1 on loopback: nothing listens there.
      const launch = await launchServer(data.dir, {
        SELARAS_REDIS_URL: 'redis://selaras:geheim@127.0.0.1:1',
      });
      expect(launch.kind).toBe('exited');
      if (launch.kind !== 'exited') return;
      expect(launch.code).toBe(1);
      expect(launch.output).toContain('Redis at redis://selaras:***@127.0.0.1:1 cannot be reached');
      expect(launch.output).not.toContain('geheim');
    } finally {
      data.cleanup();
    }
  });
});

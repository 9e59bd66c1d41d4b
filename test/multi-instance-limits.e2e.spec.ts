import type { JoinBoardAck, PresenceMember } from '@selaras/shared';
import { ApiClient, type BoardSocket, join, waitFor } from './support/api-client';
import { startInstances, stopInstances } from './support/instances';
import { login, securityLog } from './support/security-helpers';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

/**
 * Rate limits and the login lockout across three real server processes on one data directory: they
 * share their counters (`cluster.sqlite` beside the event store), so a limit spent on one instance is
 * spent on all, and a restart forgets nothing. The limits are tiny here (3 at once, then one per 100 s)
 * so each test spends them in a few requests. A trusted proxy on loopback lets X-Forwarded-For stand
 * for clients at different addresses.
 */

jest.setTimeout(90_000);

const BOARD = 'banyuasin-2025-2029';
const ATTACKER = { 'x-forwarded-for': '203.0.113.7' };
const REAL_SEKRETARIAT = { 'x-forwarded-for': '198.51.100.4' };
const OFFICE = { 'x-forwarded-for': '192.0.2.50' };
const TINY = (name: string) => ({ [`SELARAS_${name}_RATE`]: '0.01', [`SELARAS_${name}_BURST`]: '3' });
const ENV = {
  SELARAS_TRUST_PROXY: 'loopback',
  ...TINY('COMMAND'),
  ...TINY('JOIN'),
  ...TINY('PRESENCE'),
  ...TINY('AUDIT'),
};

describe('limits shared by three server processes', () => {
  const data = tempDataDir();
  let instances: ServerProcess[];
  const sockets: BoardSocket[] = [];
  const url = (i: number) => instances[i % instances.length]!.url;

  beforeAll(async () => {
    instances = await startInstances(3, data.dir, ENV);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stopInstances(instances ?? []);
    data.cleanup();
  });

  describe('login lockout', () => {
    it('guesses spread over the instances lock the (username, address) pair on all of them; the real user elsewhere logs in', async () => {
      for (let i = 0; i < 5; i++)
        expect((await login(url(i), 'sekretariat', `tebakan-${i}`, ATTACKER)).status).toBe(401);
      for (let i = 0; i < 3; i++) {
        const locked = await login(url(i), 'sekretariat', 'selaras', ATTACKER); // even the right password
        expect(locked.status).toBe(429);
        expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
        expect(locked.body).toMatchObject({
          error: 'TooManyRequests',
          message: expect.stringMatching(/^Terlalu banyak percobaan masuk/),
          messageEn: expect.stringMatching(/^Too many failed login attempts/),
        });
      }
      // The attacker cannot lock the secretariat out: from its own address it logs in, on every instance.
      for (let i = 0; i < 3; i++)
        expect((await login(url(i), 'sekretariat', 'selaras', REAL_SEKRETARIAT)).status).toBe(200);
      // More guesses from the attacker change nothing for the real one.
      for (let i = 0; i < 10; i++) await login(url(i), 'sekretariat', 'salah', ATTACKER);
      expect((await login(url(1), 'sekretariat', 'selaras', REAL_SEKRETARIAT)).status).toBe(200);
      const locks = instances.flatMap((s) => securityLog(s)).filter((l) => l.event === 'login.locked');
      expect(locks[0]).toMatchObject({ lockedBy: 'pair', username: 'sekretariat', ip: '203.0.113.7' });
    });

    it('a spray from one address makes new usernames wait there on every instance, not the accounts used there', async () => {
      // The office has used these accounts before.
      expect((await login(url(0), 'sekretariat', 'selaras', OFFICE)).status).toBe(200);
      expect((await login(url(1), 'dinkes', 'selaras', OFFICE)).status).toBe(200);
      for (let i = 0; i < 20; i++)
        expect((await login(url(i), `tebakan-${i}`, 'x', OFFICE)).status).toBe(401);
      for (let i = 0; i < 3; i++) {
        expect((await login(url(i), 'tebakan-baru', 'x', OFFICE)).status).toBe(429);
        // disdik never logged in from there: it waits too (one address cannot tell it from a guess)…
        expect((await login(url(i), 'disdik', 'selaras', OFFICE)).status).toBe(429);
        // …but the accounts the office uses keep working, on every instance.
        expect((await login(url(i), 'sekretariat', 'selaras', OFFICE)).status).toBe(200);
        expect((await login(url(i), 'dinkes', 'selaras', OFFICE)).status).toBe(200);
      }
      expect((await login(url(2), 'disdik', 'selaras', REAL_SEKRETARIAT)).status).toBe(200);
    });

    it('a restarted instance still knows the lock (the counters are in the data directory)', async () => {
      await instances[2]!.stop();
      instances[2] = await startServer(data.dir, ENV);
      expect((await login(url(2), 'sekretariat', 'selaras', ATTACKER)).status).toBe(429);
      expect((await login(url(2), 'sekretariat', 'selaras', REAL_SEKRETARIAT)).status).toBe(200);
    });
  });

  describe('per-user limits', () => {
    it('commands: the burst spent over the instances is spent on all (429 + Retry-After); other users are unaffected', async () => {
      const clients = await Promise.all([0, 1, 2].map((i) => ApiClient.login(url(i), 'putr')));
      const base = await clients[0]!.revision(BOARD);
      // Refused by the domain (no such program), so nothing is written: a refused command costs a token too.
      const send = (client: ApiClient) =>
        client.command(BOARD, 'CommentOnProgram', { programId: 'tidak-ada', text: 'x' }, base);
      for (const client of clients) expect((await send(client)).status).toBe(400);
      for (const client of clients) {
        const res = await send(client);
        expect(res.status).toBe(429);
        expect(res.body).toMatchObject({ error: 'TooManyRequests', retryAfterSeconds: expect.any(Number) });
        expect((res.body as unknown as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
      }
      const other = await ApiClient.login(url(1), 'disdik');
      expect((await send(other)).status).toBe(400);
      await waitFor(
        () => instances.some((s) => securityLog(s).some((l) => l.event === 'commands.rate-limited')),
        3000,
        'commands.rate-limited in a security log',
      );
    });

    it('socket joins: three over three instances, then TooManyRequests with retryAfterSeconds on any', async () => {
      const clients = await Promise.all([0, 1, 2].map((i) => ApiClient.login(url(i), 'inspektorat')));
      const revision = await clients[0]!.revision(BOARD);
      for (const client of clients) {
        const socket = client.socket();
        sockets.push(socket);
        await join(socket, BOARD, revision);
      }
      for (const client of clients) {
        const socket = client.socket();
        sockets.push(socket);
        const ack = (await socket
          .timeout(5000)
          .emitWithAck('board:join', { boardId: BOARD, after: revision })) as JoinBoardAck;
        expect(ack).toEqual({
          error: 'TooManyRequests',
          message: expect.stringMatching(/^Terlalu banyak bergabung ke papan/),
          messageEn: expect.stringMatching(/^Too many board joins/),
          retryAfterSeconds: expect.any(Number),
        });
        expect((ack as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
      }
    });

    it('presence updates: three over two instances, then TooManyRequests; the card shown stays the last allowed', async () => {
      const [a, b] = await Promise.all([0, 1].map((i) => ApiClient.login(url(i), 'layar')));
      const revision = await a!.revision(BOARD);
      const [sa, sb] = [a!.socket(), b!.socket()];
      sockets.push(sa, sb);
      await join(sa, BOARD, revision);
      await join(sb, BOARD, revision);
      const update = (socket: BoardSocket, openProgramId: string) =>
        socket.timeout(5000).emitWithAck('presence:update', { boardId: BOARD, openProgramId });
      expect(await update(sa, 'dinkes-1-02-02')).toEqual({ ok: true });
      expect(await update(sb, 'disdik-1-01-02')).toEqual({ ok: true });
      expect(await update(sa, 'dinkes-1-02-02')).toEqual({ ok: true });
      for (const socket of [sa, sb])
        expect(await update(socket, 'disdik-1-01-02')).toMatchObject({
          error: 'TooManyRequests',
          messageEn: expect.stringMatching(/^Too many presence updates/),
          retryAfterSeconds: expect.any(Number),
        });
      // Someone on the third instance sees layar's last allowed card, not the refused one.
      const watcher = await ApiClient.login(url(2), 'disdik');
      const ws = watcher.socket();
      sockets.push(ws);
      let members: PresenceMember[] = [];
      ws.on('board:presence', (payload) => (members = payload.members));
      await join(ws, BOARD, revision);
      await waitFor(() => members.some((m) => m.userId === a!.user.id), 5000, 'layar seen');
      expect(members.find((m) => m.userId === a!.user.id)).toMatchObject({
        openProgramId: 'dinkes-1-02-02',
        connections: 2,
      });
    });

    it('heavy audit reads (time travel, compare, verify, exports) share one budget over the instances', async () => {
      const clients = await Promise.all([0, 1, 2].map((i) => ApiClient.login(url(i), 'inspektorat')));
      expect((await clients[0]!.get(`/api/boards/${BOARD}?at=1`)).status).toBe(200);
      expect((await clients[1]!.get(`/api/boards/${BOARD}/compare?from=0&to=1`)).status).toBe(200);
      expect((await clients[2]!.get(`/api/boards/${BOARD}/verify`)).status).toBe(200);
      const routes = [
        '?at=1',
        '?asOf=2030-01-01T00:00:00Z',
        '/compare?from=0&to=1',
        '/verify',
        '/export/audit.csv',
      ];
      for (const [i, route] of routes.entries()) {
        const res = await fetch(`${url(i)}/api/boards/${BOARD}${route}`, {
          headers: { authorization: `Bearer ${clients[i % 3]!.token}` },
        });
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50);
        expect(await res.json()).toMatchObject({
          error: 'TooManyRequests',
          message: expect.stringContaining('ekspor'),
          messageEn: expect.stringContaining('export'),
        });
      }
      // Light reads are not limited; another user has a budget of their own.
      expect((await clients[0]!.get(`/api/boards/${BOARD}/audit?limit=5`)).status).toBe(200);
      expect((await clients[1]!.get(`/api/boards/${BOARD}`)).status).toBe(200);
      const sekretariat = await ApiClient.login(url(2), 'sekretariat', 'selaras');
      expect((await sekretariat.get(`/api/boards/${BOARD}?at=1`)).status).toBe(200);
    });
  });
});

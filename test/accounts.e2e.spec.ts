import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DEMO_BOARD_ID } from '@selaras/shared';
import { ApiClient, join, waitFor } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

// Server start-ups and bcrypt logins can pass jest's 5 s on a loaded machine; a test that times out
// while its server starts leaves that server running and jest unable to exit.
jest.setTimeout(30_000);

const USER_CLI = path.resolve(__dirname, '..', 'server', 'dist', 'tools', 'user-cli.js');
const SECRET = 'b7f3c1e9a2d4f6081b3c5e7a9d1f2b4c6e8a0c2d4f6b8d0e';

/** Runs `npm run user -- …` as an operator would on the server machine (the built CLI). */
function userCli(dataDir: string, args: string[], input?: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [USER_CLI, ...args], {
    env: { ...process.env, SELARAS_DATA_DIR: dataDir, NODE_ENV: 'test', SELARAS_DEMO: 'false', ...env },
    input,
    encoding: 'utf8',
  });
}

describe('accounts and sessions (issue 5)', () => {
  describe('a production installation', () => {
    const data = tempDataDir();
    let server: ServerProcess;
    afterAll(async () => {
      await server?.stop();
      data.cleanup();
    });

    it('starts with no demo account; the first secretariat account comes from the CLI', async () => {
      const production = { NODE_ENV: 'production', SELARAS_TOKEN_SECRET: SECRET };
      server = await startServer(data.dir, production);
      const demo = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sekretariat', password: 'selaras' }),
      });
      expect(demo.status).toBe(401);
      const out = userCli(
        data.dir,
        [
          'add',
          '--username',
          'kepala.bappeda',
          '--name',
          'Kepala Bidang Perencanaan',
          '--role',
          'sekretariat',
          '--opd',
          'bappeda',
          '--password-stdin',
        ],
        'kata-sandi-yang-panjang\n',
        production,
      );
      expect(out).toContain('kepala.bappeda');
      // The running server sees the account the CLI wrote at its first login.
      const admin = await ApiClient.login(server.url, 'kepala.bappeda', 'kata-sandi-yang-panjang');
      expect(admin.user.role).toBe('sekretariat');
      const history = await admin.get<Array<{ type: string; actor: { id: string } }>>('/api/accounts/events');
      expect(history.body.map((e) => e.type)).toEqual(['PasswordSet', 'AccountCreated']);
      expect(history.body[0]!.actor.id).toBe('system');
    });
  });

  describe('managed by the secretariat', () => {
    const data = tempDataDir();
    let server: ServerProcess;
    let secretariat: ApiClient;
    beforeAll(async () => {
      server = await startServer(data.dir);
      secretariat = await ApiClient.login(server.url, 'sekretariat');
    });
    afterAll(async () => {
      await server.stop();
      data.cleanup();
    });

    const create = (username: string, role = 'opd', opdId: string | null = 'dinkes') =>
      secretariat.request<{ userId: string }>('POST', '/api/accounts', {
        username,
        name: `Operator ${username}`,
        role,
        opdId,
        password: 'kata-sandi-awal-1',
      });

    it('creates an account that can log in; who granted it is on record', async () => {
      const created = await create('op.kes1');
      expect(created.status).toBe(201);
      const operator = await ApiClient.login(server.url, 'op.kes1', 'kata-sandi-awal-1');
      expect(operator.user).toMatchObject({ role: 'opd', opdId: 'dinkes' });
      const history =
        await secretariat.get<Array<{ type: string; actor: { id: string }; data: { userId: string } }>>(
          '/api/accounts/events',
        );
      expect(
        history.body.find((e) => e.type === 'AccountCreated' && e.data.userId === created.body.userId)?.actor
          .id,
      ).toBe(secretariat.user.id);
      // No password hash ever leaves the server, nor enters the event log.
      expect(JSON.stringify(history.body)).not.toMatch(/\$2[aby]\$|scrypt\$/);
    });

    it('refuses account management to everyone but the secretariat', async () => {
      await create('op.kes2');
      const operator = await ApiClient.login(server.url, 'op.kes2', 'kata-sandi-awal-1');
      const auditor = await ApiClient.login(server.url, 'inspektorat');
      for (const client of [operator, auditor]) {
        expect((await client.get('/api/accounts')).status).toBe(403);
        const attempt = await client.request('POST', '/api/accounts', {
          username: 'penyusup',
          name: 'Penyusup',
          role: 'sekretariat',
          opdId: null,
          password: 'kata-sandi-awal-1',
        });
        expect(attempt.status).toBe(403);
      }
      expect((await auditor.get('/api/accounts/events')).status).toBe(200);
      expect((await operator.get('/api/accounts/events')).status).toBe(403);
    });

    it('validates input and refuses a taken username', async () => {
      expect((await create('OP KES')).status).toBe(400);
      expect((await create('op.tanpa.opd', 'opd', null)).status).toBe(400);
      await create('op.kes3');
      expect((await create('op.kes3')).status).toBe(409);
    });

    it('disabling an account ends its sessions and drops its live socket', async () => {
      const created = await create('op.kes4');
      const operator = await ApiClient.login(server.url, 'op.kes4', 'kata-sandi-awal-1');
      const socket = operator.socket();
      await join(socket, DEMO_BOARD_ID, -1);
      let dropped = false;
      socket.on('disconnect', () => (dropped = true));
      expect(
        (
          await secretariat.request('POST', `/api/accounts/${created.body.userId}/disable`, {
            reason: 'Pindah tugas',
          })
        ).status,
      ).toBe(204);
      await waitFor(() => dropped, 3000, 'the disabled account’s socket to drop');
      expect((await operator.get('/api/boards')).status).toBe(401);
      const again = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'op.kes4', password: 'kata-sandi-awal-1' }),
      });
      expect(again.status).toBe(401);
      socket.close();
    });

    it('a changed password or role ends the old sessions; logout ends one', async () => {
      const created = await create('op.kes5');
      const first = await ApiClient.login(server.url, 'op.kes5', 'kata-sandi-awal-1');
      await secretariat.request('POST', `/api/accounts/${created.body.userId}/password`, {
        password: 'kata-sandi-baru-22',
      });
      expect((await first.get('/api/boards')).status).toBe(401);
      const second = await ApiClient.login(server.url, 'op.kes5', 'kata-sandi-baru-22');
      await secretariat.request('POST', `/api/accounts/${created.body.userId}`, { opdId: 'disdik' });
      expect((await second.get('/api/boards')).status).toBe(401);
      const third = await ApiClient.login(server.url, 'op.kes5', 'kata-sandi-baru-22');
      expect(third.user.opdId).toBe('disdik');
      expect((await third.request('POST', '/api/auth/logout')).status).toBe(204);
      expect((await third.get('/api/boards')).status).toBe(401);
    });

    it('a display link reads its board live and nothing else, until it is revoked', async () => {
      const made = await secretariat.request<{ token: string; path: string; link: { linkId: string } }>(
        'POST',
        '/api/display-links',
        {
          boardId: DEMO_BOARD_ID,
          label: 'Layar Aula Bappeda',
        },
      );
      expect(made.status).toBe(201);
      expect(made.body.path).toBe(`/layar/${DEMO_BOARD_ID}?tautan=${made.body.token}`);
      const display = new ApiClient(server.url, made.body.token, {
        id: '',
        name: '',
        role: 'display',
        opdId: null,
        username: '',
      });
      expect((await display.get(`/api/boards/${DEMO_BOARD_ID}`)).status).toBe(200);
      expect((await display.get(`/api/boards/${DEMO_BOARD_ID}/events?after=-1&limit=5`)).status).toBe(200);
      for (const route of [
        '/api/boards',
        `/api/boards/${DEMO_BOARD_ID}?at=3`,
        '/api/accounts',
        '/api/display-links',
      ])
        expect([route, (await display.get(route)).status]).toEqual([route, 403]);
      const command = await display.command(
        DEMO_BOARD_ID,
        'CommentOnProgram',
        { programId: 'dinkes-1-02-02', text: 'x' },
        0,
      );
      expect(command.status).toBe(403);

      const socket = display.socket();
      await join(socket, DEMO_BOARD_ID, -1);
      await expect(join(socket, 'papan-lain', -1)).rejects.toThrow(/Forbidden/);
      let dropped = false;
      socket.on('disconnect', () => (dropped = true));
      expect(
        (await secretariat.request('POST', `/api/display-links/${made.body.link.linkId}/revoke`)).status,
      ).toBe(204);
      await waitFor(() => dropped, 3000, 'the revoked display link’s socket to drop');
      expect((await display.get(`/api/boards/${DEMO_BOARD_ID}`)).status).toBe(401);
      socket.close();
    });
  });
});

import type { DemoAccount } from '@selaras/shared';
import { waitFor } from './support/api-client';
import { securityLog } from './support/security-helpers';
import { isRunning, launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

/**
 * Demo mode does not open the LAN (issue 12): with HOST unset it listens on 127.0.0.1 only; set to
 * anything beyond loopback it says so loudly; /api/health never carries an account or a password; the
 * login page's demo accounts come from /api/auth/demo-accounts, to the server's own machine only.
 * Production keeps listening on every interface (containers, reverse proxies) and has no demo at all.
 */

jest.setTimeout(60_000);

const SECRET = 'uji-demo-rahasia-0123456789abcdefghijkl';

/** The interface the server reports it listens on (its ready log line). */
function listening(server: ServerProcess): string | undefined {
  for (const line of server.logs) {
    try {
      const entry = JSON.parse(line) as { listening?: string; msg?: string };
      if (entry.msg?.startsWith('Selaras siap')) return entry.listening;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

describe('demo mode stays on this machine', () => {
  const dirs: Array<{ cleanup: () => void }> = [];
  const running: ServerProcess[] = [];
  const launch = async (overrides: Record<string, string | undefined>) => {
    const data = tempDataDir();
    dirs.push(data);
    const { server, output } = await launchReady(data.dir, overrides);
    running.push(server);
    return { server, output };
  };

  afterAll(async () => {
    await Promise.all(running.filter((s) => isRunning(s.child)).map((s) => s.stop()));
    dirs.forEach((d) => d.cleanup());
  });

  describe('demo mode, HOST unset (npm start)', () => {
    let server: ServerProcess;
    let output: () => string;
    beforeAll(async () => ({ server, output } = await launch({ HOST: undefined, NODE_ENV: undefined })));

    it('listens on 127.0.0.1 only, without a warning, and says the board is at http://localhost', () => {
      expect(listening(server)).toBe('127.0.0.1');
      expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(output()).not.toContain('PERINGATAN');
      expect(securityLog(server).some((l) => l.event === 'demo.exposed')).toBe(false);
    });

    it('/api/health says it is a demo, and names no account and no password', async () => {
      const res = await fetch(`${server.url}/api/health`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ status: 'ok', demo: true });
      expect(JSON.parse(text)).not.toHaveProperty('demoAccounts');
      for (const secret of ['selaras"', 'password', 'sekretariat', 'dinkes'])
        expect(text).not.toContain(secret);
    });

    it('gives the demo accounts (for the login page buttons) to a browser on this machine', async () => {
      const res = await fetch(`${server.url}/api/auth/demo-accounts`);
      expect(res.status).toBe(200);
      const accounts = (await res.json()) as DemoAccount[];
      expect(accounts.map((a) => a.username)).toEqual([
        'sekretariat',
        'dinkes',
        'disdik',
        'putr',
        'inspektorat',
        'layar',
      ]);
      expect(new Set(accounts.map((a) => a.password))).toEqual(new Set(['selaras']));
      // The buttons work: the password they carry logs in.
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: accounts[0]!.username, password: accounts[0]!.password }),
      });
      expect(login.status).toBe(200);
    });
  });

  describe('demo mode behind a reverse proxy on this machine', () => {
    let server: ServerProcess;
    beforeAll(async () => ({ server } = await launch({ SELARAS_TRUST_PROXY: 'loopback' })));

    it('does not give the demo accounts to a visitor from elsewhere (403, bilingual)', async () => {
      const res = await fetch(`${server.url}/api/auth/demo-accounts`, {
        headers: { 'x-forwarded-for': '192.0.2.10' },
      });
      expect(res.status).toBe(403);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        error: 'Forbidden',
        message: expect.stringContaining('komputer server'),
        messageEn: expect.stringContaining('server machine'),
      });
      // The proxy's own machine still gets them.
      expect((await fetch(`${server.url}/api/auth/demo-accounts`)).status).toBe(200);
    });
  });

  describe('demo mode with HOST=0.0.0.0 (opened to the network on purpose)', () => {
    let server: ServerProcess;
    let output: () => string;
    beforeAll(async () => ({ server, output } = await launch({ HOST: '0.0.0.0' })));

    it('listens where it was told, and warns loudly on the terminal and in the security log', async () => {
      expect(listening(server)).toBe('0.0.0.0');
      // The banner is on stderr, a pipe of its own: it may arrive just after the ready line on stdout.
      await waitFor(() => output().includes('WARNING: demo mode'), 5000, 'the banner on stderr');
      expect(output()).toContain('PERINGATAN: mode demo mendengarkan di luar komputer ini (HOST=0.0.0.0)');
      expect(output()).toContain('WARNING: demo mode listens beyond this machine (HOST=0.0.0.0)');
      expect(securityLog(server)).toContainEqual(
        expect.objectContaining({ event: 'demo.exposed', host: '0.0.0.0', level: 40 }),
      );
      const health = await (await fetch(`${server.url}/api/health`)).text();
      expect(health).not.toContain('password');
    });
  });

  describe('production, HOST unset', () => {
    let server: ServerProcess;
    let output: () => string;
    beforeAll(
      async () =>
        ({ server, output } = await launch({
          HOST: undefined,
          NODE_ENV: 'production',
          SELARAS_TOKEN_SECRET: SECRET,
        })),
    );

    it('listens on every interface as before (a container or a proxy reaches it), without a demo warning', () => {
      expect(listening(server)).toBe('0.0.0.0');
      expect(output()).not.toContain('PERINGATAN: mode demo');
    });

    it('has no demo accounts to give (404)', async () => {
      const res = await fetch(`${server.url}/api/auth/demo-accounts`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain('selaras"');
    });
  });
});

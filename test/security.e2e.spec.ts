import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorResponse } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { rawRequest } from './support/raw-http';
import { handshake, logged, login, securityLog } from './support/security-helpers';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

/**
 * Hardening, against the real server process: security headers and the CSP, CORS for HTTP and the
 * Socket.IO handshake, the login and command rate limits, and the security log. Two servers: one with
 * the defaults, one with CORS, a trusted proxy (so X-Forwarded-For can stand for many clients) and a
 * tiny command rate.
 */

jest.setTimeout(60_000);

const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'dinkes-1-02-02';
const ALLOWED_ORIGIN = 'https://rapat.example.go.id';
const FOREIGN_ORIGIN = 'http://evil.example';
const STACK_OR_PATH = /\n\s+at \S|\.(ts|js):\d+|node_modules|\/work\/|\/server\/(src|dist)\//;

describe('security hardening', () => {
  const dirs = [tempDataDir(), tempDataDir()];
  let plain: ServerProcess;
  let configured: ServerProcess;

  beforeAll(async () => {
    [plain, configured] = await Promise.all([
      startServer(dirs[0]!.dir),
      startServer(dirs[1]!.dir, {
        SELARAS_CORS_ORIGIN: `${ALLOWED_ORIGIN},http://localhost:5173`,
        SELARAS_TRUST_PROXY: 'loopback',
        SELARAS_COMMAND_RATE: '2',
        SELARAS_COMMAND_BURST: '3',
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain?.stop(), configured?.stop()]);
    dirs.forEach((d) => d.cleanup());
  });

  describe('headers', () => {
    it('the page carries a strict CSP and the other security headers', async () => {
      const res = await rawRequest(plain.url, { path: '/' });
      expect(res.status).toBe(200);
      const csp = Object.fromEntries(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      const host = new URL(plain.url).host;
      // The one inline script of the built page (it starts the board's download) is allowed by its
      // hash, and nothing else inline.
      const page = readFileSync(path.resolve(__dirname, '..', 'client', 'dist', 'index.html'), 'utf8');
      const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
      );
      expect(inline).toHaveLength(1);
      expect(csp).toMatchObject({
        'default-src': ["'self'"],
        'script-src': ["'self'", ...inline],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'", `ws://${host}`, `wss://${host}`],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
      // No 'unsafe-inline' or 'unsafe-eval' anywhere; styles only from the server (and one hash).
      expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe/);
      expect(csp['style-src']?.[0]).toBe("'self'");
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'x-frame-options': 'DENY',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('API answers and errors carry them too, including a body the parser refuses', async () => {
      const answers = await Promise.all([
        rawRequest(plain.url, { path: '/api/health' }),
        rawRequest(plain.url, { path: '/api/nothing-here' }),
        rawRequest(plain.url, {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: '{"username":',
        }),
        rawRequest(plain.url, {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: `{"username":"${'x'.repeat(600 * 1024)}"}`,
        }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 404, 400, 413]);
      for (const res of answers) {
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.text).not.toMatch(STACK_OR_PATH);
      }
    });

    it('a hostile Host header cannot write into the CSP (and is no 5xx)', async () => {
      for (const host of ["x; script-src 'unsafe-inline'", 'a b', 'evil.example, *']) {
        const res = await rawRequest(plain.url, { path: '/api/health', headers: { host } });
        expect([host, res.status]).toEqual([host, 200]);
        expect(res.headers['content-security-policy']).not.toMatch(/unsafe|evil|\*/);
        expect(res.headers['content-security-policy']).toMatch(/connect-src 'self'\s*(;|$)/);
      }
    });

    it('HSTS only for https, as seen through a trusted proxy', async () => {
      const https = { 'x-forwarded-proto': 'https' };
      const untrusted = await rawRequest(plain.url, { path: '/api/health', headers: https });
      const trusted = await rawRequest(configured.url, { path: '/api/health', headers: https });
      const http = await rawRequest(configured.url, { path: '/api/health' });
      expect(untrusted.headers['strict-transport-security']).toBeUndefined();
      expect(trusted.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}$/);
      expect(http.headers['strict-transport-security']).toBeUndefined();
    });
  });

  describe('CORS', () => {
    const preflight = (url: string, origin: string) =>
      rawRequest(url, {
        method: 'OPTIONS',
        path: `/api/boards/${BOARD}/commands`,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });

    it('without configuration, a foreign origin gets no Access-Control-* header at all', async () => {
      const get = await rawRequest(plain.url, { path: '/api/health', headers: { origin: FOREIGN_ORIGIN } });
      const pre = await preflight(plain.url, FOREIGN_ORIGIN);
      for (const res of [get, pre]) {
        expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      }
      expect(pre.status).toBeGreaterThanOrEqual(400);
      expect(pre.status).toBeLessThan(500);
    });

    it('a configured origin is granted (reads and the preflight of a command); others are not', async () => {
      const get = await rawRequest(configured.url, {
        path: '/api/health',
        headers: { origin: ALLOWED_ORIGIN },
      });
      expect(get.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      // The headers a board client reads while the board downloads are readable cross-origin too.
      expect(String(get.headers['access-control-expose-headers']).split(/,\s*/)).toEqual(
        expect.arrayContaining(['X-Uncompressed-Length', 'X-Nomenclature-Version', 'X-Board-Revision']),
      );
      const pre = await preflight(configured.url, ALLOWED_ORIGIN);
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      const foreign = await rawRequest(configured.url, {
        path: '/api/health',
        headers: { origin: FOREIGN_ORIGIN },
      });
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      expect(
        (await preflight(configured.url, FOREIGN_ORIGIN)).headers['access-control-allow-origin'],
      ).toBeUndefined();
    });

    it('a Socket.IO handshake from a foreign origin is refused and logged; own and configured ones connect', async () => {
      const token = (await ApiClient.login(plain.url, 'dinkes')).token;
      const other = (await ApiClient.login(configured.url, 'dinkes')).token;
      expect(await handshake(plain.url, token, { origin: FOREIGN_ORIGIN })).toMatch(/^refused/);
      expect(await handshake(plain.url, token, { origin: FOREIGN_ORIGIN, polling: true })).toMatch(
        /^refused/,
      );
      expect(await handshake(plain.url, token, { origin: ALLOWED_ORIGIN })).toMatch(/^refused/);
      expect(await handshake(plain.url, token, { origin: new URL(plain.url).origin })).toBe('connected');
      expect(await handshake(plain.url, token)).toBe('connected'); // no Origin: not a browser
      expect(await handshake(configured.url, other, { origin: ALLOWED_ORIGIN })).toBe('connected');
      expect(await handshake(configured.url, other, { origin: ALLOWED_ORIGIN, polling: true })).toBe(
        'connected',
      );
      expect(await handshake(configured.url, other, { origin: FOREIGN_ORIGIN })).toMatch(/^refused/);
      await logged(plain, { event: 'origin.refused', origin: FOREIGN_ORIGIN, transport: 'socket.io' });
    });
  });

  describe('login rate limit', () => {
    it('5 wrong passwords lock the username (429, Retry-After, bilingual); others are unaffected', async () => {
      const wrong = Array.from({ length: 5 }, (_, i) => `salah-${i}-rahasia`);
      for (const password of wrong) expect((await login(plain.url, 'putr', password)).status).toBe(401);
      const locked = await login(plain.url, 'putr', 'selaras'); // even the right password
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
      expect(locked.body).toEqual({
        error: 'TooManyRequests',
        message: expect.stringMatching(/^Terlalu banyak percobaan masuk/),
        messageEn: expect.stringMatching(/^Too many failed login attempts/),
        retryAfterSeconds: Number(locked.headers.get('retry-after')),
      });
      expect((await login(plain.url, 'disdik', 'selaras')).status).toBe(200);

      await logged(plain, { event: 'login.blocked', username: 'putr' });
      const log = securityLog(plain);
      const failures = log.filter((l) => l.event === 'login.failed' && l.username === 'putr');
      expect(failures).toHaveLength(5);
      expect(failures[4]).toMatchObject({ ip: expect.any(String), failuresForUsername: 5 });
      expect(log).toContainEqual(
        expect.objectContaining({ event: 'login.locked', username: 'putr', lockSeconds: 60 }),
      );
      expect(log).toContainEqual(expect.objectContaining({ event: 'login.blocked', username: 'putr' }));
      const everything = plain.logs.join('\n');
      for (const password of wrong) expect(everything).not.toContain(password);
    });

    it('20 failures from one client address lock that address for every username', async () => {
      const attacker = { 'x-forwarded-for': '203.0.113.7' };
      for (let i = 0; i < 20; i++) {
        expect((await login(configured.url, `tebakan-${i}`, 'x', attacker)).status).toBe(401);
      }
      const blocked = await login(configured.url, 'sekretariat', 'selaras', attacker);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error).toBe('TooManyRequests');
      // The same account from another address is fine: the lock is the address's.
      const elsewhere = await login(configured.url, 'sekretariat', 'selaras', {
        'x-forwarded-for': '198.51.100.4',
      });
      expect(elsewhere.status).toBe(200);
      await logged(configured, { event: 'login.locked', ip: '203.0.113.7' });
    });
  });

  describe('command rate limit (2/s, burst 3, on the configured server)', () => {
    it('refuses past the burst with 429 and Retry-After, per user, and the board does not move', async () => {
      const [dinkes, disdik] = await Promise.all([
        ApiClient.login(configured.url, 'dinkes'),
        ApiClient.login(configured.url, 'disdik'),
      ]);
      const base = await dinkes.revision(BOARD);
      const comment = (client: ApiClient, i: number) =>
        client.command<ErrorResponse & { retryAfterSeconds?: number }>(
          BOARD,
          'CommentOnProgram',
          { programId: PROGRAM, text: `Cepat ${i}` },
          base,
        );
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof comment>> | undefined;
      for (let i = 0; i < 5; i++) {
        const res = await comment(dinkes, i);
        statuses.push(res.status);
        if (res.status === 429) refused ??= res;
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toContain(429);
      expect(refused?.body).toMatchObject({
        error: 'TooManyRequests',
        message: expect.any(String),
        messageEn: expect.any(String),
        retryAfterSeconds: 1,
      });
      const accepted = statuses.filter((s) => s === 200).length;
      expect(await dinkes.revision(BOARD)).toBe(base + accepted);
      // Another user has a bucket of their own; and after a pause dinkes may send again.
      expect((await comment(disdik, 9)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await comment(dinkes, 10)).status).toBe(200);
      await logged(configured, { event: 'commands.rate-limited', userId: dinkes.user.id });
    });

    it('answers Retry-After in the header too', async () => {
      const putr = await ApiClient.login(configured.url, 'putr');
      const send = () =>
        fetch(`${configured.url}/api/boards/${BOARD}/commands`, {
          method: 'POST',
          headers: { authorization: `Bearer ${putr.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            commandId: crypto.randomUUID(),
            type: 'CommentOnProgram',
            baseRevision: 0,
            data: {},
          }),
        });
      // Refused commands (400 here) still spend a token: a flood of invalid ones is limited too.
      const answers = await Promise.all(Array.from({ length: 6 }, send));
      const limited = answers.find((r) => r.status === 429);
      expect(answers.map((r) => r.status)).toContain(400);
      expect(limited?.headers.get('retry-after')).toBe('1');
    });
  });

  describe('the security log', () => {
    it('records 401s and 403s with who and where, never a token', async () => {
      const inspektorat = await ApiClient.login(plain.url, 'inspektorat');
      const denied = await inspektorat.command(
        BOARD,
        'CommentOnProgram',
        { programId: PROGRAM, text: 'x' },
        0,
      );
      expect(denied.status).toBe(403);
      expect((await fetch(`${plain.url}/api/boards?x=1`)).status).toBe(401);
      const badToken = await handshake(plain.url, 'not-a-token');
      expect(badToken).toMatch(/^refused/);
      await logged(plain, { event: 'socket.unauthorized' });
      await logged(plain, { event: 'auth.unauthorized', path: '/api/boards' });
      const log = securityLog(plain);
      expect(log).toContainEqual(
        expect.objectContaining({
          event: 'permission.denied',
          status: 403,
          username: 'inspektorat',
          role: 'auditor',
          path: `/api/boards/${BOARD}/commands`,
        }),
      );
      expect(log).toContainEqual(
        expect.objectContaining({ event: 'auth.unauthorized', status: 401, path: '/api/boards' }),
      );
      expect(plain.logs.join('\n')).not.toContain(inspektorat.token);
    });

    it('nothing in the run was logged as an error', () => {
      for (const server of [plain, configured]) {
        expect(server.logs.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
      }
    });
  });
});

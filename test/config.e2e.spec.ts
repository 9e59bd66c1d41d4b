import { createHmac } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BoardResponse, ErrorResponse, HealthResponse } from '@selaras/shared';
import { ApiClient, join } from './support/api-client';
import { filesContaining } from './support/data-dir';
import { isRunning, launchReady, launchServer } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

/**
 * Production safety and restarts, against the real server process: what it refuses to start with, what
 * a production start does not have (demo accounts, the demo board), and that a clean stop and a restart
 * on the same data directory lose nothing (not even a session, outside production).
 */

jest.setTimeout(60_000);

const DEMO_BOARD = 'banyuasin-2025-2029';
const SECRET = 'uji-konfigurasi-rahasia-0123456789abcdef'; // 39 characters
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

function forgeToken(claims: object, secret: string): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function login(url: string, username: string, password = 'selaras') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as ErrorResponse };
}

describe('configuration and production safety', () => {
  const dirs: Array<ReturnType<typeof tempDataDir>> = [];
  const running: ServerProcess[] = [];
  const newDir = () => {
    const d = tempDataDir();
    dirs.push(d);
    return d.dir;
  };

  afterAll(async () => {
    await Promise.all(running.map((s) => s.kill()));
    dirs.forEach((d) => d.cleanup());
  });

  describe('refuses to start', () => {
    it('in production without SELARAS_TOKEN_SECRET, naming it, and writes no secret or store', async () => {
      const dir = newDir();
      const launch = await launchServer(dir, { NODE_ENV: 'production', SELARAS_TOKEN_SECRET: undefined });
      if (launch.kind === 'ready') running.push(launch.server);
      expect(launch.kind).toBe('exited');
      if (launch.kind !== 'exited') return;
      expect(launch.code).not.toBe(0);
      expect(launch.code).not.toBeNull();
      expect(launch.output).toContain('SELARAS_TOKEN_SECRET');
      expect(launch.output).not.toMatch(STACK_LINE);
      expect(existsSync(path.join(dir, 'token-secret'))).toBe(false);
      expect(existsSync(path.join(dir, 'selaras.sqlite'))).toBe(false);
    });

    it('in production with a secret shorter than 32 characters', async () => {
      const launch = await launchServer(newDir(), {
        NODE_ENV: 'production',
        SELARAS_TOKEN_SECRET: 'x'.repeat(31),
      });
      if (launch.kind === 'ready') running.push(launch.server);
      expect(launch).toMatchObject({ kind: 'exited', code: 1 });
      expect(launch.kind === 'exited' && launch.output).toContain('SELARAS_TOKEN_SECRET');
    });

    it('in production with SELARAS_DEMO=true, even with a proper secret', async () => {
      const launch = await launchServer(newDir(), {
        NODE_ENV: 'production',
        SELARAS_DEMO: 'true',
        SELARAS_TOKEN_SECRET: SECRET,
      });
      if (launch.kind === 'ready') running.push(launch.server);
      expect(launch).toMatchObject({ kind: 'exited', code: 1 });
      if (launch.kind !== 'exited') return;
      expect(launch.output).toContain('SELARAS_DEMO');
      // It says how to make the first real account instead (the accounts work's user command).
      expect(launch.output).toContain('npm run user -- add --role sekretariat');
      expect(launch.output).not.toContain('Selaras siap');
      expect(launch.output).not.toMatch(STACK_LINE);
    });

    it('with a KurrentDB connection string that turns append failures into answers', async () => {
      const launch = await launchServer(newDir(), {
        SELARAS_STORE: 'kurrentdb',
        SELARAS_KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false&throwOnAppendFailure=false',
      });
      if (launch.kind === 'ready') running.push(launch.server);
      expect(launch).toMatchObject({ kind: 'exited', code: 1 });
      if (launch.kind !== 'exited') return;
      expect(launch.output).toContain('throwOnAppendFailure');
      expect(launch.output).not.toMatch(STACK_LINE);
    });

    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['NODE_ENV', 'staging'],
      ['SELARAS_DEMO', 'yes'],
    ])('with %s=%s, exiting non-zero with a readable message naming it', async (name, value) => {
      const launch = await launchServer(newDir(), { [name]: value });
      if (launch.kind === 'ready') running.push(launch.server);
      expect(launch).toMatchObject({ kind: 'exited', code: 1 });
      if (launch.kind !== 'exited') return;
      expect(launch.output).toContain('Invalid configuration');
      expect(launch.output).toMatch(new RegExp(`^\\s*${name}: \\S`, 'm'));
      expect(launch.output).not.toMatch(STACK_LINE);
    });
  });

  describe('in production with a proper secret', () => {
    let dir: string;
    let server: ServerProcess;
    let output: () => string;

    beforeAll(async () => {
      dir = newDir();
      ({ server, output } = await launchReady(dir, {
        NODE_ENV: 'production',
        SELARAS_TOKEN_SECRET: SECRET,
      }));
      running.push(server);
    });

    it('starts with demo off', async () => {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
      expect((await res.json()) as HealthResponse).toMatchObject({ status: 'ok', demo: false });
      expect(output()).not.toContain('Mode demo');
      expect(output()).not.toContain('kata sandi');
      // No account exists yet: the start-up says how to create the first one.
      expect(output()).toContain('Belum ada akun');
      expect(output()).toContain('npm run user -- add --role sekretariat');
    });

    it('has no demo accounts: sekretariat/selaras and the others are 401', async () => {
      for (const username of ['sekretariat', 'dinkes', 'inspektorat', 'layar']) {
        const res = await login(server.url, username);
        expect([username, res.status]).toEqual([username, 401]);
        expect(res.body.message).toBeTruthy();
      }
    });

    it('refuses reads without a token, and a correctly signed token for a demo account', async () => {
      const anonymous = await fetch(`${server.url}/api/boards`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as ErrorResponse).message).toBeTruthy();
      // Even a token signed with the real secret names no account that exists in production.
      const now = Math.floor(Date.now() / 1000);
      const forged = forgeToken(
        {
          sub: 'u-sekretariat',
          username: 'sekretariat',
          name: 'Sekretariat Bappeda',
          role: 'sekretariat',
          opdId: 'bappeda',
          iss: 'selaras',
          iat: now,
          exp: now + 600,
        },
        SECRET,
      );
      const res = await fetch(`${server.url}/api/boards/${DEMO_BOARD}`, {
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(res.status).toBe(401);
    });

    it('does not show the demo accounts on its start page', async () => {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBeLessThan(500);
      const page = await res.text();
      expect(page).not.toContain('Akun demo');
      expect(page).not.toContain(DEMO_BOARD);
    });

    it('keeps its secret out of the data dir, and no demo board exists there, even after a restart', async () => {
      expect(existsSync(path.join(dir, 'token-secret'))).toBe(false);
      expect(await server.stop()).toBe(0);
      expect(existsSync(path.join(dir, 'selaras.sqlite'))).toBe(true);
      expect(filesContaining(dir, DEMO_BOARD)).toEqual([]);
      expect(filesContaining(dir, SECRET)).toEqual([]);
      // Restarted on the same directory: it loads no board at all.
      const again = await launchReady(dir, { NODE_ENV: 'production', SELARAS_TOKEN_SECRET: SECRET });
      running.push(again.server);
      const loaded = again.server.logs
        .map((line) => {
          try {
            return JSON.parse(line) as { msg?: string; boards?: number };
          } catch {
            return undefined;
          }
        })
        .find((entry) => entry?.msg === 'boards loaded');
      expect(loaded).toMatchObject({ boards: 0 });
      expect(await again.server.stop()).toBe(0);
      expect(filesContaining(dir, DEMO_BOARD)).toEqual([]);
    });
  });

  describe('a clean stop and a restart on the same data directory', () => {
    it('SIGTERM exits 0; the board, its history and an earlier token survive the restart', async () => {
      const dir = newDir();
      const first = await launchReady(dir);
      running.push(first.server);
      const dinkes = await ApiClient.login(first.server.url, 'dinkes');
      const base = await dinkes.revision(DEMO_BOARD);
      const res = await dinkes.command(
        DEMO_BOARD,
        'CommentOnProgram',
        { programId: 'dinkes-1-02-02', text: 'Sebelum dimulai ulang' },
        base,
      );
      expect(res.status).toBe(200);
      const before = (await dinkes.get<BoardResponse>(`/api/boards/${DEMO_BOARD}`)).body;
      expect(before.revision).toBe(base + 1);

      // Outside production the secret is kept in the data dir, readable by the owner only.
      const secretFile = path.join(dir, 'token-secret');
      expect(existsSync(secretFile)).toBe(true);
      expect(statSync(secretFile).mode & 0o077).toBe(0);
      expect(filesContaining(dir, DEMO_BOARD).length).toBeGreaterThan(0);

      expect(isRunning(first.server.child)).toBe(true);
      expect(await first.server.stop()).toBe(0);
      expect(first.server.child.signalCode).toBeNull();
      expect(first.output()).toContain('shutting down');

      const second = await launchReady(dir);
      running.push(second.server);
      // The token issued by the first process, used against the second.
      const reused = new ApiClient(second.server.url, dinkes.token, dinkes.user);
      const after = await reused.get<BoardResponse>(`/api/boards/${DEMO_BOARD}`);
      expect(after.status).toBe(200);
      expect(after.body.revision).toBe(before.revision);
      expect(after.body.headHash).toBe(before.headHash);
      expect(after.body).toEqual(before);
      // It writes, and it opens a live socket.
      const write = await reused.command(
        DEMO_BOARD,
        'CommentOnProgram',
        { programId: 'dinkes-1-02-02', text: 'Sesudah dimulai ulang' },
        after.body.revision,
      );
      expect(write.status).toBe(200);
      const socket = reused.socket();
      try {
        expect(await join(socket, DEMO_BOARD, after.body.revision)).toEqual({
          revision: before.revision + 1,
        });
      } finally {
        socket.disconnect();
      }
      expect(await second.server.stop()).toBe(0);

      // A different data dir has its own secret: the token means nothing there.
      const elsewhere = await launchReady(newDir());
      running.push(elsewhere.server);
      const stranger = new ApiClient(elsewhere.server.url, dinkes.token, dinkes.user);
      expect((await stranger.get('/api/boards')).status).toBe(401);
      expect(await elsewhere.server.stop()).toBe(0);
    });
  });
});

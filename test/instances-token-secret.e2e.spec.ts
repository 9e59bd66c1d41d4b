import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { stopInstances } from './support/instances';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';
import { userCli } from './support/user-cli';

jest.setTimeout(120_000);

const PASSWORD = 'kata-sandi-awal-1';

/** Issue 12: several servers starting at the same moment on a new data directory (a fresh install). */
describe('instances started together on an empty data directory', () => {
  const data = tempDataDir();
  let servers: ServerProcess[] = [];
  afterAll(async () => {
    await stopInstances(servers);
    data.cleanup();
  });

  it('agree on one token secret: a session from one is valid on all', async () => {
    servers = await Promise.all([1, 2, 3].map(() => startServer(data.dir, { SELARAS_DEMO: 'false' })));
    const secrets = readdirSync(data.dir).filter((name) => name.includes('token-secret'));
    expect(secrets).toEqual(['token-secret']);
    userCli(
      data.dir,
      [
        'add',
        '--username',
        'kepala.bappeda',
        '--name',
        'Kepala Bidang',
        '--role',
        'sekretariat',
        '--opd',
        'bappeda',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    const admin = await ApiClient.login(servers[0]!.url, 'kepala.bappeda', PASSWORD);
    for (const server of servers)
      expect((await new ApiClient(server.url, admin.token, admin.user).get('/api/auth/me')).status).toBe(200);
  });
});

describe('the local token secret', () => {
  const data = tempDataDir();
  afterAll(() => data.cleanup());

  it('is the same for twelve processes that load the configuration at the same instant', async () => {
    const config = path.resolve(__dirname, '..', 'server', 'dist', 'config', 'config.js');
    // Each process loads the code, sleeps until the same wall-clock instant, then reads (or makes) the secret.
    const at = Date.now() + 4000;
    const script = `const { loadConfig } = require(${JSON.stringify(config)}); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ${at} - Date.now())); process.stdout.write(loadConfig().tokenSecret)`;
    const secrets = await Promise.all(
      Array.from(
        { length: 12 },
        () =>
          new Promise<string>((resolve, reject) =>
            execFile(
              process.execPath,
              ['-e', script],
              { env: { PATH: process.env.PATH, SELARAS_DATA_DIR: data.dir, NODE_ENV: 'test' } },
              (error, stdout) => (error ? reject(error) : resolve(stdout)),
            ),
          ),
      ),
    );
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(secrets).size).toBe(1);
    expect(readdirSync(data.dir)).toEqual(['token-secret']);
  });
});

// What the server prints: JSON lines for machines (production, tests; one summary instead of a line
// per Nest route), and readable lines for a person at `npm start` (development), with the demo
// accounts banner.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchReady } from './support/server-launch';
import { tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const MAIN = path.resolve(__dirname, '..', 'server', 'dist', 'main.js');

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};

test('JSON lines by default outside development: no line per route, one ready line that counts them', async () => {
  const data = tempDataDir();
  const { server, output } = await launchReady(data.dir);
  try {
    const lines = server.logs
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => /Mapped \{/.test(String(l.msg)))).toEqual([]);
    expect(lines.filter((l) => l.context === 'InstanceLoader')).toEqual([]);
    const ready = lines.find((l) => String(l.msg).startsWith('Selaras siap'));
    expect(ready?.routes).toBeGreaterThan(20);
    expect(output()).not.toMatch(/RouterExplorer/);
  } finally {
    await server.stop();
    data.cleanup();
  }
});

test('development (as npm start): readable lines, the mappings at debug only, the demo banner', async () => {
  const data = tempDataDir();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('SELARAS_') && key !== 'NODE_ENV') env[key] = value;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1', SELARAS_DATA_DIR: data.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    const deadline = Date.now() + 30_000;
    while (!/Mode demo/.test(stderr) || !/Selaras siap/.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`not ready:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = stdout.split('\n').filter((l) => l.trim());
    expect(lines.filter(isJson)).toEqual([]);
    // "06:31:02 INFO: Selaras siap di http://… {…}": time, level, message on one line.
    expect(lines.find((l) => l.includes('Selaras siap'))).toMatch(
      /^\[?\d{2}:\d{2}:\d{2}\]? INFO.*Selaras siap di http/,
    );
    expect(stdout).not.toMatch(/Mapped \{/);
    expect(lines.length).toBeLessThan(10);
    expect(stderr).toContain('Mode demo — akun: sekretariat, dinkes');
    expect(stderr).toContain('kata sandi: selaras');
  } finally {
    child.kill('SIGTERM');
    await exited;
    data.cleanup();
  }
});

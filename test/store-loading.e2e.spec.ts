import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchServer } from './support/server-launch';
import { tempDataDir } from './support/server-process';

/**
 * The embedded mode must never load the KurrentDB client or its native addon (DESIGN.md §2). The real
 * server process is started with a preload that writes every module it loaded when it exits.
 */
jest.setTimeout(60_000);

const dirs: Array<{ cleanup: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

function preload(): { nodeOptions: string; report: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-modules-'));
  dirs.push({ cleanup: () => rmSync(dir, { recursive: true, force: true }) });
  const report = path.join(dir, 'modules.json');
  const script = path.join(dir, 'report-modules.js');
  writeFileSync(
    script,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, ` +
      'JSON.stringify(Object.keys(require.cache))));\n',
  );
  return { nodeOptions: `--require ${script}`, report };
}

const loaded = (report: string): string[] => JSON.parse(readFileSync(report, 'utf8')) as string[];
const kurrentModules = (modules: string[]) =>
  modules.filter((m) => m.includes(`${path.sep}@kurrent${path.sep}`));

function dataDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d.dir;
}

it('a server on the SQLite store serves requests without loading any @kurrent module', async () => {
  const { nodeOptions, report } = preload();
  const launch = await launchServer(dataDir(), { NODE_OPTIONS: nodeOptions });
  expect(launch.kind).toBe('ready');
  if (launch.kind !== 'ready') return;
  const health = (await (await fetch(`${launch.server.url}/api/health`)).json()) as { store: string };
  expect(health.store).toBe('sqlite');
  expect(await launch.server.stop()).toBe(0);
  const modules = loaded(report);
  expect(modules.some((m) => m.includes('better-sqlite3'))).toBe(true); // the report works
  expect(kurrentModules(modules)).toEqual([]);
});

it('selecting KurrentDB loads the client, and an unreachable server stops the start-up plainly', async () => {
  const { nodeOptions, report } = preload();
  const launch = await launchServer(dataDir(), {
    NODE_OPTIONS: nodeOptions,
    SELARAS_EVENT_STORE: 'kurrentdb',
    SELARAS_KURRENTDB_URL: 'kurrentdb://127.0.0.1:1?tls=false',
  });
  if (launch.kind === 'ready') await launch.server.kill();
  expect(launch).toMatchObject({ kind: 'exited', code: 1 });
  expect(launch.kind === 'exited' && launch.output).toContain('Selaras could not start');
  expect(kurrentModules(loaded(report)).some((m) => m.endsWith('.node'))).toBe(true);
});

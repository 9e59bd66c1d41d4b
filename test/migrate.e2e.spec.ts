import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { EventStore } from '@selaras/server/dist/event-store/event-store.port';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '@selaras/server/dist/tools/synthetic-board';
import { ApiClient } from './support/api-client';
import { startServer, tempDataDir } from './support/server-process';

/**
 * `npm run migrate` as a person runs it (the built CLI, in its own process), SQLite → SQLite: the copy
 * equals the source, a second run copies nothing, a run killed half-way resumes, a tampered target is
 * reported, and a server started on the target serves the same board.
 */
jest.setTimeout(120_000);

const CLI = path.resolve(__dirname, '..', 'server', 'dist', 'tools', 'migrate-cli.js');
const DEMO = 'banyuasin-2025-2029';
const BIG = 'sintetis-besar';
const BIG_EVENTS = 6000;

const dirs: Array<{ dir: string; cleanup: () => void }> = [];
const newDir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d.dir;
};
afterAll(() => dirs.forEach((d) => d.cleanup()));

interface Run {
  code: number | null;
  output: string;
}
function runMigrate(args: string[], onLine?: (line: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line) onLine?.(line, child);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

async function withStore<T>(dir: string, use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite') });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
/**
 * Every event of every stream, without positions (each store numbers its own log), stream by stream:
 * the migration copies the boards, then the accounts, so the order across streams is its own too.
 */
const contents = (dir: string) =>
  withStore(dir, async (store) =>
    (await store.readAll())
      .map(({ position: _p, ...event }) => event)
      .sort((a, b) => a.stream.localeCompare(b.stream) || Number(a.revision - b.revision)),
  );

let source: string;
let sourceBoard: { revision: number; headHash: string };

beforeAll(async () => {
  // A real server seeds the demo board and takes one command; then a big synthetic board is added.
  source = newDir();
  const server = await startServer(source);
  const api = await ApiClient.login(server.url, 'sekretariat');
  const revision = await api.revision(DEMO);
  await api.command(DEMO, 'AddColumn', { title: 'Kolom hasil migrasi' }, revision);
  const account = await api.request('POST', '/api/accounts', {
    username: 'op.migrasi',
    name: 'Operator Migrasi',
    role: 'opd',
    opdId: 'dinkes',
    password: 'kata-sandi-migrasi-1',
  });
  expect(account.status).toBe(201);
  sourceBoard = (await api.get<{ revision: number; headHash: string }>(`/api/boards/${DEMO}`)).body;
  expect(await server.stop()).toBe(0);
  await withStore(source, (store) =>
    generateSyntheticBoard(store, { boardId: BIG, programs: 60, events: BIG_EVENTS }),
  );
});

describe('npm run migrate (SQLite → SQLite)', () => {
  let target: string;

  it('copies every board with ids, order, metadata and hashes, then verifies the chains', async () => {
    target = newDir();
    const run = await runMigrate(['--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`${BIG}: ${BIG_EVENTS} event(s) copied`);
    expect(run.output).toContain(`✓ ${DEMO}: hash chain verified, ${sourceBoard.revision + 1} event(s)`);
    expect(run.output).toContain(
      '2 catalog entries copied, 2 account event(s) and 1 password hash(es); every hash chain verified on the target.',
    );
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('copies nothing the second time', async () => {
    const before = await contents(target);
    const run = await runMigrate(['--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      '2 board(s), 0 event(s) and 0 catalog entries copied, 0 account event(s) and 0 password hash(es)',
    );
    expect(await contents(target)).toEqual(before);
  });

  it('serves the migrated board, and the accounts with their passwords, from a server started on the target', async () => {
    const server = await startServer(target);
    try {
      const api = await ApiClient.login(server.url, 'sekretariat');
      const board = await api.get<{ revision: number; headHash: string }>(`/api/boards/${DEMO}`);
      expect(board.body).toMatchObject(sourceBoard);
      const operator = await ApiClient.login(server.url, 'op.migrasi', 'kata-sandi-migrasi-1');
      expect(operator.user).toMatchObject({ role: 'opd', opdId: 'dinkes' });
    } finally {
      await server.stop();
    }
  });

  it('resumes after being killed half-way, and ends equal to the source', async () => {
    const resumed = newDir();
    const killed = await runMigrate(
      ['--from', `sqlite:${source}`, '--to', `sqlite:${resumed}`, '--page-size', '50'],
      (line, child) => {
        const copied = /sintetis-besar: (\d+) event\(s\) copied/.exec(line);
        if (copied && Number(copied[1]) >= 1000) child.kill('SIGKILL');
      },
    );
    expect(killed.code).toBeNull(); // killed, not finished
    const partial = await withStore(
      resumed,
      async (store) => (await store.readStream(`board-${BIG}`)).length,
    );
    expect(partial).toBeGreaterThanOrEqual(1000);
    expect(partial).toBeLessThan(BIG_EVENTS);
    const run = await runMigrate(['--from', `sqlite:${source}`, '--to', `sqlite:${resumed}`]);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`target at ${partial - 1}`);
    expect(run.output).toContain(`${BIG}: ${BIG_EVENTS - partial} event(s) copied`);
    expect(await contents(resumed)).toEqual(await contents(source));
  });

  it('reports a tampered target with the board and the revision, and exits 1', async () => {
    await withStore(target, async (store) => {
      const db = (store as unknown as { db: { prepare(sql: string): { run(...args: unknown[]): void } } }).db;
      db.prepare(
        "UPDATE events SET data = json_set(data, '$.title', 'diubah') WHERE stream = ? AND revision = 7",
      ).run(`board-${BIG}`);
    });
    const run = await runMigrate(['--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`✗ ${BIG}: hash chain BROKEN at revision 7`);
    expect(run.output).toContain('1 board(s) FAILED verification');
  });

  it('refuses bad arguments with the usage, and a source that does not exist', async () => {
    const missing = await runMigrate(['--from', 'sqlite:/nonexistent/selaras', '--to', `sqlite:${newDir()}`]);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('does not exist');
    const usage = await runMigrate(['--to', 'postgres://x']);
    expect(usage).toMatchObject({ code: 2, output: expect.stringContaining('Usage: npm run migrate') });
  });
});

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { ApiClient } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

/**
 * `npm run backup` and `npm run restore` as an operator runs them (the built CLIs, in their own
 * processes) against a real server under write load: backups taken during a burst, the server killed
 * with SIGKILL mid-write, the last backup restored into a new directory, a server started on it.
 */
jest.setTimeout(180_000);

const TOOLS = path.resolve(__dirname, '..', 'server', 'dist', 'tools');
const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'putr-1-03-10';

function run(
  tool: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(TOOLS, tool), ...args], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe('backup and restore of a running installation (issue 12)', () => {
  const original = tempDataDir();
  const elsewhere = tempDataDir();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    original.cleanup();
    elsewhere.cleanup();
  });

  it('backups during a burst, kill -9 mid-write, the last backup restored: every chain verifies, old passwords and links work', async () => {
    server = await startServer(original.dir, { SELARAS_COMMAND_RATE: '0' });
    const secretariat = await ApiClient.login(server.url, 'sekretariat');
    const created = await secretariat.request('POST', '/api/accounts', {
      username: 'op.cadangan',
      name: 'Operator Cadangan',
      role: 'opd',
      opdId: 'putr',
      password: 'kata-sandi-lama-1',
    });
    expect(created.status).toBe(201);
    const link = await secretariat.request<{ token: string }>('POST', '/api/display-links', {
      boardId: BOARD,
      label: 'Layar Aula',
    });
    expect(link.status).toBe(201);

    const putr = await ApiClient.login(server.url, 'putr');
    const start = await putr.revision(BOARD);
    let acknowledged = start;
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await putr.command<{ revision: number }>(
            BOARD,
            'CommentOnProgram',
            { programId: PROGRAM, text: `w${w}-${i}` },
            start,
            randomUUID(),
          );
          if (res.status === 200) acknowledged = Math.max(acknowledged, res.body.revision);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    const waitFor = async (revision: number) => {
      while (acknowledged < revision) await new Promise((r) => setTimeout(r, 5));
    };

    const backups: Array<{ file: string; acknowledgedBefore: number }> = [];
    await waitFor(start + 50);
    for (let k = 1; k <= 3; k++) {
      const file = path.join(elsewhere.dir, `cadangan-${k}.sqlite`);
      const acknowledgedBefore = acknowledged;
      const backup = await run('backup-cli.js', ['--to', file], { SELARAS_DATA_DIR: original.dir });
      expect([backup.code, backup.output]).toEqual([0, expect.stringContaining('backup complete')]);
      backups.push({ file, acknowledgedBefore });
      await waitFor(acknowledged + 30); // the burst goes on between backups
    }
    const atKill = acknowledged;
    killed = true;
    await server.kill();
    server = undefined;
    await Promise.all(writers);
    const last = backups[backups.length - 1]!;

    // Only into an empty directory: the one the server used is refused, and left as it was.
    const refused = await run('restore-cli.js', ['--from', last.file], { SELARAS_DATA_DIR: original.dir });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('is not empty');
    const notEmpty = path.join(elsewhere.dir, 'tidak-kosong');
    mkdirSync(notEmpty);
    writeFileSync(path.join(notEmpty, 'catatan.txt'), 'x');
    expect((await run('restore-cli.js', ['--from', last.file, '--data-dir', notEmpty], {})).code).toBe(1);

    const restoredDir = path.join(elsewhere.dir, 'pulih');
    const restore = await run('restore-cli.js', ['--from', last.file], { SELARAS_DATA_DIR: restoredDir });
    expect([restore.code, restore.output]).toEqual([0, expect.stringContaining('every hash chain verified')]);

    // Every board's chain, checked again by `npm run verify` (its own process, from the file).
    const boards = await listBoards(restoredDir);
    expect(boards.length).toBeGreaterThan(0);
    for (const boardId of boards) {
      const verified = await run('verify-cli.js', [boardId, '--data-dir', restoredDir], {});
      expect([boardId, verified.code, verified.output]).toEqual([
        boardId,
        0,
        expect.stringContaining(`OK ${boardId}`),
      ]);
    }
    // The backup holds everything acknowledged before it began, and it is exactly the original's
    // history up to its own end (same events, same hashes): a consistent copy, not a mix.
    const restoredEvents = await boardEvents(restoredDir);
    const head = restoredEvents.length - 1;
    expect(head).toBeGreaterThanOrEqual(last.acknowledgedBefore);
    expect(head).toBeLessThanOrEqual(atKill + 6);
    expect((await boardEvents(original.dir)).slice(0, head + 1)).toEqual(restoredEvents);
    expect(existsSync(path.join(restoredDir, 'token-secret'))).toBe(true);

    server = await startServer(restoredDir);
    const restoredOperator = await ApiClient.login(server.url, 'op.cadangan', 'kata-sandi-lama-1');
    expect(restoredOperator.user).toMatchObject({ role: 'opd', opdId: 'putr' });
    const display = new ApiClient(server.url, link.body.token, restoredOperator.user);
    expect((await display.get(`/api/boards/${BOARD}`)).status).toBe(200);
    const board = await restoredOperator.get<{ revision: number }>(`/api/boards/${BOARD}`);
    expect(board.body.revision).toBe(head);
    // The restored board takes new commands on top of the restored chain.
    const next = await restoredOperator.command(
      BOARD,
      'CommentOnProgram',
      { programId: PROGRAM, text: 'Setelah pemulihan' },
      head,
    );
    expect(next.status).toBe(200);
  });
});

async function listBoards(dir: string): Promise<string[]> {
  const store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite') });
  try {
    return (await store.readStream('selaras-boards')).map((e) => (e.data as { boardId: string }).boardId);
  } finally {
    await store.close();
  }
}

async function boardEvents(dir: string) {
  const store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite') });
  try {
    return (await store.readStream(`board-${BOARD}`)).map(({ position: _p, ...event }) => event);
  } finally {
    await store.close();
  }
}

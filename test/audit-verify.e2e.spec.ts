import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { VerifyResponse } from '@selaras/shared';
import Database from 'better-sqlite3';
import { ApiClient } from './support/api-client';
import { BOARD } from './support/audit-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const CLI = path.resolve(__dirname, '..', 'server', 'dist', 'tools', 'verify-cli.js');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

/**
 * Tampering goes straight at the SQLite file with a second connection while the server runs (WAL lets
 * both open it): the verifier reads the store, not the server's memory, so no restart is needed.
 */
type Tamper = (db: Database.Database, stream: string) => void;

const tampers: Array<[string, Tamper, RegExp]> = [
  [
    'an event’s data altered',
    (db, stream) =>
      db
        .prepare(
          "UPDATE events SET data = json_set(data, '$.title', 'Diubah diam-diam') WHERE stream = ? AND revision = 3",
        )
        .run(stream),
    /revisi 3/,
  ],
  [
    'an event deleted',
    (db, stream) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 5').run(stream),
    /revisi 5/,
  ],
  [
    'two events swapped',
    (db, stream) => {
      const swap = db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
      db.transaction(() => {
        swap.run(-1, stream, 7);
        swap.run(7, stream, 8);
        swap.run(8, stream, -1);
      })();
    },
    /revisi 7/,
  ],
];

describe('verification of the hash chain', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: ServerProcess;
  let auditor: ApiClient;

  beforeEach(async () => {
    data = tempDataDir();
    server = await startServer(data.dir);
    auditor = await ApiClient.login(server.url, 'inspektorat');
  });

  afterEach(async () => {
    await server.stop();
    data.cleanup();
  });

  it('an untouched board verifies, and the endpoint and the CLI name the same head hash', async () => {
    const res = await auditor.get<VerifyResponse>(`/api/boards/${BOARD}/verify`);
    const board = await auditor.get<{ revision: number; headHash: string }>(`/api/boards/${BOARD}`);
    expect(res.body).toEqual({
      ok: true,
      revision: board.body.revision,
      headHash: board.body.headHash,
      events: board.body.revision + 1,
    });
    const run = cli(BOARD, '--data-dir', data.dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`head hash ${board.body.headHash}`);
  });

  it.each(tampers)('%s is detected by the endpoint and by the CLI', async (_what, tamper, where) => {
    const db = new Database(path.join(data.dir, 'selaras.sqlite'));
    tamper(db, `board-${BOARD}`);
    db.close();
    const res = await auditor.get<Extract<VerifyResponse, { ok: false }>>(`/api/boards/${BOARD}/verify`);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.reason).toMatch(where);
    expect(res.body.reasonEn).toMatch(/revision/);
    const run = cli(BOARD, '--data-dir', data.dir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(where);
  });

  it('the last event removed: the chain left is whole, but the server knows it had more', async () => {
    const db = new Database(path.join(data.dir, 'selaras.sqlite'));
    db.prepare(
      'DELETE FROM events WHERE stream = ? AND revision = (SELECT MAX(revision) FROM events WHERE stream = ?)',
    ).run(`board-${BOARD}`, `board-${BOARD}`);
    db.close();
    const res = await auditor.get<Extract<VerifyResponse, { ok: false }>>(`/api/boards/${BOARD}/verify`);
    expect(res.body).toMatchObject({ ok: false });
    expect(res.body.reasonEn).toMatch(/missing from the store/);
  });

  it('the CLI says how to use it (exit code 2)', () => {
    expect(cli().code).toBe(2);
    expect(cli('papan-tidak-ada', '--data-dir', data.dir).code).toBe(2);
    expect(cli(BOARD, '--data-dir', path.join(data.dir, 'tidak-ada')).code).toBe(2);
  });
});

// `npm run import` against the data directory of a running server: the same planner and command path,
// safe beside the server (same SQLite file, appends with the expected revision), which picks up the
// CLI's events from the store.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { SAMPLE_OPDS } from '../server/src/import/sample-tables';
import { board, createRincianBoard, sampleFile } from './support/import-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(120_000);

const CLI = path.resolve(__dirname, '..', 'server', 'dist', 'tools', 'import-cli.js');

function runCli(dataDir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('SELARAS_')) env[k] = v;
  Object.assign(env, { NODE_ENV: 'test', SELARAS_DATA_DIR: dataDir });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run import', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let sekretariat: ApiClient;
  const boardId = 'impor-cli';
  let csv: string;

  beforeAll(async () => {
    server = await startServer(data.dir);
    sekretariat = await ApiClient.login(server.url, 'sekretariat');
    await createRincianBoard(sekretariat, boardId);
    csv = path.join(data.dir, 'renstra-dinkes.csv');
    writeFileSync(csv, (await sampleFile([SAMPLE_OPDS.dinkes!], 'csv')).bytes);
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  it('--dry-run previews and writes nothing', async () => {
    const before = (await board(sekretariat, boardId)).revision;
    const run = await runCli(data.dir, ['--board', boardId, '--file', csv, '--as', 'dinkes', '--dry-run']);
    expect([run.code, run.out]).toEqual([0, expect.stringContaining('baru')]);
    expect(run.out).toContain('--dry-run: tidak ada yang ditulis');
    expect((await board(sekretariat, boardId)).revision).toBe(before);
  });

  it('imports beside the running server, which sees the events; the same file again changes nothing', async () => {
    const before = (await board(sekretariat, boardId)).revision;
    const run = await runCli(data.dir, ['--board', boardId, '--file', csv, '--as', 'dinkes']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Selesai (done)');
    let programs: string[] = [];
    await (async () => {
      for (let i = 0; i < 100 && programs.length === 0; i++) {
        programs = Object.values((await board(sekretariat, boardId)).board.programs).map((p) => p.opdId);
        if (programs.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    expect(new Set(programs)).toEqual(new Set(['dinkes']));
    const after = await board(sekretariat, boardId);
    expect(after.revision).toBeGreaterThan(before);
    const events = await sekretariat.get<{ events: Array<{ meta: { actor: { id: string } } }> }>(
      `/api/boards/${boardId}/events?after=${before}`,
    );
    expect(new Set(events.body.events.map((e) => e.meta.actor.id))).toEqual(new Set(['u-dinkes']));
    expect((await sekretariat.get<{ ok: boolean }>(`/api/boards/${boardId}/verify`)).body.ok).toBe(true);
    // The server still writes after the CLI did.
    const p = Object.values(after.board.programs)[0]!;
    expect(
      (
        await sekretariat.command(
          boardId,
          'ReviseProgram',
          { programId: p.id, changes: { notes: 'setelah CLI' } },
          after.revision,
        )
      ).status,
    ).toBe(200);

    const again = await runCli(data.dir, ['--board', boardId, '--file', csv, '--as', 'dinkes']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('perintah (commands): 0');
  });

  it('exit codes: errors 1, usage 2, mapping 3', async () => {
    const auditor = await runCli(data.dir, ['--board', boardId, '--file', csv, '--as', 'inspektorat']);
    expect(auditor.code).toBe(1);
    expect(auditor.out).toContain('Forbidden');
    expect((await runCli(data.dir, ['--file', csv])).code).toBe(2);
    expect((await runCli(data.dir, ['--board', boardId, '--file', csv, '--warna'])).code).toBe(2);
    const odd = path.join(data.dir, 'peta.csv');
    writeFileSync(odd, 'Kode;Nama;Alokasi TA depan;OPD\n1.02.03;PROGRAM;5;Dinas Kesehatan\n');
    const unmapped = await runCli(data.dir, ['--board', boardId, '--file', odd]);
    expect(unmapped.code).toBe(3);
    expect(unmapped.out).toContain('2 (C) "Alokasi TA depan"');
    const mapped = await runCli(data.dir, [
      '--board',
      boardId,
      '--file',
      odd,
      '--mapping',
      '2=pagu.2026',
      '--dry-run',
    ]);
    expect([mapped.code, mapped.out]).toEqual([0, expect.stringContaining('baru 1')]);
  });
});

// Import over HTTP against the real server: preview writes nothing, the mapping step, confirm through
// the ordinary command path, re-importing changes nothing, an OPD imports only for itself, the
// secretariat for anyone, a preview the board moved away from is refused whole, retries add nothing.
import {
  type ImportPreview,
  type ImportProgressLine,
  type ImportResult,
  type RecordedEvent,
  formatIdNumber,
} from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { SAMPLE_OPDS } from '../server/src/import/sample-tables';
import { board, confirm, createRincianBoard, preview, sampleFile, upload } from './support/import-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(90_000);

describe('import over HTTP', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let sekretariat: ApiClient;
  let dinkes: ApiClient;
  let auditor: ApiClient;
  let boards = 0;
  const newBoard = async () => {
    const id = `impor-${++boards}`;
    await createRincianBoard(sekretariat, id);
    return id;
  };

  beforeAll(async () => {
    server = await startServer(data.dir);
    sekretariat = await ApiClient.login(server.url, 'sekretariat');
    dinkes = await ApiClient.login(server.url, 'dinkes');
    auditor = await ApiClient.login(server.url, 'inspektorat');
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  afterEach(() => {
    expect(server.logs.filter((l) => l.includes('"unhandled error"'))).toEqual([]);
  });

  it('preview marks every row and writes nothing; confirm applies; the same file again changes nothing', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.dinkes!], 'xlsx');
    const before = await board(dinkes, boardId);
    const first = await preview(dinkes, boardId, file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ needsMapping: false, baseRevision: before.revision, opdId: 'dinkes' });
    expect(first.body.counts).toMatchObject({ total: file.rows.length, new: file.rows.length, error: 0 });
    expect(first.body.commands.length).toBeGreaterThan(0);
    expect((await board(dinkes, boardId)).revision).toBe(before.revision);

    const done = await confirm(dinkes, boardId, file, first.body);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      applied: first.body.commands.length,
      commands: first.body.commands.length,
    });
    const after = await board(dinkes, boardId);
    expect(after.revision).toBe(before.revision + done.body.events);
    const programs = Object.values(after.board.programs);
    expect(programs.map((p) => p.opdId)).toEqual(['dinkes']);
    const subs = Object.values(programs[0]!.kegiatan ?? {}).flatMap((k) => Object.keys(k.subKegiatan));
    expect(subs).toHaveLength(2 * 2);
    // The events carry the importing person and ids derived from the import.
    const events = await dinkes.get<{ events: RecordedEvent[] }>(
      `/api/boards/${boardId}/events?after=${before.revision}`,
    );
    expect(new Set(events.body.events.map((e) => e.meta.actor.id))).toEqual(new Set([dinkes.user.id]));
    expect(events.body.events.map((e) => e.meta.commandId)).toEqual(
      expect.arrayContaining(first.body.commands.map((c) => c.commandId)),
    );

    const again = await preview(dinkes, boardId, file);
    expect(again.body.counts).toMatchObject({ unchanged: file.rows.length, new: 0, changed: 0, error: 0 });
    expect(again.body.commands).toEqual([]);
    const noop = await confirm(dinkes, boardId, file, again.body);
    expect(noop.body).toMatchObject({ status: 'done', commands: 0, events: 0 });
    expect((await board(dinkes, boardId)).revision).toBe(after.revision);
  });

  it('asks for the mapping of an unknown column, then plans with it', async () => {
    const boardId = await newBoard();
    const csv = (header: string) =>
      Buffer.from(`Kode;Program/Kegiatan;${header};OPD\r\n1.02.02;PROGRAM;1.250.000.000;Dinas Kesehatan\r\n`);
    const file = { bytes: csv('Alokasi TA depan'), name: 'peta.csv' };
    const unmapped = await preview(sekretariat, boardId, file);
    expect(unmapped.body).toMatchObject({ needsMapping: true, unmapped: [2], rows: [] });
    expect(unmapped.body.columns[2]).toMatchObject({
      header: 'Alokasi TA depan',
      samples: ['1.250.000.000'],
    });
    const refused = await confirm(sekretariat, boardId, file, unmapped.body);
    expect([refused.status, refused.body.error]).toEqual([400, 'MappingRequired']);
    const mapping = JSON.stringify({ '2': 'pagu.2026' });
    const mapped = await preview(sekretariat, boardId, file, { mapping });
    expect(mapped.body.needsMapping).toBe(false);
    expect(mapped.body.commands[0]).toMatchObject({
      type: 'ProposeProgram',
      data: { pagu: { '2026': 1_250_000_000 } },
    });
    const done = await confirm(sekretariat, boardId, file, mapped.body, { mapping });
    expect(done.body.status).toBe('done');
    // Sending another mapping than the preview's is another plan.
    const other = await confirm(sekretariat, boardId, file, mapped.body, {
      mapping: JSON.stringify({ '2': 'pagu.2027' }),
    });
    expect([other.status, other.body.error]).toEqual([409, 'ImportPlanChanged']);
  });

  it('an OPD imports only for itself; rows of another OPD are errors, refused unless skipped', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.dinkes!, SAMPLE_OPDS.putr!], 'csv');
    const seen = await preview(dinkes, boardId, file, { opdId: 'putr' });
    const errors = seen.body.rows.filter((r) => r.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.flatMap((r) => r.errors.map((e) => e.code)))).toEqual(new Set(['OtherOpd']));
    expect(seen.body.opdId).toBe('dinkes');
    const refused = await confirm(dinkes, boardId, file, seen.body, { opdId: 'putr' });
    expect([refused.status, refused.body.error]).toEqual([400, 'ImportHasErrors']);
    expect(Object.keys((await board(dinkes, boardId)).board.programs)).toEqual([]);
    const skipped = await confirm(dinkes, boardId, file, seen.body, { opdId: 'putr', skipErrors: 'true' });
    expect(skipped.body).toMatchObject({ status: 'done', skippedRows: errors.map((r) => r.row) });
    const opds = Object.values((await board(dinkes, boardId)).board.programs).map((p) => p.opdId);
    expect(new Set(opds)).toEqual(new Set(['dinkes']));
  });

  it('the secretariat imports for every OPD a file names; readers cannot import', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.dinkes!, SAMPLE_OPDS.putr!, SAMPLE_OPDS.disdik!], 'xlsx');
    const seen = await preview(sekretariat, boardId, file);
    expect(seen.body.counts.error).toBe(0);
    const done = await confirm(sekretariat, boardId, file, seen.body);
    expect(done.body.status).toBe('done');
    const opds = Object.values((await board(sekretariat, boardId)).board.programs).map((p) => p.opdId);
    expect(new Set(opds)).toEqual(new Set(['dinkes', 'putr', 'disdik']));
    const auditorTry = await preview(auditor, boardId, file);
    expect([auditorTry.status, (auditorTry.body as unknown as { error: string }).error]).toEqual([
      403,
      'Forbidden',
    ]);
    const layar = await ApiClient.login(server.url, 'layar');
    expect((await preview(layar, boardId, file)).status).toBe(403);
    expect((await preview(sekretariat, boardId, file, { opdId: 'tidak-ada' })).status).toBe(400);
  });

  it('refuses a preview the board has moved away from, whole: nothing is written', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.dinkes!], 'csv');
    await confirm(dinkes, boardId, file, (await preview(dinkes, boardId, file)).body);
    // Everyone's pagu goes up in the file; meanwhile the OPD edits one of those sub-kegiatan by hand.
    const bumped = {
      bytes: Buffer.from(
        file.bytes
          .toString('utf8')
          .replace(
            /;(\d{1,3}(?:\.\d{3})+)(?=;)/g,
            (_, n: string) => `;${formatIdNumber(Number(n.replace(/\./g, '')) + 1000)}`,
          ),
      ),
      name: 'naik.csv',
    };
    const seen = await preview(dinkes, boardId, bumped);
    const changed = seen.body.rows.filter((r) => r.status === 'changed' && r.level === 'subKegiatan');
    expect(changed.length).toBeGreaterThan(1);
    const target = changed[changed.length - 1]!;
    const edit = await dinkes.command(
      boardId,
      'ReviseSubKegiatan',
      { programId: target.programId, code: target.code, changes: { pagu: { '2025': 7 } } },
      seen.body.baseRevision,
    );
    expect(edit.status).toBe(200);
    const revision = (await board(dinkes, boardId)).revision;
    const refused = await confirm(dinkes, boardId, bumped, seen.body);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'ImportConflict' });
    expect((refused.body as unknown as { problems: Array<{ rows: number[] }> }).problems[0]!.rows).toContain(
      target.row,
    );
    expect((await board(dinkes, boardId)).revision).toBe(revision);
    // A fresh preview shows the edit as the "before" and goes through.
    const fresh = await preview(dinkes, boardId, bumped);
    expect(fresh.body.rows.find((r) => r.row === target.row)!.changes).toContainEqual({
      field: 'pagu.2025',
      before: 7,
      after: expect.any(Number),
    });
    expect((await confirm(dinkes, boardId, bumped, fresh.body)).body.status).toBe('done');
  });

  it('a confirm sent twice, even at once, applies once (command ids derived from the import)', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.disdik!], 'xlsx');
    const seen = (await preview(sekretariat, boardId, file)).body;
    const before = (await board(sekretariat, boardId)).revision;
    const [a, b] = await Promise.all([
      confirm(sekretariat, boardId, file, seen),
      confirm(sekretariat, boardId, file, seen),
    ]);
    expect([a.body.status, b.body.status]).toEqual(['done', 'done']);
    const afterBoth = (await board(sekretariat, boardId)).revision;
    const third = await confirm(sekretariat, boardId, file, seen);
    expect(third.body).toMatchObject({ status: 'done', applied: seen.commands.length, events: 0 });
    expect((await board(sekretariat, boardId)).revision).toBe(afterBoth);
    const added = await sekretariat.get<{ events: RecordedEvent[] }>(
      `/api/boards/${boardId}/events?after=${before}`,
    );
    const subAdds = added.body.events.filter((e) => e.type === 'SubKegiatanAdded');
    expect(subAdds).toHaveLength(new Set(subAdds.map((e) => (e.data as { code: string }).code)).size);
    expect(added.body.events).toHaveLength(seen.commands.length);
  });

  it('streams progress lines and the result with Accept: application/x-ndjson', async () => {
    const boardId = await newBoard();
    const file = await sampleFile([SAMPLE_OPDS.dinkes!], 'csv');
    const seen = (await preview(dinkes, boardId, file)).body as ImportPreview;
    const streamed = await upload(
      dinkes,
      boardId,
      'confirm',
      file,
      { baseRevision: String(seen.baseRevision), digest: seen.digest },
      'application/x-ndjson',
    );
    expect(streamed.status).toBe(200);
    const lines = streamed.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ImportProgressLine);
    const last = lines[lines.length - 1]!;
    expect(last).toMatchObject({ kind: 'result', status: 200, result: { status: 'done' } });
    const progress = lines.filter(
      (l): l is Extract<ImportProgressLine, { kind: 'progress' }> => l.kind === 'progress',
    );
    expect(progress[progress.length - 1]).toEqual({
      kind: 'progress',
      done: seen.commands.length,
      total: seen.commands.length,
    });
    expect((last as { result: ImportResult }).result.applied).toBe(seen.commands.length);
  });
});

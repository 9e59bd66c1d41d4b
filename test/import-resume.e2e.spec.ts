// An import that stops half way (issue 11 §3): the chosen semantics is "resume". What ran stays (each
// command is an ordinary, complete event); confirming the same preview again runs the rest, and the
// command ids derived from the import make the applied part no-ops, so nothing is duplicated. A
// conflicting edit that lands during the batch stops it at that row instead of being overwritten.
import { BANYUASIN_OPDS, type ImportPreview, type RecordedEvent, formatIdNumber } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { spreadOpds } from '../server/src/import/sample-tables';
import {
  board,
  confirm,
  createRincianBoard,
  fullNomenclature,
  preview,
  sampleFile,
} from './support/import-fixture';
import { stopInstances } from './support/instances';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(180_000);

const ALL = { programsPerOpd: 99, kegiatanPerProgram: 99, subPerKegiatan: 99 };
const everyBidang = () =>
  spreadOpds(
    fullNomenclature(),
    BANYUASIN_OPDS.map((o) => o.name),
  );

async function allEvents(client: ApiClient, boardId: string, after: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let from = after; ;) {
    const page = await client.get<{ revision: number; events: RecordedEvent[] }>(
      `/api/boards/${boardId}/events?after=${from}&limit=1000`,
    );
    out.push(...page.body.events);
    if (page.body.events.length === 0) return out;
    from = page.body.events[page.body.events.length - 1]!.revision;
  }
}

async function waitForRevision(client: ApiClient, boardId: string, atLeast: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const revision = (await board(client, boardId)).revision;
    if (revision >= atLeast) return revision;
    if (Date.now() > deadline) throw new Error(`board stayed at ${revision}, wanted ${atLeast}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an import that stops half way', () => {
  it('a killed server: the same confirm, sent to a second server process, resumes; nothing is duplicated', async () => {
    const data = tempDataDir();
    const a = await startServer(data.dir);
    let b: ServerProcess | undefined;
    try {
      const boardId = 'impor-mati';
      const viaA = await ApiClient.login(a.url, 'sekretariat');
      await createRincianBoard(viaA, boardId);
      // A second server process on the same data directory (it loads the boards there at start).
      b = await startServer(data.dir);
      const viaB = await ApiClient.login(b.url, 'sekretariat');
      const file = await sampleFile(everyBidang(), 'xlsx', ALL, 1200);
      const seen = (await preview(viaA, boardId, file)).body;
      const total = seen.commands.length;
      expect(total).toBeGreaterThan(1000);
      const running = confirm(viaA, boardId, file, seen).catch((error: unknown) => error);
      const reached = await waitForRevision(viaB, boardId, seen.baseRevision + 100);
      await a.kill();
      await running;
      // B hears of everything A committed through the store (its revision stops moving).
      await waitForRevision(viaB, boardId, reached);
      let stoppedAt = -1;
      for (let seenAt = (await board(viaB, boardId)).revision; seenAt !== stoppedAt;) {
        stoppedAt = seenAt;
        await new Promise((r) => setTimeout(r, 500));
        seenAt = (await board(viaB, boardId)).revision;
      }
      const applied = stoppedAt - seen.baseRevision;
      expect(applied).toBeLessThan(total);

      // A new preview shows where it stopped: the applied rows unchanged, the rest still new.
      const halfway = (await preview(viaB, boardId, file)).body;
      expect(halfway.counts.error).toBe(0);
      expect(halfway.counts.unchanged).toBeGreaterThan(0);
      expect(halfway.counts.new).toBeGreaterThan(0);

      // The first preview, confirmed again on the other process, resumes.
      const resumed = await confirm(viaB, boardId, file, seen);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ status: 'done', applied: total });
      const events = await allEvents(viaB, boardId, seen.baseRevision);
      expect(events).toHaveLength(total);
      expect(resumed.body.events).toBe(total - applied);
      expect(new Set(events.map((e) => e.meta.commandId))).toEqual(
        new Set(seen.commands.map((c) => c.commandId)),
      );
      const subs = events
        .filter((e) => e.type === 'SubKegiatanAdded')
        .map((e) => `${(e.data as { programId: string }).programId}/${(e.data as { code: string }).code}`);
      expect(new Set(subs).size).toBe(subs.length);
      expect((await preview(viaB, boardId, file)).body.commands).toEqual([]);
      const verify = await viaB.get<{ ok: boolean }>(`/api/boards/${boardId}/verify`);
      expect(verify.body.ok).toBe(true);
    } finally {
      await stopInstances(b ? [a, b] : [a]);
      data.cleanup();
    }
  });

  it('a conflicting edit during the batch stops it at that row; the edit is not overwritten', async () => {
    const data = tempDataDir();
    const server = await startServer(data.dir);
    try {
      const boardId = 'impor-bentrok';
      const sekretariat = await ApiClient.login(server.url, 'sekretariat');
      const dinkes = await ApiClient.login(server.url, 'dinkes');
      await createRincianBoard(sekretariat, boardId);
      const file = await sampleFile(everyBidang(), 'csv', ALL, 800);
      const first = (await preview(sekretariat, boardId, file)).body;
      expect((await confirm(sekretariat, boardId, file, first)).body.status).toBe('done');

      // Every pagu in the file goes up by 1.000: one ReviseSubKegiatan per sub-kegiatan row.
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
      const seen: ImportPreview = (await preview(sekretariat, boardId, bumped)).body;
      const last = seen.commands[seen.commands.length - 1]!;
      expect(last.type).toBe('ReviseSubKegiatan');
      expect(seen.commands.length).toBeGreaterThan(300);
      const target = last.data as { programId: string; code: string };

      const running = confirm(sekretariat, boardId, bumped, seen);
      const now = await waitForRevision(sekretariat, boardId, seen.baseRevision + 20);
      // Someone else edits the last sub-kegiatan of the batch while it runs.
      const owner = (await board(sekretariat, boardId)).board.programs[target.programId]!.opdId;
      const editor = owner === 'dinkes' ? dinkes : sekretariat;
      const edit = await editor.command(
        boardId,
        'ReviseSubKegiatan',
        { ...target, changes: { pagu: { '2025': 7 } } },
        now,
      );
      expect(edit.status).toBe(200);
      const stopped = await running;

      expect(stopped.status).toBe(409);
      expect(stopped.body.error).toBe('ImportIncomplete');
      const result = stopped.body.result!;
      expect(result).toMatchObject({ status: 'partial', applied: seen.commands.length - 1 });
      expect(result.failure).toMatchObject({
        commandIndex: seen.commands.length - 1,
        status: 409,
        error: 'conflict',
        rows: last.rows,
      });
      expect(result.remainingRows).toEqual(last.rows);
      // The edit stands; a new preview offers that one row again, with the edit as "before".
      const after = await board(sekretariat, boardId);
      const sub = Object.values(after.board.programs[target.programId]!.kegiatan!)
        .flatMap((k) => Object.values(k.subKegiatan))
        .find((s) => s.code === target.code)!;
      expect(sub.pagu['2025']).toBe(7);
      const again = (await preview(sekretariat, boardId, bumped)).body;
      expect(again.rows.filter((r) => r.status === 'changed').map((r) => r.row)).toEqual(last.rows);
      expect(again.rows.find((r) => r.row === last.rows[0])!.changes).toContainEqual(
        expect.objectContaining({ field: 'pagu.2025', before: 7 }),
      );
      const verify = await sekretariat.get<{ ok: boolean }>(`/api/boards/${boardId}/verify`);
      expect(verify.body.ok).toBe(true);
    } finally {
      await server.stop();
      data.cleanup();
    }
  });
});

import {
  type AuditLogResponse,
  type BoardAtResponse,
  type CompareResponse,
  type ProgramHistoryResponse,
  type RecordedEvent,
  type TimelineResponse,
  boardFrom,
  mulberry32,
} from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { BOARD, allEvents, randomCommands } from './support/audit-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(120_000);

describe('audit and time travel over HTTP', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let sekretariat: ApiClient;
  let auditor: ApiClient;
  let events: RecordedEvent[];

  beforeAll(async () => {
    // It folds at every point of the history, far more than a person asks for in a minute; the heavy-read
    // limit has its own tests (test/multi-instance-limits.e2e.spec.ts).
    server = await startServer(data.dir, { SELARAS_AUDIT_RATE: '0' });
    sekretariat = await ApiClient.login(server.url, 'sekretariat');
    auditor = await ApiClient.login(server.url, 'inspektorat');
    const clients = [
      sekretariat,
      await ApiClient.login(server.url, 'dinkes'),
      await ApiClient.login(server.url, 'putr'),
    ];
    await randomCommands(clients, 150, 42);
    events = await allEvents(auditor);
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  it('?at=N is the fold of the first N + 1 events, for random N', async () => {
    const random = mulberry32(1);
    const points = [0, events.length - 1];
    for (let i = 0; i < 25; i++) points.push(Math.floor(random() * events.length));
    for (const n of points) {
      const res = await auditor.get<BoardAtResponse>(`/api/boards/${BOARD}?at=${n}`);
      expect(res.status).toBe(200);
      expect(res.body.board).toEqual(boardFrom(BOARD, events.slice(0, n + 1)));
      expect(res.body).toMatchObject({ revision: n, headHash: events[n]!.meta.hash, at: events[n]!.meta.at });
      expect(res.body.latestRevision).toBe(events.length - 1);
    }
  });

  it('?asOf= is the board as of the last event at or before that time', async () => {
    const n = Math.floor(events.length / 2);
    const res = await auditor.get<BoardAtResponse>(`/api/boards/${BOARD}?asOf=${events[n]!.meta.at}`);
    const last = events.filter((e) => e.meta.at <= events[n]!.meta.at).at(-1)!;
    expect(res.body.revision).toBe(last.revision);
  });

  it('without a query the live board answers as before', async () => {
    const res = await auditor.get<Record<string, unknown>>(`/api/boards/${BOARD}`);
    expect(Object.keys(res.body).sort()).toEqual(['board', 'headHash', 'revision']);
  });

  it.each([
    ['at=abc', 'ValidationFailed'],
    ['at=-1', 'ValidationFailed'],
    ['at=1.5', 'ValidationFailed'],
    ['at=99999999', 'InvalidPoint'],
    ['asOf=kemarin', 'ValidationFailed'],
    ['asOf=1999-01-01T00:00:00Z', 'InvalidPoint'],
    ['at=1&asOf=2025-02-14', 'ValidationFailed'],
  ])('?%s is a 400 %s in both languages', async (query, error) => {
    const res = await auditor.get<{ error: string; message: string; messageEn: string }>(
      `/api/boards/${BOARD}?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(res.body.message).toBeTruthy();
    expect(res.body.messageEn).toBeTruthy();
  });

  it('compare(from, to) applied to from gives to (programs, stages, archive)', async () => {
    const random = mulberry32(2);
    for (let i = 0; i < 6; i++) {
      const x = Math.floor(random() * events.length);
      const y = Math.floor(random() * events.length);
      const [a, b] = x <= y ? [x, y] : [y, x];
      const diff = (await auditor.get<CompareResponse>(`/api/boards/${BOARD}/compare?from=${a}&to=${b}`))
        .body;
      const from = boardFrom(BOARD, events.slice(0, a + 1));
      const to = boardFrom(BOARD, events.slice(0, b + 1));
      const programs = structuredClone(from.programs) as unknown as Record<string, Record<string, unknown>>;
      for (const p of diff.added)
        programs[p.programId] = { ...p.fields, columnId: p.columnId, archived: false };
      for (const p of diff.archived) programs[p.programId]!.archived = true;
      for (const p of diff.restored) programs[p.programId]!.archived = false;
      for (const p of diff.moved) programs[p.programId]!.columnId = p.toColumnId;
      for (const p of diff.revised)
        for (const c of p.changes)
          if (c.field.startsWith('pagu.'))
            (programs[p.programId]!.pagu as Record<string, unknown>)[c.field.slice(5)] = c.after;
          else programs[p.programId]![c.field] = c.after;
      for (const [id, p] of Object.entries(to.programs)) {
        const got = programs[id]!;
        expect({ columnId: got.columnId, archived: got.archived, code: got.code }).toEqual({
          columnId: p.columnId,
          archived: p.archived,
          code: p.code,
        });
        for (const year of ['2025', '2026', '2027', '2028', '2029'] as const)
          expect((got.pagu as Record<string, unknown>)[year] ?? null).toEqual(p.pagu[year] ?? null);
      }
      expect(diff.from).toEqual({ revision: a, at: events[a]!.meta.at, headHash: events[a]!.meta.hash });
      expect(diff.actors.reduce((n, x) => n + x.events, 0)).toBe(b - a);
    }
  });

  it('the audit log pages newest first with filters; each entry links to its revision', async () => {
    const seen: RecordedEvent[] = [];
    let before = '';
    for (;;) {
      const page = await auditor.get<AuditLogResponse>(
        `/api/boards/${BOARD}/audit?type=ProgramMoved&opd=dinkes&limit=7${before}`,
      );
      expect(page.body.revision).toBe(events.length - 1);
      seen.push(...page.body.entries);
      if (page.body.nextBefore === null) break;
      before = `&before=${page.body.nextBefore}`;
    }
    const moved = events.filter((e) => e.type === 'ProgramMoved');
    expect(seen.map((e) => e.revision)).toEqual(
      moved
        .filter((e) => seen.some((s) => s.revision === e.revision))
        .map((e) => e.revision)
        .reverse(),
    );
    expect(seen.length).toBeGreaterThan(0);
    const mine = (await auditor.get<AuditLogResponse>(`/api/boards/${BOARD}/audit?actor=u-putr&limit=500`))
      .body;
    expect(mine.entries.every((e) => e.meta.actor.id === 'u-putr')).toBe(true);
    expect(mine.entries.length).toBe(events.filter((e) => e.meta.actor.id === 'u-putr').length);
  });

  it('a program history lists every change with before and after, newest first', async () => {
    const res = await auditor.get<ProgramHistoryResponse>(
      `/api/boards/${BOARD}/programs/dinkes-1-02-02/history`,
    );
    const mine = events.filter((e) => (e.data as { programId?: string }).programId === 'dinkes-1-02-02');
    expect(res.body.entries.map((e) => e.revision)).toEqual(mine.map((e) => e.revision).reverse());
    expect((await auditor.get(`/api/boards/${BOARD}/programs/tidak-ada/history`)).status).toBe(404);
  });

  it('the timeline names the meeting and the milestone', async () => {
    const res = await auditor.get<TimelineResponse>(`/api/boards/${BOARD}/timeline`);
    expect(res.body.meetings).toHaveLength(1);
    expect(res.body.meetings[0]).toMatchObject({ meetingId: 'rapat-uji', endedAt: expect.any(String) });
    expect(res.body.milestones.map((m) => m.title)).toEqual(['Kesepakatan sementara']);
  });

  it('RevertProgram brings fields back as a new event; nothing in the past changes', async () => {
    const head = events.length - 1;
    const program = Object.values(boardFrom(BOARD, events).programs).find((p) => !p.archived)!.id;
    // Back to the program as proposed.
    const proposedAt = events.find(
      (e) => e.type === 'ProgramProposed' && e.data.programId === program,
    )!.revision;
    const past = (await auditor.get<BoardAtResponse>(`/api/boards/${BOARD}?at=${proposedAt}`)).body.board
      .programs[program]!;
    await sekretariat.command(
      BOARD,
      'ReviseProgram',
      { programId: program, changes: { notes: 'ditimpa' } },
      head,
    );
    const base = await sekretariat.revision(BOARD);
    const res = await sekretariat.command(
      BOARD,
      'RevertProgram',
      { programId: program, toRevision: proposedAt, parts: ['notes', 'pagu'], reason: 'Sesuai berita acara' },
      base,
    );
    expect([res.status, res.body]).toMatchObject([200, {}]);
    expect(res.body.events[0]).toMatchObject({
      type: 'ProgramRevised',
      data: { revertedTo: proposedAt, reason: 'Sesuai berita acara' },
    });
    const now = (await auditor.get<BoardAtResponse>(`/api/boards/${BOARD}?at=${res.body.revision}`)).body
      .board.programs[program]!;
    expect(now.notes).toBe(past.notes);
    expect((await auditor.get<BoardAtResponse>(`/api/boards/${BOARD}?at=${head}`)).body.board).toEqual(
      boardFrom(BOARD, events),
    );
    const refused = await auditor.command(
      BOARD,
      'RevertProgram',
      { programId: program, toRevision: proposedAt, parts: ['notes'], reason: 'x y z' },
      await auditor.revision(BOARD),
    );
    expect(refused.status).toBe(403);
  });

  it('the display role gets 403 on every audit read; the live board stays open to it', async () => {
    const layar = await ApiClient.login(server.url, 'layar');
    for (const route of [
      `/api/boards/${BOARD}?at=1`,
      `/api/boards/${BOARD}/audit`,
      `/api/boards/${BOARD}/programs/dinkes-1-02-02/history`,
      `/api/boards/${BOARD}/compare?from=0&to=1`,
      `/api/boards/${BOARD}/timeline`,
      `/api/boards/${BOARD}/verify`,
      `/api/boards/${BOARD}/export/audit.csv`,
      `/api/boards/${BOARD}/export/audit.jsonl`,
      `/api/boards/${BOARD}/export/matrix.xlsx`,
      `/api/boards/${BOARD}/export/compare.csv?from=0&to=1`,
    ]) {
      const res = await layar.get<{ error: string; messageEn: string }>(route);
      expect([route, res.status, res.body.error]).toEqual([route, 403, 'Forbidden']);
    }
    expect((await layar.get(`/api/boards/${BOARD}`)).status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import type { BoardResponse, ConflictResponse, ErrorResponse, RecordedEvent } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(30_000);

const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'dinkes-1-02-02';

describe('the HTTP API against a started server', () => {
  let server: ServerProcess;
  let data: ReturnType<typeof tempDataDir>;
  let sekretariat: ApiClient;
  let dinkes: ApiClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startServer(data.dir);
    [sekretariat, dinkes] = await Promise.all([
      ApiClient.login(server.url, 'sekretariat'),
      ApiClient.login(server.url, 'dinkes'),
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    data?.cleanup();
  });

  describe('the client pages', () => {
    it.each(['/', '/papan/banyuasin-2025-2029?opd=dinkes', '/layar/banyuasin-2025-2029', '/papan/x/audit'])(
      'GET and HEAD %s answer the app (link checkers and proxies send HEAD)',
      async (route) => {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(`${server.url}${route}`, { method });
          expect([method, res.status, res.headers.get('content-type')]).toEqual([
            method,
            200,
            expect.stringContaining('text/html'),
          ]);
        }
      },
    );

    it('serves the files beside the page for an hour, the page never from cache, /api/* as JSON 404', async () => {
      const icon = await fetch(`${server.url}/favicon.svg`);
      expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([
        200,
        expect.stringContaining('image/svg+xml'),
        expect.stringContaining('max-age=3600'),
      ]);
      const page = await fetch(`${server.url}/papan/banyuasin-2025-2029`);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const missing = await fetch(`${server.url}/api/tidak-ada`);
      expect([missing.status, missing.headers.get('content-type')]).toEqual([
        404,
        expect.stringContaining('application/json'),
      ]);
    });
  });

  describe('authentication', () => {
    it('reports health without a token', async () => {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', store: 'sqlite', demo: true });
    });

    it('logs in a demo account with its role and OPD', () => {
      expect(dinkes.user).toMatchObject({ role: 'opd', opdId: 'dinkes', name: 'Operator Dinas Kesehatan' });
    });

    it.each([
      [{ username: 'dinkes', password: 'salah' }, 401],
      [{ username: 'tidak-ada', password: 'selaras' }, 401],
      [{ username: 'dinkes' }, 400],
      [{}, 400],
    ])('refuses login %j with %i', async (body, status) => {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(status);
      expect(((await res.json()) as ErrorResponse).message).toBeTruthy();
    });

    it('refuses requests without a valid token', async () => {
      expect((await fetch(`${server.url}/api/boards`)).status).toBe(401);
      const forged = new ApiClient(server.url, 'x.y.z', dinkes.user);
      expect((await forged.get('/api/boards')).status).toBe(401);
    });
  });

  describe('reading', () => {
    it('lists the demo board, marked as sample data', async () => {
      const res =
        await dinkes.get<Array<{ id: string; title: string; revision: number; sample: boolean }>>(
          '/api/boards',
        );
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({ id: BOARD, sample: true, title: expect.stringContaining('Banyuasin') }),
      ]);
    });

    it('returns the board read model with columns and programs', async () => {
      const res = await dinkes.get<BoardResponse>(`/api/boards/${BOARD}`);
      expect(res.status).toBe(200);
      expect(res.body.board.columns.map((c) => c.title)).toContain('Telaah Bappeda');
      expect(res.body.board.programs[PROGRAM]).toMatchObject({ code: '1.02.02', opdId: 'dinkes' });
      expect(res.body.headHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('pages events with exclusive after', async () => {
      const res = await dinkes.get<{ revision: number; events: RecordedEvent[] }>(
        `/api/boards/${BOARD}/events?after=2&limit=3`,
      );
      expect(res.body.events.map((e) => e.revision)).toEqual([3, 4, 5]);
      expect(res.body.events[0]!.meta).toMatchObject({
        actor: expect.objectContaining({ role: expect.any(String) }),
      });
    });

    it.each(['/api/boards/tidak-ada', '/api/boards/tidak-ada/events', '/api/boards/..%2F..%2Fetc'])(
      '404s %s',
      async (route) => {
        expect((await dinkes.get(route)).status).toBe(404);
      },
    );

    it.each(['after=abc', 'limit=0', 'limit=5000', 'after=-5', 'other=1'])(
      '400s events?%s',
      async (query) => {
        const res = await dinkes.get<ErrorResponse>(`/api/boards/${BOARD}/events?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('ValidationFailed');
      },
    );
  });

  describe('bad input changes nothing', () => {
    const raw = (body: string, token = dinkes.token) =>
      fetch(`${server.url}/api/boards/${BOARD}/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });

    it.each([
      ['malformed JSON', '{"commandId":'],
      ['an array', '[]'],
      ['no commandId', JSON.stringify({ type: 'CommentOnProgram', baseRevision: 0, data: {} })],
      [
        'an unknown type',
        JSON.stringify({ commandId: randomUUID(), type: 'DropTable', baseRevision: 0, data: {} }),
      ],
      [
        'invalid data',
        JSON.stringify({
          commandId: randomUUID(),
          type: 'ReviseProgram',
          baseRevision: 0,
          data: { programId: PROGRAM, changes: { pagu: { '2026': -5 } } },
        }),
      ],
      [
        'an unknown field',
        JSON.stringify({
          commandId: randomUUID(),
          type: 'CommentOnProgram',
          baseRevision: 0,
          data: { programId: PROGRAM, text: 'x', extra: 1 },
        }),
      ],
      [
        'a code not in the nomenclature',
        JSON.stringify({
          commandId: randomUUID(),
          type: 'ProposeProgram',
          baseRevision: 0,
          data: { code: '1.02.99', title: 'Program Rekaan', opdId: 'dinkes' },
        }),
      ],
      [
        'a missing program',
        JSON.stringify({
          commandId: randomUUID(),
          type: 'CommentOnProgram',
          baseRevision: 0,
          data: { programId: 'tidak-ada', text: 'x' },
        }),
      ],
      [
        'a baseRevision ahead of the board',
        JSON.stringify({
          commandId: randomUUID(),
          type: 'CommentOnProgram',
          baseRevision: 1e9,
          data: { programId: PROGRAM, text: 'x' },
        }),
      ],
    ])('%s → 400 with a message, no event', async (_what, body) => {
      const before = await dinkes.revision(BOARD);
      const res = await raw(body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as ErrorResponse;
      expect(answer.message.length).toBeGreaterThan(5);
      expect(await dinkes.revision(BOARD)).toBe(before);
    });

    it('an auditor cannot write (403), and nothing is appended', async () => {
      const inspektorat = await ApiClient.login(server.url, 'inspektorat');
      const before = await dinkes.revision(BOARD);
      const res = await inspektorat.command(
        BOARD,
        'CommentOnProgram',
        { programId: PROGRAM, text: 'x' },
        before,
      );
      expect(res.status).toBe(403);
      expect(await dinkes.revision(BOARD)).toBe(before);
    });

    it('a command to a missing board is 404', async () => {
      const res = await dinkes.command('tidak-ada', 'CommentOnProgram', { programId: PROGRAM, text: 'x' }, 0);
      expect(res.status).toBe(404);
    });
  });

  describe('concurrent edits merge instead of last-write-wins', () => {
    it('two people editing different fields of one program at once both land', async () => {
      const base = await dinkes.revision(BOARD);
      const [a, b] = await Promise.all([
        dinkes.command(
          BOARD,
          'ReviseProgram',
          { programId: PROGRAM, changes: { notes: 'Catatan dari Dinkes' } },
          base,
        ),
        sekretariat.command(
          BOARD,
          'ReviseProgram',
          { programId: PROGRAM, changes: { lokasi: ['Betung', 'Rambutan'] } },
          base,
        ),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const board = (await dinkes.get<BoardResponse>(`/api/boards/${BOARD}`)).body;
      expect(board.board.programs[PROGRAM]).toMatchObject({
        notes: 'Catatan dari Dinkes',
        lokasi: ['Betung', 'Rambutan'],
      });
      expect(board.revision).toBe(base + 2);
    });

    it('different years of the pagu merge too', async () => {
      const base = await dinkes.revision(BOARD);
      const [a, b] = await Promise.all([
        dinkes.command(
          BOARD,
          'ReviseProgram',
          { programId: PROGRAM, changes: { pagu: { '2026': 1_500_000_000 } } },
          base,
        ),
        sekretariat.command(
          BOARD,
          'ReviseProgram',
          { programId: PROGRAM, changes: { pagu: { '2027': 2_000_000_000 } } },
          base,
        ),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const program = (await dinkes.get<BoardResponse>(`/api/boards/${BOARD}`)).body.board.programs[PROGRAM]!;
      expect(program.pagu).toMatchObject({ '2026': 1_500_000_000, '2027': 2_000_000_000 });
    });

    it('the same field changed after my base revision is a 409 naming who did it', async () => {
      const base = await dinkes.revision(BOARD);
      const first = await sekretariat.command(
        BOARD,
        'ReviseProgram',
        { programId: PROGRAM, changes: { title: 'Judul versi Bappeda' } },
        base,
      );
      expect(first.status).toBe(200);
      const second = await dinkes.command<ConflictResponse>(
        BOARD,
        'ReviseProgram',
        { programId: PROGRAM, changes: { title: 'Judul versi Dinkes' } },
        base,
      );
      expect(second.status).toBe(409);
      expect(second.body.error).toBe('conflict');
      expect(second.body.message).toContain('Sekretariat Bappeda');
      expect(second.body.conflicts).toHaveLength(1);
      expect(second.body.conflicts[0]).toMatchObject({
        type: 'ProgramRevised',
        data: { changes: { title: 'Judul versi Bappeda' } },
        meta: { actor: { name: 'Sekretariat Bappeda', role: 'sekretariat' } },
      });
      const board = (await dinkes.get<BoardResponse>(`/api/boards/${BOARD}`)).body;
      expect(board.board.programs[PROGRAM]!.title).toBe('Judul versi Bappeda');
      expect(board.revision).toBe(base + 1);
      // Having seen it, the person can choose: with the new base revision the edit lands.
      const retry = await dinkes.command(
        BOARD,
        'ReviseProgram',
        { programId: PROGRAM, changes: { title: 'Judul versi Dinkes' } },
        board.revision,
      );
      expect(retry.status).toBe(200);
    });
  });

  describe('idempotent commands', () => {
    it('a retry with the same commandId returns the first answer and appends nothing', async () => {
      const base = await dinkes.revision(BOARD);
      const commandId = randomUUID();
      const first = await dinkes.command(
        BOARD,
        'CommentOnProgram',
        { programId: PROGRAM, text: 'Sekali saja' },
        base,
        commandId,
      );
      const again = await dinkes.command(
        BOARD,
        'CommentOnProgram',
        { programId: PROGRAM, text: 'Sekali saja' },
        base,
        commandId,
      );
      expect(first.status).toBe(200);
      expect(again).toEqual(first);
      expect(await dinkes.revision(BOARD)).toBe(base + 1);
    });

    it('simultaneous duplicates of one command append once', async () => {
      const base = await dinkes.revision(BOARD);
      const commandId = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          dinkes.command(
            BOARD,
            'CommentOnProgram',
            { programId: PROGRAM, text: 'Serentak' },
            base,
            commandId,
          ),
        ),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(await dinkes.revision(BOARD)).toBe(base + 1);
    });
  });

  it('never answers 500 to odd routes and methods', async () => {
    for (const [method, route] of [
      ['GET', '/api/nothing'],
      ['DELETE', `/api/boards/${BOARD}`],
      ['POST', '/api/boards'],
      ['PUT', `/api/boards/${BOARD}/commands`],
    ] as const) {
      const res = await dinkes.request(method, route);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

import type { BoardResponse, PresenceMember, RecordedEvent } from '@selaras/shared';
import { io } from 'socket.io-client';
import { ApiClient, type BoardSocket, collectEvents, join, waitFor } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(30_000);

const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'disdik-1-01-02';

function contiguous(events: RecordedEvent[], from: number): boolean {
  return events.every((e, i) => e.revision === from + i);
}

describe('live sync over Socket.IO', () => {
  let server: ServerProcess;
  let data: ReturnType<typeof tempDataDir>;
  let disdik: ApiClient;
  let dinkes: ApiClient;
  const sockets: BoardSocket[] = [];
  const open = (client: ApiClient) => {
    const s = client.socket();
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    data = tempDataDir();
    // Bursts of 50 and 60 commands from one user, back to back: above the default per-user rate.
    server = await startServer(data.dir, { SELARAS_COMMAND_RATE: '100000' });
    [disdik, dinkes] = await Promise.all([
      ApiClient.login(server.url, 'disdik'),
      ApiClient.login(server.url, 'dinkes'),
    ]);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.stop();
    data?.cleanup();
  });

  it('refuses a socket without a valid token', async () => {
    const socket = io(server.url, { auth: { token: 'nope' }, transports: ['websocket'], forceNew: true });
    const error = await new Promise<Error & { data?: { error: string } }>((resolve) =>
      socket.on('connect_error', resolve),
    );
    socket.disconnect();
    expect(error.data?.error).toBe('Unauthorized');
  });

  it('answers bad join requests with a clear error', async () => {
    const socket = open(disdik);
    const ask = (payload: unknown) =>
      new Promise<{ error?: string }>((resolve) =>
        socket.emit('board:join', payload as never, resolve as never),
      );
    expect((await ask({ boardId: 'tidak-ada', after: -1 })).error).toBe('BoardNotFound');
    expect((await ask({ boardId: BOARD, after: 'x' })).error).toBe('ValidationFailed');
    expect((await ask(null)).error).toBe('ValidationFailed');
    expect((await ask({ boardId: BOARD, after: 1e9 })).error).toBe('AheadOfBoard');
    // The server is still fine after all that.
    expect((await ask({ boardId: BOARD, after: -1 })).error).toBeUndefined();
  });

  it('joining with after=-1 replays the whole board, in order', async () => {
    const socket = open(disdik);
    const received = collectEvents(socket, BOARD);
    const { revision } = await join(socket, BOARD, -1);
    await waitFor(() => received.length === revision + 1, 5000, 'full replay');
    expect(contiguous(received, 0)).toBe(true);
  });

  it('a command by one OPD reaches the other OPD live', async () => {
    const watcher = open(dinkes);
    const received = collectEvents(watcher, BOARD);
    const { revision } = await join(watcher, BOARD, await dinkes.revision(BOARD));
    const res = await disdik.command(
      BOARD,
      'CommentOnProgram',
      { programId: PROGRAM, text: 'Halo dari Disdik' },
      revision,
    );
    expect(res.status).toBe(200);
    await waitFor(() => received.length === 1, 3000, 'live event');
    expect(received[0]).toMatchObject({
      type: 'ProgramCommented',
      revision: revision + 1,
      meta: { actor: { opdId: 'disdik' } },
    });
  });

  it('a socket that reconnects after 50 missed events gets exactly those, then live ones', async () => {
    const first = open(dinkes);
    const before = collectEvents(first, BOARD);
    const { revision: start } = await join(first, BOARD, await dinkes.revision(BOARD));
    first.disconnect();
    let base = start;
    for (let i = 0; i < 50; i++) {
      const res = await disdik.command(
        BOARD,
        'CommentOnProgram',
        { programId: PROGRAM, text: `Komentar ${i}` },
        base,
      );
      expect(res.status).toBe(200);
      base = (res.body as { revision: number }).revision;
    }
    const again = open(dinkes);
    const received = collectEvents(again, BOARD);
    const lastSeen = before.length ? before[before.length - 1]!.revision : start;
    await join(again, BOARD, lastSeen);
    await waitFor(() => received.length >= 50, 5000, 'catch-up');
    const live = await disdik.command(
      BOARD,
      'CommentOnProgram',
      { programId: PROGRAM, text: 'Langsung' },
      base,
    );
    expect(live.status).toBe(200);
    await waitFor(() => received.length === 51, 3000, 'live after catch-up');
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(51);
    expect(contiguous(received, lastSeen + 1)).toBe(true);
    expect(received.slice(0, 50).map((e) => (e.data as { text: string }).text)).toEqual(
      Array.from({ length: 50 }, (_, i) => `Komentar ${i}`),
    );
  });

  it('a socket joining during a burst of commands misses nothing and gets nothing twice', async () => {
    const base = await disdik.revision(BOARD);
    const burst = (async () => {
      let revision = base;
      for (let i = 0; i < 60; i++) {
        const res = await disdik.command(
          BOARD,
          'CommentOnProgram',
          { programId: PROGRAM, text: `Burst ${i}` },
          revision,
        );
        revision = (res.body as { revision: number }).revision;
      }
      return revision;
    })();
    await new Promise((r) => setTimeout(r, 30));
    const socket = open(dinkes);
    const received = collectEvents(socket, BOARD);
    await join(socket, BOARD, base);
    const end = await burst;
    await waitFor(() => received.length >= end - base, 5000, 'all burst events');
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(end - base);
    expect(contiguous(received, base + 1)).toBe(true);
  });

  it('a client that folds what it receives converges to the server state', async () => {
    const socket = open(dinkes);
    const received = collectEvents(socket, BOARD);
    const { revision } = await join(socket, BOARD, -1);
    await waitFor(() => received.length === revision + 1, 5000, 'replay');
    const { boardFrom } = await import('@selaras/shared');
    const local = boardFrom(BOARD, received);
    const remote = (await dinkes.get<BoardResponse>(`/api/boards/${BOARD}`)).body;
    expect(JSON.parse(JSON.stringify(local))).toEqual(remote.board);
  });

  it('broadcasts presence: who is on the board and which card they have open', async () => {
    const a = open(dinkes);
    const b = open(disdik);
    const seenByA: PresenceMember[][] = [];
    a.on('board:presence', (p) => seenByA.push(p.members));
    await join(a, BOARD, await dinkes.revision(BOARD));
    await join(b, BOARD, await disdik.revision(BOARD));
    const ack = await new Promise<unknown>((resolve) =>
      b.emit('presence:update', { boardId: BOARD, openProgramId: PROGRAM }, resolve),
    );
    expect(ack).toEqual({ ok: true });
    await waitFor(
      () => seenByA.some((m) => m.some((x) => x.opdId === 'disdik' && x.openProgramId === PROGRAM)),
      3000,
      'presence with open card',
    );
    b.disconnect();
    await waitFor(
      () => !seenByA[seenByA.length - 1]!.some((x) => x.openProgramId === PROGRAM),
      3000,
      'presence after the card holder left',
    );
  });
});

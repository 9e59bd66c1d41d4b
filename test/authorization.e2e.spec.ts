// The role matrix over the wire (issue 5): every role against every read endpoint, a representative
// command per rule over HTTP, and joining a board over Socket.IO. The domain matrix itself (role ×
// command) is shared/src/domain/authorization.spec.ts; this shows HTTP and sockets obey it.
import { DEMO_BOARD_ID } from '@selaras/shared';
import { ApiClient, join } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

// Starting the server and four logins (bcrypt) can pass 5 s on a loaded machine.
jest.setTimeout(30_000);

const data = tempDataDir();
let server: ServerProcess;
const clients: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await startServer(data.dir, { SELARAS_COMMAND_RATE: '0' });
  for (const username of ['sekretariat', 'dinkes', 'inspektorat', 'layar'])
    clients[username] = await ApiClient.login(server.url, username);
  const link = await clients.sekretariat!.request<{ token: string }>('POST', '/api/display-links', {
    boardId: DEMO_BOARD_ID,
    label: 'Layar uji',
  });
  clients.link = new ApiClient(server.url, link.body.token, {
    id: '',
    name: '',
    role: 'display',
    opdId: null,
    username: '',
  });
});

afterAll(async () => {
  await server.stop();
  data.cleanup();
});

const B = `/api/boards/${DEMO_BOARD_ID}`;
const P = 'dinkes-1-02-02';
// Allowed (200) or the status a refusal gets, per role: sekretariat, opd (dinkes), auditor, display account, display link.
const reads: Array<[string, [number, number, number, number, number]]> = [
  ['/api/boards', [200, 200, 200, 200, 403]],
  [B, [200, 200, 200, 200, 200]],
  [`${B}/events?after=-1&limit=5`, [200, 200, 200, 200, 200]],
  [`${B}?at=3`, [200, 200, 200, 403, 403]],
  [`${B}/programs/${P}/history`, [200, 200, 200, 403, 403]],
  [`${B}/audit`, [200, 200, 200, 403, 403]],
  [`${B}/compare?from=0&to=5`, [200, 200, 200, 403, 403]],
  [`${B}/timeline`, [200, 200, 200, 403, 403]],
  [`${B}/verify`, [200, 200, 200, 403, 403]],
  [`${B}/export/audit.csv`, [200, 200, 200, 403, 403]],
  ['/api/accounts', [200, 403, 403, 403, 403]],
  ['/api/accounts/events', [200, 403, 200, 403, 403]],
  ['/api/display-links', [200, 403, 403, 403, 403]],
];
const roles = ['sekretariat', 'dinkes', 'inspektorat', 'layar', 'link'] as const;

describe('reads: role × endpoint', () => {
  it.each(reads)('%s', async (route, expected) => {
    const got: number[] = [];
    for (const role of roles) {
      // Raw fetch: exports are CSV, not JSON.
      const res = await fetch(`${server.url}${route}`, {
        headers: { authorization: `Bearer ${clients[role]!.token}` },
      });
      await res.arrayBuffer();
      got.push(res.status);
    }
    expect(got).toEqual(expected);
  });
});

describe('commands over HTTP obey the domain matrix', () => {
  const rows: Array<[string, string, string, unknown, number]> = [
    [
      'an OPD comments on another OPD’s program',
      'dinkes',
      'CommentOnProgram',
      { programId: 'putr-1-03-10', text: 'Catatan' },
      200,
    ],
    [
      'an OPD revises its own program',
      'dinkes',
      'ReviseProgram',
      { programId: P, changes: { notes: 'Catatan Dinkes' } },
      200,
    ],
    [
      'an OPD revises another OPD’s program',
      'dinkes',
      'ReviseProgram',
      { programId: 'putr-1-03-10', changes: { notes: 'x' } },
      403,
    ],
    [
      'an OPD moves its own program into a late stage',
      'dinkes',
      'MoveProgram',
      { programId: P, toColumnId: 'disepakati' },
      403,
    ],
    ['an OPD renames a stage', 'dinkes', 'RenameColumn', { columnId: 'ditunda', title: 'Tunda' }, 403],
    [
      'the secretariat moves any program anywhere',
      'sekretariat',
      'MoveProgram',
      { programId: 'putr-1-03-10', toColumnId: 'disepakati' },
      200,
    ],
    ['an auditor comments', 'inspektorat', 'CommentOnProgram', { programId: P, text: 'x' }, 403],
    ['the display account comments', 'layar', 'CommentOnProgram', { programId: P, text: 'x' }, 403],
    ['a display link comments', 'link', 'CommentOnProgram', { programId: P, text: 'x' }, 403],
  ];
  it.each(rows)('%s', async (_what, role, type, payload, status) => {
    const before = await clients.sekretariat!.revision(DEMO_BOARD_ID);
    const answer = await clients[role]!.command(DEMO_BOARD_ID, type, payload, before);
    expect(answer.status).toBe(status);
    const after = await clients.sekretariat!.revision(DEMO_BOARD_ID);
    // A refusal appends nothing.
    if (status !== 200) expect(after).toBe(before);
    else expect(after).toBeGreaterThan(before);
  });
});

describe('Socket.IO: a socket joins only what its user may read', () => {
  it.each(roles)('%s joins the demo board live', async (role) => {
    const socket = clients[role]!.socket();
    try {
      await expect(join(socket, DEMO_BOARD_ID, -1)).resolves.toMatchObject({ revision: expect.any(Number) });
    } finally {
      socket.close();
    }
  });

  it('a display link cannot join another board', async () => {
    const socket = clients.link!.socket();
    try {
      await expect(join(socket, 'papan-lain', -1)).rejects.toThrow(/Forbidden/);
    } finally {
      socket.close();
    }
  });

  it('a socket without a valid token is refused', async () => {
    const stranger = new ApiClient(server.url, 'bukan-token', {
      id: '',
      name: '',
      role: 'display',
      opdId: null,
      username: '',
    });
    const socket = stranger.socket();
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect((error as Error & { data?: { error: string } }).data?.error).toBe('Unauthorized');
  });
});

describe('the secretariat opens a stage to OPD moves', () => {
  it('an OPD cannot change the setting; once Bappeda opens the stage, the OPD may move its own program there', async () => {
    const revision = await clients.sekretariat!.revision(DEMO_BOARD_ID);
    const byOpd = await clients.dinkes!.command(
      DEMO_BOARD_ID,
      'SetColumnPolicy',
      { columnId: 'ditunda', opdMoves: true },
      revision,
    );
    expect(byOpd.status).toBe(403);
    const refused = await clients.dinkes!.command(
      DEMO_BOARD_ID,
      'MoveProgram',
      { programId: 'dinkes-1-02-03', toColumnId: 'ditunda' },
      revision,
    );
    expect(refused.status).toBe(403);
    const opened = await clients.sekretariat!.command(
      DEMO_BOARD_ID,
      'SetColumnPolicy',
      { columnId: 'ditunda', opdMoves: true },
      revision,
    );
    expect(opened.status).toBe(200);
    const board = await clients.dinkes!.get<{
      board: { columns: Array<{ id: string; opdMoves?: boolean }> };
    }>(B);
    expect(board.body.board.columns.find((c) => c.id === 'ditunda')?.opdMoves).toBe(true);
    const moved = await clients.dinkes!.command(
      DEMO_BOARD_ID,
      'MoveProgram',
      { programId: 'dinkes-1-02-03', toColumnId: 'ditunda' },
      await clients.sekretariat!.revision(DEMO_BOARD_ID),
    );
    expect(moved.status).toBe(200);
  });
});

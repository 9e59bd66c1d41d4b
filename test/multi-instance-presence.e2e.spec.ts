import type { PresenceMember } from '@selaras/shared';
import { ApiClient, type BoardSocket, join, waitFor } from './support/api-client';
import { startInstances, stopInstances } from './support/instances';
import { type ServerProcess, tempDataDir } from './support/server-process';

/**
 * Presence across three real server processes on one data directory (README "Running several
 * instances"): people connected to different instances in one meeting see each other and which card
 * each has open, with the protocol messages of docs/api.md; a leave, and an instance that dies without
 * saying goodbye, reach everyone. The instances share `cluster.sqlite` in the data directory.
 */

jest.setTimeout(90_000);

const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'dinkes-1-02-02';
const OTHER_PROGRAM = 'disdik-1-01-02';
/** A crashed instance's people vanish from the others after this (a short TTL for the test). */
const TTL_SECONDS = 2;

interface Seen {
  members: PresenceMember[];
}

function seen(socket: BoardSocket): Seen {
  const state: Seen = { members: [] };
  socket.on('board:presence', (payload) => {
    if (payload.boardId === BOARD) state.members = payload.members;
  });
  return state;
}

/** Account ids by username, filled in as people log in (members name them by id). */
const usernames = new Map<string, string>();
const byName = (members: PresenceMember[], username: string) =>
  members.find((m) => usernames.get(m.userId) === username);
const summary = (members: PresenceMember[]) =>
  members
    .map((m) => `${usernames.get(m.userId) ?? m.userId}:${m.openProgramId ?? '-'}:${m.connections}`)
    .sort();

describe('presence across three server processes', () => {
  const data = tempDataDir();
  let instances: ServerProcess[];
  const sockets: BoardSocket[] = [];

  beforeAll(async () => {
    instances = await startInstances(3, data.dir, { SELARAS_PRESENCE_TTL: String(TTL_SECONDS) });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stopInstances(instances ?? []);
    data.cleanup();
  });

  /** Logs in on one instance and joins the board over a socket to it. */
  async function connect(instance: number, username: string) {
    const client = await ApiClient.login(instances[instance]!.url, username);
    usernames.set(client.user.id, username);
    const socket = client.socket();
    sockets.push(socket);
    const state = seen(socket);
    await join(socket, BOARD, await client.revision(BOARD));
    return { client, socket, state };
  }

  const waitUntil = (state: Seen, expected: string[], what: string) =>
    waitFor(() => JSON.stringify(summary(state.members)) === JSON.stringify(expected.sort()), 10_000, what);

  it('people on different instances see each other, who has which card open, and who left', async () => {
    const dinkes = await connect(0, 'dinkes');
    const disdik = await connect(1, 'disdik');
    const sekretariat = await connect(2, 'sekretariat');
    const everyone = [dinkes, disdik, sekretariat];
    const all = ['dinkes:-:1', 'disdik:-:1', 'sekretariat:-:1'];
    for (const [i, who] of everyone.entries())
      await waitUntil(who.state, all, `instance ${i} sees all three`);
    expect(byName(dinkes.state.members, 'disdik')).toEqual({
      userId: disdik.client.user.id,
      name: expect.any(String),
      role: 'opd',
      opdId: 'disdik',
      openProgramId: null,
      connections: 1,
    });

    // dinkes (instance 0) opens a card: the others, on instances 1 and 2, see it.
    const ack = await dinkes.socket.timeout(5000).emitWithAck('presence:update', {
      boardId: BOARD,
      openProgramId: PROGRAM,
    });
    expect(ack).toEqual({ ok: true });
    const opened = [`dinkes:${PROGRAM}:1`, 'disdik:-:1', 'sekretariat:-:1'];
    for (const [i, who] of everyone.entries())
      await waitUntil(who.state, opened, `instance ${i} sees the open card`);

    // disdik (instance 1) opens another; sekretariat closes nothing: both show everywhere.
    disdik.socket.emit('presence:update', { boardId: BOARD, openProgramId: OTHER_PROGRAM });
    const both = [`dinkes:${PROGRAM}:1`, `disdik:${OTHER_PROGRAM}:1`, 'sekretariat:-:1'];
    for (const [i, who] of everyone.entries())
      await waitUntil(who.state, both, `instance ${i} sees both cards`);

    // disdik leaves the board (instance 1): the others see it go.
    await disdik.socket.timeout(5000).emitWithAck('board:leave', { boardId: BOARD });
    const left = [`dinkes:${PROGRAM}:1`, 'sekretariat:-:1'];
    await waitUntil(dinkes.state, left, 'instance 0 sees disdik leave');
    await waitUntil(sekretariat.state, left, 'instance 2 sees disdik leave');
    disdik.socket.disconnect();
  });

  it('one person on two instances is one member with two connections; their newest card counts', async () => {
    const watcher = await connect(0, 'inspektorat');
    const first = await connect(1, 'putr');
    const second = await connect(2, 'putr');
    await waitFor(
      () => byName(watcher.state.members, 'putr')?.connections === 2,
      10_000,
      'putr with two connections',
    );
    await first.socket
      .timeout(5000)
      .emitWithAck('presence:update', { boardId: BOARD, openProgramId: PROGRAM });
    await waitFor(
      () => byName(watcher.state.members, 'putr')?.openProgramId === PROGRAM,
      10_000,
      'putr card from instance 1',
    );
    await second.socket
      .timeout(5000)
      .emitWithAck('presence:update', { boardId: BOARD, openProgramId: OTHER_PROGRAM });
    await waitFor(
      () => byName(watcher.state.members, 'putr')?.openProgramId === OTHER_PROGRAM,
      10_000,
      'putr card from instance 2',
    );
    second.socket.disconnect();
    await waitFor(
      () => byName(watcher.state.members, 'putr')?.connections === 1,
      10_000,
      'putr down to one connection',
    );
    first.socket.disconnect();
    await waitFor(() => !byName(watcher.state.members, 'putr'), 10_000, 'putr gone');
  });

  it('an instance that is killed (no goodbye) drops its people from the others within the TTL', async () => {
    const onFirst = await connect(0, 'layar');
    const onKilled = await connect(2, 'disdik');
    await waitFor(
      () => byName(onFirst.state.members, 'disdik') !== undefined,
      10_000,
      'disdik seen from instance 0',
    );
    const killedAt = Date.now();
    await instances[2]!.kill();
    await waitFor(
      () => byName(onFirst.state.members, 'disdik') === undefined,
      (TTL_SECONDS + 8) * 1000,
      'disdik dropped after the crash',
    );
    // Not before the TTL ran out (give or take a heartbeat): the entry lived on its own.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(TTL_SECONDS * 1000 * 0.5);
    onKilled.socket.disconnect();
  });

  it('presence lives outside the event log: no presence event was appended', async () => {
    const client = await ApiClient.login(instances[0]!.url, 'inspektorat');
    const res = await client.get<{ events: Array<{ type: string }> }>(
      `/api/boards/${BOARD}/events?after=-1&limit=1000`,
    );
    expect(res.body.events.filter((e) => /presence/i.test(e.type))).toEqual([]);
  });
});

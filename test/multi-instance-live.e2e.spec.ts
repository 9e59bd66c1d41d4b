import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RecordedEvent } from '@selaras/shared';
import { ApiClient, type BoardSocket, collectEvents, join, waitFor } from './support/api-client';
import { startInstances, stopInstances } from './support/instances';
import { DEMO_BOARD, DEMO_PROGRAMS, burst } from './support/instances-traffic';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';
import { appendForeignEvent, storedBoardEvents } from './support/store-file';

jest.setTimeout(120_000);

const ENV = { SELARAS_COMMAND_RATE: '0' };

/** What a socket got, as revisions: exactly `from..to`, each once, in order, or the first problem. */
function deliveryProblem(received: readonly RecordedEvent[], from: number, to: number): string | undefined {
  const revisions = received.map((e) => e.revision);
  for (let i = 0; i < revisions.length; i++) {
    if (revisions[i] !== from + i) return `expected revision ${from + i} at ${i}, got ${revisions[i]}`;
  }
  if (revisions.length !== to - from + 1) return `got ${revisions.length} events, expected ${to - from + 1}`;
  return undefined;
}

describe('several server processes on one SQLite file: live delivery and recovery', () => {
  let data: ReturnType<typeof tempDataDir>;
  let instances: ServerProcess[] = [];
  const sockets: BoardSocket[] = [];

  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await stopInstances(instances);
    instances = [];
    data.cleanup();
  });

  it('every socket on every instance gets each event exactly once, through stale appends and reloads', async () => {
    instances = await startInstances(3, data.dir, ENV);
    const clients = await Promise.all(instances.map((i) => ApiClient.login(i.url, 'sekretariat')));
    const base = await clients[0]!.revision(DEMO_BOARD);
    const watchers: Array<{ on: number; received: RecordedEvent[] }> = [];
    for (const [on, client] of clients.entries()) {
      for (let k = 0; k < 2; k++) {
        const socket = client.socket();
        sockets.push(socket);
        const received = collectEvents(socket, DEMO_BOARD);
        await join(socket, DEMO_BOARD, base);
        watchers.push({ on, received });
      }
    }
    // A late joiner in the middle of the burst catches up from the store and then goes live.
    let late: { on: number; received: RecordedEvent[] } | undefined;
    const lateJoin = async () => {
      const socket = clients[2]!.socket();
      sockets.push(socket);
      const received = collectEvents(socket, DEMO_BOARD);
      await join(socket, DEMO_BOARD, base);
      late = { on: 2, received };
    };
    let joining: Promise<void> | undefined;
    const sent = await burst(clients, DEMO_BOARD, 240, {
      base,
      workers: 16,
      onSent: (count) => {
        if (count === 80) joining ??= lateJoin();
      },
    });
    await joining;
    const head = base + sent.filter((s) => s.status === 200).length;
    for (const watcher of [...watchers, late!]) {
      await waitFor(() => watcher.received.length >= head - base, 10_000, `socket on ${watcher.on}`).catch(
        () => undefined,
      );
      expect([watcher.on, deliveryProblem(watcher.received, base + 1, head)]).toEqual([
        watcher.on,
        undefined,
      ]);
    }
    expect(sent.filter((s) => s.status !== 200).map((s) => s.status)).toEqual([]);
    // What the sockets got is what the store holds.
    const stored = storedBoardEvents(data.dir, DEMO_BOARD).slice(base + 1);
    expect(watchers[0]!.received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    // The audit side of every instance (its index is fed the same way) agrees with the store.
    for (const client of clients) {
      const audit = await client.get<{ revision: number; entries: RecordedEvent[] }>(
        `/api/boards/${DEMO_BOARD}/audit?limit=5`,
      );
      expect(audit.body.revision).toBe(head);
      expect(audit.body.entries.map((e) => e.id)).toEqual(
        stored
          .slice(-5)
          .reverse()
          .map((e) => e.id),
      );
    }
  });

  it('an event the fold rejects marks that board unhealthy and leaves the other boards live', async () => {
    instances = [await startServer(data.dir, ENV)];
    const first = await ApiClient.login(instances[0]!.url, 'sekretariat');
    const other = 'papan-sehat';
    const created = await first.command(
      other,
      'CreateBoard',
      {
        boardId: other,
        title: 'Papan Sehat',
        nomenclatureVersion: 'kepmendagri-050-5889-2021/program-sample-1',
        columns: [{ id: 'usulan-opd', title: 'Usulan OPD' }],
        opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
        referenceLists: [],
      },
      -1,
    );
    expect(created.status).toBe(200);
    instances.push(await startServer(data.dir, ENV));
    const clients = [first, await ApiClient.login(instances[1]!.url, 'sekretariat')];
    const good = await first.revision(DEMO_BOARD);
    const received: RecordedEvent[][] = [];
    for (const client of clients) {
      const socket = client.socket();
      sockets.push(socket);
      received.push(collectEvents(socket, other));
      await join(socket, other, created.body.revision);
    }
    // A comment on a program the board does not have: stored and chained, but no fold accepts it.
    const bad = appendForeignEvent(data.dir, DEMO_BOARD, {
      type: 'ProgramCommented',
      data: { programId: 'tidak-ada', commentId: 'k-rusak', text: 'Rusak' },
    });
    // The other board keeps going on both instances, live (once the instances have read the bad event).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await clients[1]!.command(
      other,
      'ProposeProgram',
      {
        code: '1.02.02',
        title: 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
        opdId: 'dinkes',
      },
      created.body.revision,
    );
    expect(next.status).toBe(200);
    for (const events of received) {
      await waitFor(() => events.length === 1, 5000, 'live event on the healthy board');
      expect(events[0]!.revision).toBe(created.body.revision + 1);
    }
    for (const client of clients) {
      const health = await client.get<{
        status: string;
        unhealthyBoards: Array<{ boardId: string; revision: number }>;
      }>('/api/health');
      expect(health.status).toBe(200);
      expect(health.body.unhealthyBoards).toEqual([
        expect.objectContaining({ boardId: DEMO_BOARD, revision: bad.revision }),
      ]);
      // The board still reads as it was before the bad event, and says so instead of half applying it.
      expect(await client.revision(DEMO_BOARD)).toBe(good);
      const refused = await client.command(
        DEMO_BOARD,
        'CommentOnProgram',
        { programId: DEMO_PROGRAMS[0], text: 'Setelah rusak' },
        good,
      );
      expect([refused.status, (refused.body as unknown as { error: string }).error]).toEqual([
        503,
        'BoardUnhealthy',
      ]);
    }
  });

  it('a store restored to an older state is served from the store, not from a newer snapshot', async () => {
    instances = [await startServer(data.dir, ENV)];
    let client = await ApiClient.login(instances[0]!.url, 'sekretariat');
    const comment = async (text: string) =>
      client.command(
        DEMO_BOARD,
        'CommentOnProgram',
        { programId: DEMO_PROGRAMS[1], text },
        await client.revision(DEMO_BOARD),
      );
    expect((await comment('Sebelum cadangan')).status).toBe(200);
    await stopInstances(instances);
    const file = path.join(data.dir, 'selaras.sqlite');
    const backup = path.join(data.dir, 'cadangan.sqlite');
    copyFileSync(file, backup);
    const backupRevision = storedBoardEvents(data.dir, DEMO_BOARD).length - 1;
    instances = [await startServer(data.dir, ENV)];
    client = await ApiClient.login(instances[0]!.url, 'sekretariat');
    for (let i = 0; i < 5; i++) expect((await comment(`Sesudah cadangan ${i}`)).status).toBe(200);
    await stopInstances(instances); // writes a snapshot 5 events ahead of the backup
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(backup, file);
    instances = [await startServer(data.dir, ENV)];
    client = await ApiClient.login(instances[0]!.url, 'sekretariat');
    expect(await client.revision(DEMO_BOARD)).toBe(backupRevision);
    const res = await comment('Setelah pemulihan');
    expect([res.status, res.body.revision]).toEqual([200, backupRevision + 1]);
    const verified = await client.get<{ ok: boolean }>(`/api/boards/${DEMO_BOARD}/verify`);
    expect(verified.body.ok).toBe(true);
  });
});

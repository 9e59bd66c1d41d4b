import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Actor,
  type RecordedEvent,
  DEMO_BOARD_ID,
  boardFrom,
  demoBoardSteps,
  chainEvents,
  testActors,
  verifyChain,
} from '@selaras/shared';
import pino from 'pino';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { TimeTravel } from '../audit/time-travel';
import type { AppConfig } from '../config/config';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { BoardSync } from './board-sync';
import { BoardsService } from './boards.service';
import { SNAPSHOT_PAUSE_FACTOR } from './board-sync';
import { nodeSha256 } from './node-sha256';
import { boardStream, toAppend, toRecorded } from './recorded';
import { type BoardSnapshot, SnapshotStore } from './snapshot-store';

const BOARD = DEMO_BOARD_ID;
const PROGRAM = 'dinkes-1-02-02';

/** The service outside Nest, on a real SQLite file: the same code path the HTTP controller uses. */
async function makeService(dir: string, snapshotEvery = 1000) {
  const store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite') });
  const config = { snapshotDir: path.join(dir, 'snapshots'), snapshotEvery } as AppConfig;
  const logger = pino({ level: 'silent' });
  const service = new BoardsService(store, config, logger, new TimeTravel(store, config, logger));
  await service.onModuleInit();
  return { store, service };
}

async function seed(service: BoardsService) {
  for (const step of demoBoardSteps(fullNomenclature())) {
    const outcome = await service.run(BOARD, step.type, step.data, testActors.sekretariat);
    if (outcome.status !== 200) throw new Error(JSON.stringify(outcome.body));
  }
}

/** An event written by "another server" straight into the store, chained onto the current head. */
async function foreignComment(store: SqliteEventStore, actor: Actor, text: string): Promise<RecordedEvent> {
  const [last] = await store.readStream(boardStream(BOARD), { direction: 'backwards', maxCount: 1 });
  const head = toRecorded(last!);
  const [event] = chainEvents(
    [{ type: 'ProgramCommented', data: { programId: PROGRAM, commentId: randomUUID(), text } }],
    { revision: head.revision, hash: head.meta.hash },
    { actor, at: new Date().toISOString(), commandId: randomUUID() },
    randomUUID,
    nodeSha256,
  );
  return event!;
}

/** The store's appends take 30 ms (a slow disk); `failFirst`: the first one then fails. */
function slowAppends(store: SqliteEventStore, options: { failFirst?: boolean } = {}) {
  const append = store.appendToStream.bind(store);
  let calls = 0;
  return jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (options.failFirst && calls++ === 0) throw new Error('disk went away');
    return append(...args);
  });
}

/** The secretariat sets the program's notes, from `baseRevision`. */
function reviseNotes(service: BoardsService, baseRevision: number, notes: string) {
  return service.execute(
    BOARD,
    {
      commandId: randomUUID(),
      type: 'ReviseProgram',
      baseRevision,
      data: { programId: PROGRAM, changes: { notes } },
    },
    testActors.sekretariat,
  );
}

describe('BoardsService', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-boards-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('folds in an event another writer appended while nothing of its own was pending', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const event = await foreignComment(store, testActors.dinkes, 'Dari server lain');
    await store.appendToStream(boardStream(BOARD), [toAppend(event)], {
      expectedRevision: BigInt(event.revision - 1),
    });
    const { state } = service.board(BOARD);
    expect(state.revision).toBe(event.revision);
    expect(state.programs[PROGRAM]!.comments.at(-1)).toMatchObject({ text: 'Dari server lain' });
    await store.close();
  });

  it('re-decides on the new state when another writer got in first (no lost update, chain intact)', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    const foreign = await foreignComment(store, testActors.dinkes, 'Lebih dulu');
    // Queued in the same tick, before our command's append: the store commits it first, our append
    // then finds the stream moved on, and the service reloads and decides again.
    const theirs = store.appendToStream(boardStream(BOARD), [toAppend(foreign)], {
      expectedRevision: BigInt(foreign.revision - 1),
    });
    const ours = service.execute(
      BOARD,
      {
        commandId: randomUUID(),
        type: 'CommentOnProgram',
        baseRevision: base,
        data: { programId: PROGRAM, text: 'Kedua' },
      },
      testActors.sekretariat,
    );
    await theirs;
    const outcome = await ours;
    expect(outcome.status).toBe(200);
    const events = (await store.readStream(boardStream(BOARD))).map(toRecorded);
    expect(events.slice(-2).map((e) => (e.data as { text: string }).text)).toEqual(['Lebih dulu', 'Kedua']);
    expect(verifyChain(events)).toMatchObject({ ok: true, headRevision: base + 2 });
    expect(service.board(BOARD).state.revision).toBe(base + 2);
    await store.close();
  });

  it('restarts from its snapshot plus the events after it, with retries still recognised', async () => {
    const first = await makeService(dir);
    await seed(first.service);
    const base = first.service.board(BOARD).state.revision;
    const envelope = {
      commandId: randomUUID(),
      type: 'CommentOnProgram',
      baseRevision: base,
      data: { programId: PROGRAM, text: 'Sekali' },
    };
    const answer = await first.service.execute(BOARD, envelope, testActors.sekretariat);
    await first.service.onApplicationShutdown(); // writes the snapshot at base + 1
    const later = await foreignComment(first.store, testActors.dinkes, 'Setelah snapshot');
    await first.store.appendToStream(boardStream(BOARD), [toAppend(later)], {
      expectedRevision: BigInt(base + 1),
    });
    const all = (await first.store.readStream(boardStream(BOARD))).map(toRecorded);
    await first.store.close();

    const second = await makeService(dir);
    const loaded = second.service.board(BOARD).state;
    expect(loaded.revision).toBe(base + 2);
    expect(JSON.stringify(loaded) === JSON.stringify(boardFrom(BOARD, all))).toBe(true);
    expect(await second.service.execute(BOARD, envelope, testActors.sekretariat)).toEqual(answer);
    expect(second.service.board(BOARD).state.revision).toBe(base + 2);
    await second.store.close();
  });

  it('paces snapshots by what serialising one costs; one due meanwhile is written when the pause ends', async () => {
    // The real store, its serialisation made as slow as a large board's (5 ms): a pause of ≥ 500 ms.
    const COST_MS = 5;
    const write = SnapshotStore.prototype.write;
    const written: Array<{ revision: number; at: number }> = [];
    const slow = jest.spyOn(SnapshotStore.prototype, 'write').mockImplementation(function (
      this: SnapshotStore,
      snapshot: BoardSnapshot,
    ) {
      const until = performance.now() + COST_MS;
      while (performance.now() < until);
      written.push({ revision: snapshot.revision, at: performance.now() });
      return write.call(this, snapshot);
    });
    try {
      const { store, service } = await makeService(dir, 10);
      await seed(service); // more than 10 events: one snapshot, then the pause
      let base = service.board(BOARD).state.revision;
      for (let i = 0; i < 30; i++) {
        const outcome = await service.execute(
          BOARD,
          {
            commandId: randomUUID(),
            type: 'CommentOnProgram',
            baseRevision: base,
            data: { programId: PROGRAM, text: `K${i}` },
          },
          testActors.sekretariat,
        );
        base = (outcome.body as { revision: number }).revision;
      }
      // Due every 10 events, yet one per pause; the last one is written without any further event.
      const deadline = Date.now() + 5000;
      while (written.at(-1)?.revision !== base && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(written.at(-1)?.revision).toBe(base);
      expect(written.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < written.length; i++)
        expect(written[i]!.at - written[i - 1]!.at).toBeGreaterThanOrEqual(COST_MS * SNAPSHOT_PAUSE_FACTOR);
      await service.onApplicationShutdown();
      await store.close();
    } finally {
      slow.mockRestore();
    }
  });

  it('answers 409 naming the event when the conflicting change is still on its way to the store', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    // Appends take a while: the first edit is still pending when the second is decided.
    const slow = slowAppends(store);
    const [first, second] = await Promise.all([
      reviseNotes(service, base, 'Pertama'),
      reviseNotes(service, base, 'Kedua'),
    ]);
    slow.mockRestore();
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    const conflicts = (second.body as { conflicts: RecordedEvent[] }).conflicts;
    expect(conflicts.map((e) => e.revision)).toEqual([base + 1]);
    expect(conflicts[0]!.data).toMatchObject({ programId: PROGRAM, changes: { notes: 'Pertama' } });
    expect(service.board(BOARD).state.programs[PROGRAM]!.notes).toBe('Pertama');
    await store.close();
  });

  it('decides again when the conflicting change it waited for was never stored', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    // The first append fails (a store that went away for a moment), after the second edit was decided.
    const flaky = slowAppends(store, { failFirst: true });
    const outcomes = await Promise.all([
      reviseNotes(service, base, 'Pertama'),
      reviseNotes(service, base, 'Kedua'),
    ]);
    flaky.mockRestore();
    // One is stored, the other is told exactly which stored event it conflicts with.
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 409]);
    const stored = (await store.readStream(boardStream(BOARD))).map(toRecorded);
    expect(stored).toHaveLength(base + 2);
    const conflict = outcomes.find((o) => o.status === 409)!.body as { conflicts: RecordedEvent[] };
    expect(conflict.conflicts.map((e) => e.id)).toEqual([stored.at(-1)!.id]);
    expect(verifyChain(stored)).toMatchObject({ ok: true, headRevision: base + 1 });
    await store.close();
  });

  it('keeps trying a command for its whole budget while other servers keep winning, then answers 503', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    // Every append loses to "another server" (the store moved on under it).
    const appends = jest
      .spyOn(store, 'appendToStream')
      .mockImplementation(async (stream) => Promise.reject(new WrongExpectedRevisionError(stream, 0n, 1n)));
    const started = performance.now();
    const outcome = reviseNotes(service, base, 'Tetap dicoba');
    await expect(outcome).rejects.toMatchObject({ status: 503, body: { error: 'Unavailable' } });
    // At least 16 tries and at least 3 s: a busy neighbour on a loaded machine can win many rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3000);
    expect(appends.mock.calls.length).toBeGreaterThanOrEqual(16);
    appends.mockRestore();
    expect(await store.readStream(boardStream(BOARD))).toHaveLength(base + 1);
    await store.close();
  }, 15_000);

  it('answers a no-op with a revision only once the store has it', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    const slow = slowAppends(store);
    const first = reviseNotes(service, base, 'Sama');
    // Decided on top of the first, still on its way to the store: nothing left to change.
    const noop = await reviseNotes(service, base, 'Sama');
    const storedWhenAnswered = (await store.readStream(boardStream(BOARD))).length - 1;
    expect((await first).status).toBe(200);
    slow.mockRestore();
    expect(noop).toMatchObject({ status: 200, body: { revision: base + 1, events: [] } });
    expect(storedWhenAnswered).toBeGreaterThanOrEqual(base + 1);
    await store.close();
  });

  it('reverts to a revision another server stored that this one has not taken yet', async () => {
    const { store, service } = await makeService(dir);
    await seed(service);
    const title = service.board(BOARD).state.programs[PROGRAM]!.title;
    // Another server's two events, straight into the store, while this server hears nothing of them:
    // as if its subscription were a moment behind (a poll, a network hop).
    const sync = (service as unknown as { sync: BoardSync }).sync;
    const committed = jest.spyOn(sync, 'committed').mockImplementation(() => 'duplicate');
    const theirs = await foreignComment(store, testActors.dinkes, 'Dari server lain');
    await store.appendToStream(boardStream(BOARD), [toAppend(theirs)], {
      expectedRevision: BigInt(theirs.revision - 1),
    });
    committed.mockRestore();
    expect(service.board(BOARD).state.revision).toBe(theirs.revision - 1);
    const outcome = await service.execute(
      BOARD,
      {
        commandId: randomUUID(),
        type: 'RevertProgram',
        baseRevision: theirs.revision,
        data: { programId: PROGRAM, toRevision: theirs.revision, parts: ['title'], reason: 'uji' },
      },
      testActors.sekretariat,
    );
    // Nothing differs in the title: a no-op, not "the program did not exist at that revision".
    expect(outcome).toMatchObject({ status: 200, body: { revision: theirs.revision, events: [] } });
    expect(service.board(BOARD).state.programs[PROGRAM]!.title).toBe(title);
    await store.close();
  });

  it('makes each board’s writer after start-up, before any command waits for it', async () => {
    const first = await makeService(dir);
    await seed(first.service);
    await first.service.onApplicationShutdown();
    await first.store.close();

    const { store, service } = await makeService(dir);
    const sync = (service as unknown as { sync: BoardSync }).sync;
    const [board] = sync.handles();
    expect(board!.writer).toBeUndefined();
    service.onApplicationBootstrap();
    for (let waited = 0; !board!.writer && waited < 5000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // A private copy of the committed board: folding commands into it leaves the projection alone.
    expect(board!.writer).toBeDefined();
    expect(board!.writer!.head).not.toBe(board!.projection.state);
    expect(board!.writer!.head).toEqual(board!.projection.state);
    const base = service.board(BOARD).state.revision;
    const outcome = await service.execute(
      BOARD,
      {
        commandId: randomUUID(),
        type: 'CommentOnProgram',
        baseRevision: base,
        data: { programId: PROGRAM, text: 'Setelah mulai' },
      },
      testActors.sekretariat,
    );
    expect(outcome.status).toBe(200);
    expect(service.board(BOARD).state.revision).toBe(base + 1);
    await service.onApplicationShutdown();
    await store.close();
  });
});

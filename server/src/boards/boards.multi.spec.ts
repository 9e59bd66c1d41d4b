import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RecordedEvent, testActors, verifyChain } from '@selaras/shared';
import type { EventStore } from '../event-store/event-store.port';
import { KurrentDbEventStore } from '../event-store/kurrentdb-event-store';
import { SimulatedKurrentDb } from '../event-store/kurrentdb.fake';
import type { BoardsService } from './boards.service';
import {
  BOARD,
  burst,
  comment,
  listen,
  seed,
  sqliteService,
  startService,
  storedEvents,
  until,
} from './boards.spec-helper';

/** Every listener got exactly the stored events after `from`, each once, in order. */
function expectExactlyOnce(received: readonly RecordedEvent[], stored: readonly RecordedEvent[]): void {
  expect(received.map((e) => e.revision)).toEqual(stored.map((e) => e.revision));
  expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
}

/**
 * Several BoardsService instances on one store, in one process: each with its own connection (SQLite)
 * or its own client and adapter (a simulated KurrentDB node, which separate processes cannot share).
 * The real-process version on SQLite is test/multi-instance-*.e2e.spec.ts.
 */
describe.each([
  [
    'one SQLite file',
    async (dir: string) => {
      const made = await Promise.all([sqliteService(dir), sqliteService(dir), sqliteService(dir)]);
      return { stores: made.map((m) => m.store as EventStore), services: made.map((m) => m.service) };
    },
  ],
  [
    'one simulated KurrentDB node',
    async (dir: string) => {
      const node = new SimulatedKurrentDb({ jitterMs: 2 });
      const stores = [0, 1, 2].map(
        () => new KurrentDbEventStore(node, { resume: { initialDelayMs: 1, maxDelayMs: 5 } }) as EventStore,
      );
      const services: BoardsService[] = [];
      for (const store of stores) services.push(await startService(store, dir));
      return { stores, services };
    },
  ],
])('three BoardsService instances on %s', (_name, make) => {
  let dir: string;
  let stores: EventStore[];
  let services: BoardsService[];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-multi-'));
    ({ stores, services } = await make(dir));
  });
  afterEach(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a board seeded through one is known to the others, and a burst through all keeps one chain', async () => {
    const received = services.map((s) => listen(s));
    await seed(services[0]!);
    const answers = await burst(services, 120);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const stored = await storedEvents(stores[0]!);
    expect(verifyChain(stored)).toMatchObject({ ok: true });
    expect(new Set(stored.map((e) => e.meta.commandId)).size).toBe(stored.length);
    // Live delivery on every instance: every stored event once, in order, whatever it went through.
    for (const [n, service] of services.entries()) {
      await until(() => received[n]!.length === stored.length);
      expectExactlyOnce(received[n]!, stored);
      expect(service.board(BOARD).state.revision).toBe(stored.length - 1);
      expect(service.board(BOARD).headHash).toBe(stored[stored.length - 1]!.meta.hash);
    }
  });

  it('the same command through every instance at once is stored once and answered alike', async () => {
    await seed(services[0]!);
    for (let i = 0; i < 10; i++) {
      const envelope = comment(`Sekali ${i}`, -1);
      const answers = await Promise.all(
        services.map((s) => s.execute(BOARD, envelope, testActors.sekretariat)),
      );
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]!.status).toBe(200);
    }
    const stored = await storedEvents(stores[0]!);
    expect(verifyChain(stored)).toMatchObject({ ok: true });
    expect(new Set(stored.map((e) => e.meta.commandId)).size).toBe(stored.length);
  });

  it('a revision one instance just answered is a valid base on another at once', async () => {
    await seed(services[0]!);
    let base = services[0]!.board(BOARD).state.revision;
    for (let i = 0; i < 20; i++) {
      const outcome = await services[i % 3]!.execute(
        BOARD,
        comment(`Urut ${i}`, base),
        testActors.sekretariat,
      );
      expect([i, outcome.status]).toEqual([i, 200]);
      base = (outcome.body as { revision: number }).revision;
    }
  });
});

import { randomUUID } from 'node:crypto';
import { eventStoreContract } from './event-store.contract';
import { WrongExpectedRevisionError, type EventToAppend, type StoredEvent } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SimulatedKurrentDb, type SimulatedOptions } from './kurrentdb.fake';

/**
 * The adapter over a simulated KurrentDB node (`kurrentdb.fake.ts`): no server can run on the machines
 * this project is built on. The same suite runs against a real server in `kurrentdb-contract.spec.ts`
 * when SELARAS_TEST_KURRENTDB names one.
 */
const instantResume = { initialDelayMs: 1, maxDelayMs: 5 };

eventStoreContract(
  'KurrentDB adapter over a simulated node (appends arrive out of order, system events in $all)',
  async () => {
    const store = new KurrentDbEventStore(new SimulatedKurrentDb({ jitterMs: 2, systemEventEvery: 3 }), {
      resume: instantResume,
    });
    return { store, cleanup: () => store.close() };
  },
  { idsUniqueAcrossStreams: false },
);

const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};
const event = (data: unknown = {}): EventToAppend => ({ id: randomUUID(), type: 'Happened', data, meta: {} });
const events = (count: number) => Array.from({ length: count }, (_, i) => event({ i }));

describe('KurrentDbEventStore', () => {
  let node: SimulatedKurrentDb;
  let store: KurrentDbEventStore;
  const open = (options: SimulatedOptions = {}) => {
    node = new SimulatedKurrentDb(options);
    store = new KurrentDbEventStore(node, { resume: instantResume });
  };
  afterEach(() => store.close());

  it('answers a retry with its original result when the server reports the stream head instead', async () => {
    open({ idempotentRevision: 'current' });
    const batch = events(2);
    const original = await store.appendToStream('s', batch, { expectedRevision: 'no_stream' });
    await store.appendToStream('s', events(3));
    await expect(store.appendToStream('s', batch, { expectedRevision: 'no_stream' })).resolves.toEqual(
      original,
    );
    await expect(store.appendToStream('s', batch, { expectedRevision: -1n })).resolves.toEqual(original);
    expect(await store.readStream('s')).toHaveLength(5);
  });

  it('maps the server conflict to the port error with the actual revision', async () => {
    open();
    await store.appendToStream('s', events(3));
    await expect(store.appendToStream('s', events(1), { expectedRevision: 0n })).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      stream: 's',
      expected: 0n,
      actual: 2n,
    });
    await expect(
      store.appendToStream('new', events(1), { expectedRevision: 'stream_exists' }),
    ).rejects.toEqual(new WrongExpectedRevisionError('new', 'stream_exists', -1n));
  });

  it('fails an append pipelined behind one that lost to another writer, instead of chaining on it', async () => {
    open();
    await store.appendToStream('board-x', events(2));
    node.writeForeign('board-x', 1); // a second server appends revision 2
    const first = store.appendToStream('board-x', events(1), { expectedRevision: 1n });
    const second = store.appendToStream('board-x', events(1), { expectedRevision: 2n });
    await expect(first).rejects.toMatchObject({ expected: 1n, actual: 2n });
    // Revision 2 exists, so the server alone would take `second` on top of the foreign event.
    await expect(second).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream('board-x')).map((e) => e.type)).toEqual([
      'Happened',
      'Happened',
      'Foreign',
    ]);
    // Once the burst is over the stream is writable again at its real head.
    await expect(store.appendToStream('board-x', events(1), { expectedRevision: 2n })).resolves.toMatchObject(
      {
        nextExpectedRevision: 3n,
      },
    );
  });

  it('fails a conflicting append even when the client answers {success: false} instead of throwing', async () => {
    open({ throwOnAppendFailure: false });
    await store.appendToStream('s', events(2));
    await expect(store.appendToStream('s', events(1), { expectedRevision: 0n })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(await store.readStream('s')).toHaveLength(2);
  });

  it('reads from the leader, so an acknowledged append is found even while followers lag', async () => {
    open({ followerLagAppends: 2 });
    await store.appendToStream('s', events(1));
    const result = await store.appendToStream('s', events(2), { expectedRevision: 0n });
    expect(result.nextExpectedRevision).toBe(2n);
    expect(await store.readStream('s')).toHaveLength(3);
    expect(await store.headPosition()).toBe(result.position);
    // What a follower would have answered: not the last two appends.
    const fromFollower: unknown[] = [];
    for await (const e of node.readAll({
      fromPosition: 'start',
      direction: 'forwards',
      filter: { regex: '^[^$]' },
    }))
      fromFollower.push(e);
    expect(fromFollower).toHaveLength(0);
  });

  it('tells subscribers of an append only after the writer has its acknowledgement', async () => {
    open();
    const order: string[] = [];
    const subscription = store.subscribeToAll(() => {
      order.push('delivered');
    });
    await subscription.caughtUp;
    await store.appendToStream('s', events(1)).then(() => order.push('acknowledged'));
    await waitUntil(() => order.length === 2);
    expect(order).toEqual(['acknowledged', 'delivered']);
  });

  it('leaves system events out of reads and gives each event of one append its own position', async () => {
    open({ systemEventEvery: 1 });
    await store.appendToStream('a', events(3));
    await store.appendToStream('b', events(1));
    const all = await store.readAll();
    expect(all.map((e) => e.stream)).toEqual(['a', 'a', 'a', 'b']);
    expect(new Set(all.map((e) => e.position)).size).toBe(4);
    expect(node.log.some((row) => row.streamId.startsWith('$'))).toBe(true);
    expect(await store.readAll({ after: all[1]?.position, maxCount: 1 })).toEqual([all[2]]);
    expect(await store.readAll({ after: all[3]?.position })).toEqual([]);
  });

  it('reads a missing stream as empty, and negative revisions as the port does', async () => {
    open();
    expect(await store.readStream('missing', { direction: 'backwards' })).toEqual([]);
    await store.appendToStream('s', events(2));
    expect(await store.readStream('s', { fromRevision: -5n })).toHaveLength(2);
    expect(await store.readStream('s', { fromRevision: -1n, direction: 'backwards' })).toEqual([]);
    expect(await store.readStream('s', { maxCount: 0 })).toEqual([]);
  });

  it('refuses system stream names and works no more after close', async () => {
    open();
    await expect(store.appendToStream('$all', events(1))).rejects.toThrow('system stream');
    await store.close();
    await expect(store.appendToStream('s', events(1))).rejects.toThrow('closed');
    await expect(store.readAll()).rejects.toThrow('closed');
  });

  it('resubscribes after a drop from the last handled event, with no loss and no duplicate', async () => {
    open({ inclusiveSubscriptions: true, systemEventEvery: 2 });
    await store.appendToStream('a', events(5));
    const received: StoredEvent[] = [];
    const drops: unknown[] = [];
    const local = new KurrentDbEventStore(node, {
      resume: { ...instantResume, onDrop: ({ error }) => drops.push(error) },
    });
    const subscription = local.subscribeToAll(async (stored) => {
      received.push(stored);
      await new Promise((resolve) => setImmediate(resolve));
    });
    await subscription.caughtUp;
    node.dropSubscriptions(Object.assign(new Error('node restarted'), { type: 'unavailable' }));
    await store.appendToStream('b', events(3));
    await waitUntil(() => node.live.size === 1 && received.length === 8);
    node.dropSubscriptions(); // the server ends the call without an error
    await store.appendToStream('a', events(2));
    const all = await store.readAll();
    await waitUntil(() => received.length >= all.length && node.live.size === 1);
    expect(received).toEqual(all);
    expect(drops).toHaveLength(2);
    expect(node.subscriptionsOpened).toBe(3);
    await local.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './event-store.port';

/**
 * The behaviour every EventStore adapter must have. An adapter's spec calls this once:
 *
 *   eventStoreContract('SQLite', async () => ({ store, cleanup }));
 *
 * `makeStore` runs before each test; `cleanup` after it (closing the store is the cleanup's job, and
 * must tolerate a store the test already closed). Every test writes only to streams with its own
 * random prefix and ignores everyone else's events, so a shared server (KurrentDB) works too.
 */
export function eventStoreContract(
  name: string,
  makeStore: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>,
  /** KurrentDB keys idempotence by (stream, id) and lets another stream reuse an id: it passes `false`. */
  { idsUniqueAcrossStreams = true }: { idsUniqueAcrossStreams?: boolean } = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let prefix: string;
    const stream = (suffix: string): string => `${prefix}-${suffix}`;
    const mine = (events: readonly StoredEvent[]): StoredEvent[] =>
      events.filter((event) => event.stream.startsWith(`${prefix}-`));

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      prefix = `t${randomUUID().replace(/-/g, '')}`;
    });
    afterEach(async () => {
      await cleanup();
    });

    const event = (type = 'Happened', data: unknown = {}, meta: unknown = {}): EventToAppend => ({
      id: randomUUID(),
      type,
      data,
      meta,
    });
    const events = (count: number): EventToAppend[] =>
      Array.from({ length: count }, (_, i) => event('Counted', { i }));
    const append = (name: string, toAppend: EventToAppend[], expectedRevision?: ExpectedRevision) =>
      store.appendToStream(
        stream(name),
        toAppend,
        expectedRevision === undefined ? {} : { expectedRevision },
      );
    const revisionsOf = async (name: string): Promise<bigint[]> =>
      (await store.readStream(stream(name))).map((stored) => stored.revision);

    const expectWrongRevision = async (
      attempt: Promise<unknown>,
      name: string,
      expected: ExpectedRevision,
      actual: bigint,
    ): Promise<void> => {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ stream: stream(name), expected, actual });
    };

    const waitUntil = async (condition: () => boolean, timeoutMs = 4000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };

    /** Subscribes and records this test's events (and the caught-up moment) in `log`. */
    const record = (
      options: SubscribeOptions = {},
      handle?: (event: StoredEvent) => void | Promise<void>,
    ) => {
      const received: StoredEvent[] = [];
      const log: string[] = [];
      const subscription: Subscription = store.subscribeToAll(
        (stored) => {
          if (!stored.stream.startsWith(`${prefix}-`)) return;
          received.push(stored);
          log.push(stored.id);
          return handle?.(stored);
        },
        { ...options, onCaughtUp: () => log.push('caught-up') },
      );
      return { subscription, received, log };
    };

    const expectStrictlyIncreasing = (positions: bigint[]): void => {
      positions.slice(1).forEach((position, i) => expect(position > (positions[i] as bigint)).toBe(true));
    };

    describe('appendToStream', () => {
      it("appends with 'any' to a new and to an existing stream, with contiguous revisions", async () => {
        const first = await append('a', events(2));
        const second = await append('a', events(3), 'any');
        expect(first.nextExpectedRevision).toBe(1n);
        expect(second.nextExpectedRevision).toBe(4n);
        expect(second.position > first.position).toBe(true);
        const read = await store.readStream(stream('a'));
        expect(read.map((stored) => stored.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read[4]?.position).toBe(second.position);
        expect(read[1]?.position).toBe(first.position);
      });

      it("'no_stream' succeeds only when the stream does not exist", async () => {
        await expect(append('a', events(2), 'no_stream')).resolves.toMatchObject({
          nextExpectedRevision: 1n,
        });
        await expectWrongRevision(append('a', events(1), 'no_stream'), 'a', 'no_stream', 1n);
        expect(await revisionsOf('a')).toEqual([0n, 1n]);
      });

      it("'stream_exists' succeeds only when the stream exists", async () => {
        await expectWrongRevision(append('a', events(1), 'stream_exists'), 'a', 'stream_exists', -1n);
        expect(await store.readStream(stream('a'))).toEqual([]);
        await append('a', events(1));
        await expect(append('a', events(1), 'stream_exists')).resolves.toMatchObject({
          nextExpectedRevision: 1n,
        });
      });

      it('a revision succeeds only when it is the last revision', async () => {
        await append('a', events(3));
        await expectWrongRevision(append('a', events(1), 1n), 'a', 1n, 2n);
        await expectWrongRevision(append('a', events(1), 3n), 'a', 3n, 2n);
        await expectWrongRevision(append('missing', events(1), 0n), 'missing', 0n, -1n);
        await expect(append('a', events(2), 2n)).resolves.toMatchObject({ nextExpectedRevision: 4n });
        expect(await revisionsOf('a')).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('-1n means the stream must not exist', async () => {
        await expect(append('a', events(1), -1n)).resolves.toMatchObject({ nextExpectedRevision: 0n });
        await expectWrongRevision(append('a', events(1), -1n), 'a', -1n, 0n);
      });

      it('appending no events only checks the expected revision', async () => {
        await expect(append('a', [], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: -1n });
        await expectWrongRevision(append('a', [], 'stream_exists'), 'a', 'stream_exists', -1n);
        await append('a', events(2));
        await expect(append('a', [], 1n)).resolves.toMatchObject({ nextExpectedRevision: 1n });
        await expectWrongRevision(append('a', [], 0n), 'a', 0n, 1n);
        expect(await revisionsOf('a')).toEqual([0n, 1n]);
      });

      it('a retry with the same event ids is idempotent, whatever it expects', async () => {
        await append('a', events(1));
        const batch = events(2);
        const original = await append('a', batch, 0n);
        await append('a', events(1));
        await expect(append('a', batch, 0n)).resolves.toEqual(original);
        await expect(append('a', batch, 'no_stream')).resolves.toEqual(original);
        await expect(append('a', batch)).resolves.toEqual(original);
        const read = await store.readStream(stream('a'));
        expect(read).toHaveLength(4);
        expect(new Set(read.map((stored) => stored.id)).size).toBe(4);
      });

      it('rejects ids that were partly appended before, or appended to another stream', async () => {
        const batch = events(2);
        await append('a', batch);
        const partial = append('a', [...batch, event()]);
        await expect(partial).rejects.toBeInstanceOf(DuplicateEventIdError);
        const reordered = append('a', [batch[1] as EventToAppend, batch[0] as EventToAppend]);
        await expect(reordered).rejects.toBeInstanceOf(DuplicateEventIdError);
        if (idsUniqueAcrossStreams) {
          await expect(append('b', batch)).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(stream('b'))).toEqual([]);
        }
        expect(await revisionsOf('a')).toEqual([0n, 1n]);
      });

      it('keeps revisions contiguous per stream and positions increasing across streams', async () => {
        for (const name of ['a', 'b', 'a', 'c', 'b', 'a']) await append(name, events(2));
        const all = mine(await store.readAll());
        expect(all).toHaveLength(12);
        expectStrictlyIncreasing(all.map((stored) => stored.position));
        for (const [name, count] of [
          ['a', 6],
          ['b', 4],
          ['c', 2],
        ] as const) {
          const revisions = all.filter((stored) => stored.stream === stream(name)).map((s) => s.revision);
          expect(revisions).toEqual(Array.from({ length: count }, (_, i) => BigInt(i)));
        }
      });

      it('pipelined appends with consecutive expected revisions all succeed', async () => {
        const attempts = Array.from({ length: 20 }, (_, i) => append('a', events(1), BigInt(i - 1)));
        const results = await Promise.all(attempts);
        expect(results.map((result) => result.nextExpectedRevision)).toEqual(
          Array.from({ length: 20 }, (_, i) => BigInt(i)),
        );
        expect(await revisionsOf('a')).toHaveLength(20);
      });

      it('of concurrent appends expecting the same revision, exactly one wins', async () => {
        await append('a', events(1));
        const settled = await Promise.allSettled([0, 1, 2].map(() => append('a', events(1), 0n)));
        const won = settled.filter((outcome) => outcome.status === 'fulfilled');
        const lost = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(2);
        for (const error of lost) {
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ stream: stream('a'), expected: 0n, actual: 1n });
        }
        expect(await revisionsOf('a')).toEqual([0n, 1n]);
      });

      it('round-trips data and meta as JSON', async () => {
        const data = {
          title: 'Dinas Kesehatan – Rp 1.000',
          nested: { list: [1, 'dua', { tiga: null }], flag: true, emoji: 'rapat 📅' },
          number: 12.5,
        };
        const meta = { userId: 'ü-1', correlation: ['x', 'y'] };
        await append('a', [event('Typed', data, meta), event('Scalar', 'just a string', [])]);
        const [first, second] = await store.readStream(stream('a'));
        expect(first).toMatchObject({ stream: stream('a'), revision: 0n, type: 'Typed', data, meta });
        expect(second).toMatchObject({ type: 'Scalar', data: 'just a string', meta: [] });
      });
    });

    describe('readStream', () => {
      it('reads a missing stream as empty, in both directions', async () => {
        await expect(store.readStream(stream('missing'))).resolves.toEqual([]);
        await expect(store.readStream(stream('missing'), { direction: 'backwards' })).resolves.toEqual([]);
      });

      it('honours fromRevision (inclusive), direction and maxCount', async () => {
        await append('a', events(5));
        await append('other', events(2));
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream('a'), options)).map((stored) => stored.revision);
        expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ fromRevision: 9n })).toEqual([]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4n, 3n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ direction: 'forwards', maxCount: 1 })).toEqual([0n]);
      });
    });

    describe('headPosition', () => {
      it('is at or after the last append, and nothing of it comes after', async () => {
        const first = await append('a', events(2));
        expect((await store.headPosition())! >= first.position).toBe(true);
        const second = await append('b', events(1));
        const head = await store.headPosition();
        expect(head! >= second.position).toBe(true);
        expect(mine(await store.readAll({ after: head }))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads in position order after an exclusive position, up to maxCount', async () => {
        await append('a', events(2));
        await append('b', events(2));
        await append('a', events(1));
        const all = mine(await store.readAll());
        expect(all.map((stored) => [stored.stream, stored.revision])).toEqual([
          [stream('a'), 0n],
          [stream('a'), 1n],
          [stream('b'), 0n],
          [stream('b'), 1n],
          [stream('a'), 2n],
        ]);
        expectStrictlyIncreasing(all.map((stored) => stored.position));
        const after = (all[1] as StoredEvent).position;
        const page = await store.readAll({ after, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page.every((stored) => stored.position > after)).toBe(true);
        expect(mine(page)).toEqual(all.slice(2, 2 + mine(page).length));
        expect(mine(await store.readAll({ after }))).toEqual(all.slice(2));
        const last = (all[4] as StoredEvent).position;
        expect(mine(await store.readAll({ after: last }))).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, signals caught-up, then delivers live events in order', async () => {
        const seeded = [event(), event(), event()];
        await append('a', seeded.slice(0, 2));
        await append('b', seeded.slice(2));
        const { subscription, received, log } = record();
        await subscription.caughtUp;
        expect(log).toEqual([...seeded.map((e) => e.id), 'caught-up']);
        const live = [event(), event(), event()];
        await append('a', live.slice(0, 1));
        await append('c', live.slice(1));
        await waitUntil(() => received.length === 6);
        expect(log).toEqual([...seeded.map((e) => e.id), 'caught-up', ...live.map((e) => e.id)]);
        expect(subscription.lastPosition).toBe(received[5]?.position);
        expect(mine(await store.readAll())).toEqual(received);
        await subscription.stop();
      });

      it('signals caught-up with nothing to catch up on, and starts after an exclusive position', async () => {
        const empty = record();
        await empty.subscription.caughtUp;
        await empty.subscription.stop();
        await append('a', events(3));
        const all = mine(await store.readAll());
        const after = (all[0] as StoredEvent).position;
        const { subscription, received } = record({ after });
        await subscription.caughtUp;
        expect(received).toEqual(all.slice(1));
        await subscription.stop();
      });

      it('stops delivering after stop()', async () => {
        const { subscription, received } = record();
        await subscription.caughtUp;
        await append('a', events(1));
        await waitUntil(() => received.length === 1);
        await subscription.stop();
        await append('a', events(2));
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(received).toHaveLength(1);
      });

      it('resumes from lastPosition without loss or duplicates while appends continue', async () => {
        await append('seed', events(20));
        let appending = true;
        const writer = (async () => {
          for (let i = 0; i < 150; i += 1) await append(`w${i % 7}`, events(1 + (i % 3)));
          appending = false;
        })();
        let stopping: Promise<void> | undefined;
        const first = record({}, () => {
          if (first.received.length === 60) stopping = first.subscription.stop();
        });
        await waitUntil(() => stopping !== undefined);
        await stopping;
        expect(first.subscription.lastPosition).toBe(first.received[59]?.position);
        const second = record({ after: first.subscription.lastPosition });
        await writer;
        expect(appending).toBe(false);
        const all = mine(await store.readAll());
        await waitUntil(() => first.received.length + second.received.length >= all.length);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect([...first.received, ...second.received]).toEqual(all);
        await second.subscription.stop();
      });

      it.each(['sync', 'async'] as const)(
        'neither loses nor duplicates events appended during catch-up (%s handler)',
        async (kind) => {
          for (let i = 0; i < 12; i += 1) await append(`seed${i % 3}`, events(100));
          const during: Promise<unknown>[] = [];
          const { subscription, received } = record({}, (stored) => {
            if (received.length % 150 === 1 && received.length < 1200) {
              for (let i = 0; i < 5; i += 1) during.push(append(`live${i}`, events(2)));
            }
            if (kind === 'async' && stored.revision % 10n === 0n) return new Promise((r) => setImmediate(r));
          });
          await subscription.caughtUp;
          await Promise.all(during);
          const all = mine(await store.readAll());
          expect(all.length).toBeGreaterThan(1200);
          await waitUntil(() => received.length >= all.length);
          await new Promise((resolve) => setTimeout(resolve, 20));
          expect(received.map((stored) => stored.id)).toEqual(all.map((stored) => stored.id));
          await subscription.stop();
        },
        15_000,
      );

      it('delivers everything to subscriptions started at any moment during appends', async () => {
        const writes: Promise<unknown>[] = [];
        const subscribers: ReturnType<typeof record>[] = [];
        const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));
        for (let i = 0; i < 48; i += 1) {
          writes.push(append(`s${i % 4}`, events(3)));
          if (i % 3 === 0) subscribers.push(record({}, i % 2 === 0 ? yieldOnce : undefined));
          await (i % 5 === 0 ? new Promise((resolve) => setTimeout(resolve, 1)) : yieldOnce());
        }
        await Promise.all(writes);
        const all = mine(await store.readAll());
        await waitUntil(() => subscribers.every(({ received }) => received.length >= all.length));
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const { received, subscription } of subscribers) {
          expect(received).toEqual(all);
          await subscription.stop();
        }
      });

      it.each(['catching up', 'live'] as const)(
        'ends through onError when the handler fails while %s',
        async (phase) => {
          if (phase === 'catching up') await append('a', events(2));
          const boom = new Error('handler failed');
          const errors: unknown[] = [];
          const received: StoredEvent[] = [];
          const subscription = store.subscribeToAll(
            async (stored) => {
              if (!stored.stream.startsWith(`${prefix}-`)) return;
              received.push(stored);
              throw boom;
            },
            { onError: (error) => errors.push(error) },
          );
          if (phase === 'catching up') {
            await expect(subscription.caughtUp).rejects.toBe(boom);
          } else {
            await subscription.caughtUp;
            await append('a', events(2));
          }
          await waitUntil(() => errors.length > 0);
          await append('a', events(1));
          await new Promise((resolve) => setTimeout(resolve, 20));
          expect(errors).toEqual([boom]);
          expect(received).toHaveLength(1);
          await subscription.stop();
        },
      );

      it('awaits an async handler before delivering the next event', async () => {
        await append('a', events(5));
        let inFlight = 0;
        let maxInFlight = 0;
        const { subscription, received } = record({}, async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          inFlight -= 1;
        });
        const live = [append('b', events(3)), append('a', events(2)), append('c', events(4))];
        await subscription.caughtUp;
        await Promise.all(live);
        await append('d', events(3));
        await waitUntil(() => received.length === 17 && inFlight === 0);
        expect(maxInFlight).toBe(1);
        expect(received).toEqual(mine(await store.readAll()));
        await subscription.stop();
      });
    });
  });
}

import type { StoredEvent } from './event-store.port';
import { ResumingSubscription, backoffDelay, type SourceSubscription } from './kurrentdb-subscription';

/**
 * The resubscription logic against scripted sources: each `open` plays the next script (events, then
 * a drop or a clean end). A real KurrentDB server cannot run on the machines this is built on; the
 * adapter's own spec drives the same class through a simulated node.
 */
const at = (position: number): StoredEvent => ({
  stream: 's',
  revision: BigInt(position),
  position: BigInt(position),
  id: `e${position}`,
  type: 'T',
  data: {},
  meta: {},
});

type Step = StoredEvent | { drop: Error } | 'end' | 'hang';

function scripted(scripts: Step[][]) {
  const opened: (bigint | undefined)[] = [];
  const closed: number[] = [];
  const open = (after: bigint | undefined): SourceSubscription => {
    const index = opened.length;
    opened.push(after);
    const script = scripts[index] ?? ['hang'];
    let release: () => void = () => undefined;
    const hang = new Promise<void>((resolve) => (release = resolve));
    return {
      async *[Symbol.asyncIterator]() {
        for (const step of script) {
          await Promise.resolve();
          if (step === 'end') return;
          if (step === 'hang') return await hang;
          if ('drop' in step) throw step.drop;
          yield step;
        }
        await hang;
      },
      close: async () => {
        closed.push(index);
        release();
      },
    };
  };
  return { open, opened, closed };
}

const sleeps: number[] = [];
const resumeWith = (source: ReturnType<typeof scripted>, head: bigint | undefined) => ({
  open: source.open,
  head: async () => head,
  random: () => 1,
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeEach(() => sleeps.splice(0));

describe('ResumingSubscription', () => {
  it('resumes after each drop from the last handled event, backing off, without loss or duplicates', async () => {
    const refused = new Error('connection refused');
    const source = scripted([
      [at(1), at(2), { drop: new Error('node restarted') }],
      [{ drop: refused }],
      [{ drop: refused }],
      // A source that starts inclusively (or replays) must not re-deliver what was handled.
      [at(2), at(3), at(4), 'end'],
      [at(5)],
    ]);
    const seen: bigint[] = [];
    const drops: unknown[] = [];
    const subscription = new ResumingSubscription(
      (e) => void seen.push(e.position),
      {},
      {
        ...resumeWith(source, 4n),
        initialDelayMs: 100,
        maxDelayMs: 250,
        onDrop: ({ error, after }) => drops.push([(error as Error).message, after]),
      },
    );
    await subscription.caughtUp;
    await settle();
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(source.opened).toEqual([undefined, 2n, 2n, 2n, 4n]);
    expect(sleeps).toEqual([100, 200, 250, 100]); // doubling, capped, and reset by the events after it
    expect(drops).toEqual([
      ['node restarted', 2n],
      ['connection refused', 2n],
      ['connection refused', 2n],
      ['KurrentDB ended the subscription', 4n],
    ]);
    expect(subscription.lastPosition).toBe(5n);
    await subscription.stop();
    expect(source.closed).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts after `after`, is caught up once the head is handled, and awaits an async handler', async () => {
    const source = scripted([[at(6), at(7), at(8)]]);
    const log: string[] = [];
    let inFlight = 0;
    const subscription = new ResumingSubscription(
      async (e) => {
        inFlight += 1;
        log.push(`${e.position}${inFlight}`);
        await settle();
        inFlight -= 1;
      },
      { after: 5n, onCaughtUp: () => log.push('caught-up') },
      resumeWith(source, 7n),
    );
    await subscription.caughtUp;
    expect(log.slice(0, 3)).toEqual(['61', '71', 'caught-up']);
    await settle();
    await settle();
    expect(log).toEqual(['61', '71', 'caught-up', '81']);
    expect(source.opened).toEqual([5n]);
    await subscription.stop();
  });

  it('is caught up at once on an empty store or when `after` is past the head', async () => {
    for (const [head, after] of [
      [undefined, undefined],
      [3n, 9n],
    ] as const) {
      const subscription = new ResumingSubscription(
        () => undefined,
        { after },
        resumeWith(scripted([]), head),
      );
      await expect(subscription.caughtUp).resolves.toBeUndefined();
      await subscription.stop();
    }
  });

  it('ends through onError when the handler fails, without resubscribing', async () => {
    const source = scripted([[at(1), at(2)]]);
    const errors: unknown[] = [];
    const boom = new Error('projection failed');
    const subscription = new ResumingSubscription(
      (e) => {
        if (e.position === 2n) throw boom;
      },
      { onError: (error) => errors.push(error) },
      resumeWith(source, 2n),
    );
    await expect(subscription.caughtUp).rejects.toBe(boom);
    await settle();
    expect(errors).toEqual([boom]);
    expect(subscription.lastPosition).toBe(1n);
    expect(source.opened).toHaveLength(1);
    expect(source.closed).toEqual([0]);
  });

  it('stops while waiting to resubscribe, and while a source is idle', async () => {
    const source = scripted([[{ drop: new Error('down') }]]);
    let wake: () => void = () => undefined;
    const subscription = new ResumingSubscription(
      () => undefined,
      {},
      {
        ...resumeWith(source, undefined),
        sleep: (_ms: number, signal: AbortSignal) =>
          new Promise<void>((resolve) => {
            wake = resolve;
            signal.addEventListener('abort', () => resolve());
          }),
      },
    );
    await settle();
    await subscription.stop();
    wake();
    expect(source.opened).toHaveLength(1);

    const idle = scripted([['hang']]);
    const second = new ResumingSubscription(() => undefined, {}, resumeWith(idle, undefined));
    await second.caughtUp;
    await settle();
    await second.stop();
    expect(idle.closed).toEqual([0]);
  });

  it('retries a failed head read with backoff before opening anything', async () => {
    const source = scripted([[at(1)]]);
    let calls = 0;
    const subscription = new ResumingSubscription(
      () => undefined,
      {},
      {
        ...resumeWith(source, 1n),
        head: async () => {
          calls += 1;
          if (calls < 3) throw new Error('no leader yet');
          return 1n;
        },
      },
    );
    await subscription.caughtUp;
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    await subscription.stop();
  });

  it('rejects caughtUp when stopped before catching up', async () => {
    const subscription = new ResumingSubscription(() => undefined, {}, resumeWith(scripted([['hang']]), 9n));
    await subscription.stop();
    await expect(subscription.caughtUp).rejects.toThrow('stopped before catching up');
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, with between half and all of it as jitter', () => {
    expect([0, 1, 2, 3, 4, 50].map((attempt) => backoffDelay(attempt, 100, 1000, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(2, 100, 1000, () => 0)).toBe(200);
  });
});

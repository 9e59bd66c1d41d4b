import type { EventHandler, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/** What a subscription needs from its store: synchronous page reads, and a way to unregister. */
export interface SubscriptionSource {
  readPage(after: bigint, maxCount: number): StoredEvent[];
  detach(subscription: AllSubscription): void;
}

const PAGE_SIZE = 500;
/** A live subscriber this far behind drops its in-memory queue and catches up from the store again. */
const MAX_PENDING = 10_000;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A catch-up subscription to the whole log, in two modes:
 * - `reading`: pages are read from the store after `cursor`; commit notifications are ignored
 *   (whatever they carry will be read). The switch to `live` happens synchronously right after a read
 *   that came back empty, so no commit can fall between the two.
 * - `live`: the store pushes each committed batch into `pending`, deduplicated by position. An idle
 *   subscriber is handed the events synchronously, inside the commit's tick (the fast path); an async
 *   handler's promise is awaited before the next event.
 * `caughtUp` resolves once the events that existed when the subscription was made (up to `head`) have
 * been handled, or the log was found drained, whichever comes first.
 */
export class AllSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;
  private isCaughtUp = false;
  private mode: 'reading' | 'live' = 'reading';
  private pending: StoredEvent[] = [];
  /** The position of the last event handled (or `after`): where a read resumes. */
  private cursor: bigint;
  /** The position of the last event handled or queued in `pending`: dedupes live notifications. */
  private enqueuedUpTo: bigint;
  private handledUpTo: bigint | undefined;
  private running: Promise<void> | undefined;
  private draining = false;
  private stopped = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly handler: EventHandler,
    private readonly options: SubscribeOptions,
    /** The last position in the store when the subscription was made. */
    private readonly head: bigint,
  ) {
    this.cursor = options.after ?? 0n;
    this.enqueuedUpTo = this.cursor;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    this.caughtUp.catch(() => undefined); // a rejection is also reported through onError
    this.running = this.pump(nextMacrotask());
  }

  get lastPosition(): bigint | undefined {
    return this.handledUpTo;
  }

  /** Called by the store, synchronously, after each committed transaction, in position order. */
  onCommitted(events: readonly StoredEvent[]): void {
    if (this.stopped || this.mode !== 'live') return;
    for (const event of events) {
      if (event.position > this.enqueuedUpTo) {
        this.pending.push(event);
        this.enqueuedUpTo = event.position;
      }
    }
    if (this.pending.length > MAX_PENDING) {
      this.pending = [];
      this.mode = 'reading';
      this.running ??= this.pump(Promise.resolve());
    } else if (!this.running && !this.draining) {
      this.drainSynchronously();
    }
  }

  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.pending = [];
      this.source.detach(this);
      if (!this.isCaughtUp) this.rejectCaughtUp(new Error('Subscription stopped before catching up'));
    }
    return this.running ?? Promise.resolve();
  }

  private drainSynchronously(): void {
    this.draining = true;
    try {
      while (!this.stopped) {
        const next = this.pending.shift();
        if (!next) return;
        const handled = this.deliver(next);
        if (handled) {
          this.running = this.pump(handled);
          return;
        }
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.draining = false;
    }
  }

  /** The asynchronous delivery loop; `first` is awaited before anything else. */
  private async pump(first: Promise<void>): Promise<void> {
    try {
      await first;
      while (!this.stopped) {
        if (this.mode === 'reading') {
          if (this.cursor >= this.head) this.markCaughtUp();
          const page = this.source.readPage(this.cursor, PAGE_SIZE);
          if (page.length === 0) {
            this.mode = 'live';
            this.enqueuedUpTo = this.cursor;
            this.markCaughtUp();
            continue;
          }
          for (const event of page) {
            if (this.stopped) return;
            const handled = this.deliver(event);
            if (handled) await handled;
          }
          await nextMacrotask(); // let appends and I/O run between pages
          continue;
        }
        const next = this.pending.shift();
        if (!next) return;
        const handled = this.deliver(next);
        if (handled) await handled;
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.running = undefined;
    }
  }

  /** Hands one event over; returns a promise only when the handler is asynchronous. */
  private deliver(event: StoredEvent): Promise<void> | undefined {
    const result = this.handler(event);
    if (isPromiseLike(result)) return Promise.resolve(result).then(() => this.handled(event));
    this.handled(event);
    return undefined;
  }

  private handled(event: StoredEvent): void {
    this.cursor = event.position;
    this.handledUpTo = event.position;
    if (event.position >= this.head) this.markCaughtUp();
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    this.resolveCaughtUp();
    this.options.onCaughtUp?.();
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.pending = [];
    this.source.detach(this);
    if (!this.isCaughtUp) this.rejectCaughtUp(error);
    try {
      this.options.onError?.(error);
    } catch {
      // A throwing onError must not escape into the store's commit path (see SqliteEventStore.flush).
    }
  }
}

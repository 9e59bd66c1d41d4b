import type { EventHandler, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/** One server-side subscription: its events in position order, until it ends or fails. */
export interface SourceSubscription extends AsyncIterable<StoredEvent> {
  /** Ends the subscription; its iteration then finishes (or throws) promptly. */
  close(): Promise<void>;
}

export interface ResumeOptions {
  /** Opens a subscription delivering the events after `after` (exclusive; undefined = from the start). */
  open(after: bigint | undefined): SourceSubscription;
  /** The position of the last event in the store now (undefined: none): where catching up ends. */
  head(): Promise<bigint | undefined>;
  /** The first wait after a drop; it doubles on each failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1; default Math.random. Jitter keeps several servers from resubscribing in lockstep. */
  random?: () => number;
  /** Waits `ms`, or less if `signal` aborts. Injectable so tests need no real timers. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told of each drop before the wait: for logs and metrics. */
  onDrop?: (drop: { error: unknown; attempt: number; delayMs: number; after: bigint | undefined }) => void;
}

/** A handler's failure, which ends the subscription (a store failure only interrupts it). */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * The port's subscription over KurrentDB's catch-up subscriptions, which the client does not resume
 * after a drop (a restarted node, a leader election, a network cut). This one resubscribes after the
 * last event its handler finished, waiting longer after each consecutive failure, so the handler sees
 * every event once, in order: nothing lost across a drop, nothing delivered twice.
 *
 * Caught-up is "the last event that existed when we subscribed has been handled", read from the store
 * up front, rather than the client's `caughtUp` emitter event: that event is emitted beside the stream
 * of events, not in it, so it can overtake events still buffered for the handler.
 */
export class ResumingSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;
  private isCaughtUp = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private source: SourceSubscription | undefined;
  /** Exclusive: the last event handled, or `after`. A resubscription starts here. */
  private cursor: bigint | undefined;
  private handledUpTo: bigint | undefined;
  private target: bigint | undefined;
  private targetKnown = false;
  private readonly running: Promise<void>;

  constructor(
    private readonly handler: EventHandler,
    private readonly options: SubscribeOptions,
    private readonly resume: ResumeOptions,
  ) {
    this.cursor = options.after;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    this.caughtUp.catch(() => undefined); // a rejection is also reported through onError
    this.running = this.run();
  }

  get lastPosition(): bigint | undefined {
    return this.handledUpTo;
  }

  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.abort.abort();
      const source = this.source;
      this.source = undefined;
      void source?.close().catch(() => undefined);
      if (!this.isCaughtUp) this.rejectCaughtUp(new Error('Subscription stopped before catching up'));
    }
    return this.running;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let failure: unknown;
      const openedAt = Date.now();
      try {
        if (!this.targetKnown) {
          this.target = await this.resume.head();
          this.targetKnown = true;
          this.checkCaughtUp();
        }
        if (this.stopped) return;
        this.source = this.resume.open(this.cursor);
        for await (const event of this.source) {
          if (this.stopped) return;
          // A resubscription starts after the cursor; this guards against a source that repeats.
          if (this.cursor !== undefined && event.position <= this.cursor) continue;
          await this.deliver(event);
          attempt = 0;
        }
        failure = new Error('KurrentDB ended the subscription');
      } catch (error) {
        if (error instanceof HandlerFailure) return this.fail(error.cause);
        failure = error;
      } finally {
        const source = this.source;
        this.source = undefined;
        await source?.close().catch(() => undefined);
      }
      if (this.stopped) return;
      const maxDelay = this.resume.maxDelayMs ?? 5000;
      // A subscription that stayed up for a while was healthy: start the backoff over.
      if (Date.now() - openedAt > 2 * maxDelay) attempt = 0;
      const delayMs = backoffDelay(attempt, this.resume.initialDelayMs ?? 100, maxDelay, this.resume.random);
      attempt += 1;
      this.resume.onDrop?.({ error: failure, attempt, delayMs, after: this.cursor });
      await (this.resume.sleep ?? abortableSleep)(delayMs, this.abort.signal);
    }
  }

  private async deliver(event: StoredEvent): Promise<void> {
    try {
      const result = this.handler(event);
      if (isPromiseLike(result)) await result;
    } catch (error) {
      throw new HandlerFailure(error);
    }
    this.cursor = event.position;
    this.handledUpTo = event.position;
    this.checkCaughtUp();
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp || !this.targetKnown) return;
    const reached = this.target === undefined || (this.cursor !== undefined && this.cursor >= this.target);
    if (!reached) return;
    this.isCaughtUp = true;
    this.resolveCaughtUp();
    this.options.onCaughtUp?.();
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    if (!this.isCaughtUp) this.rejectCaughtUp(error);
    try {
      this.options.onError?.(error);
    } catch {
      // A throwing onError must not turn into an unhandled rejection of the delivery loop.
    }
  }
}

/**
 * The wait before resubscription attempt `attempt` (0-based): `initial · 2^attempt`, capped at `max`,
 * with "equal jitter" (between half and all of it).
 */
export function backoffDelay(attempt: number, initial: number, max: number, random = Math.random): number {
  const full = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * random());
}

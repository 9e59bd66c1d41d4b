import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BoardEvent,
  type BoardState,
  type RecordedEvent,
  chainEvents,
  foldInPlace,
  keyMatcher,
  touchedKeys,
} from '@selaras/shared';
import { RetryableError } from './command-outcome';
import { nodeSha256 } from './node-sha256';

/** Durably appends after `expectedRevision`; rejects if the stream moved on (or the store failed). */
export type AppendTo = (events: RecordedEvent[], expectedRevision: number) => Promise<void>;

/** The most events one append carries (more wait for the next one). */
const MAX_APPEND = 500;

interface Waiting {
  events: RecordedEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The write side of one board: the latest state including this server's events that are not durable
 * yet, so that a command decides on top of the ones before it without waiting for their fsync.
 *
 * One append per board is in flight at a time. Commands decided meanwhile wait together and go as the
 * next append, with the expected revision their events were chained on; so an append is only ever sent
 * on top of what the store acknowledged. When an append fails (another server wrote the board first, or
 * the store failed) nothing queued behind it is sent: every command of that append and of the next one
 * fails with RetryableError, the writer is stale, and the service replaces it with a fresh one made from
 * the committed board. No event whose prevHash is not the stored head can reach the store, whatever
 * the interleaving with other servers, and group commit still batches every board's next append.
 */
export class BoardWriter {
  /** This server's events that the committed board has not taken yet (in flight or waiting), oldest first. */
  readonly pending: RecordedEvent[] = [];
  /**
   * The keys each pending event touched (same order as `pending`), computed once when it is recorded:
   * every command checks the pending events for conflicts, and with many clients there are dozens.
   */
  private readonly pendingKeys: Array<readonly string[]> = [];
  /** Set once the head can no longer be trusted; only a new writer continues. */
  stale = false;
  private waiting: Waiting[] = [];
  private flight: Promise<void> | undefined;

  constructor(
    readonly boardId: string,
    /** Owned: folded in place as commands are decided. */
    readonly head: BoardState,
    public headHash: string,
    private readonly appendTo: AppendTo,
    /** Told of each append's outcome (the service backs off under contention). */
    private readonly onAppended: (ok: boolean) => void = () => undefined,
  ) {}

  /**
   * Chains decided events onto the head and folds them in; `durable` settles once the store has them
   * (or rejects with RetryableError). Synchronous up to the returned promise, so commands decided one
   * after another chain one after another.
   */
  record(
    events: readonly BoardEvent[],
    actor: Actor,
    commandId: string,
  ): { recorded: RecordedEvent[]; durable: Promise<void> } {
    const recorded = chainEvents(
      events,
      { revision: this.head.revision, hash: this.headHash },
      { actor, at: new Date().toISOString(), commandId },
      randomUUID,
      nodeSha256,
    );
    try {
      foldInPlace(this.head, recorded);
    } catch (error) {
      // decide() made an event the fold refuses: a bug. The head may be half changed; nothing was sent.
      this.stale = true;
      throw error;
    }
    this.headHash = recorded[recorded.length - 1]!.meta.hash;
    for (const event of recorded) {
      this.pending.push(event);
      this.pendingKeys.push(touchedKeys(event));
    }
    const durable = new Promise<void>((resolve, reject) => {
      this.waiting.push({ events: recorded, resolve, reject });
    });
    if (!this.flight) this.send();
    return { recorded, durable };
  }

  /** Pending events after `base` that touched any of `keys` (the committed ones are in the KeyIndex). */
  pendingTouching(keys: ReadonlySet<string>, base: number): RecordedEvent[] {
    if (keys.size === 0) return [];
    const hit = keyMatcher(keys);
    return this.pending.filter((e, i) => e.revision > base && this.pendingKeys[i]!.some(hit));
  }

  /**
   * The committed board took an event. Ours: no longer pending. Another server's while nothing of ours
   * is pending: folded into the head too. Another server's while ours are pending: it took a revision
   * ours were chained on, so the append in flight (or the next) will fail; the writer is stale.
   */
  committed(event: RecordedEvent): void {
    if (this.stale) return;
    const first = this.pending[0];
    if (first) {
      if (first.id === event.id) {
        this.pending.shift();
        this.pendingKeys.shift();
      } else this.stale = true;
      return;
    }
    if (event.revision !== this.head.revision + 1) {
      this.stale = true;
      return;
    }
    try {
      foldInPlace(this.head, [event]);
      this.headHash = event.meta.hash;
    } catch {
      this.stale = true;
    }
  }

  /** Resolves once no append is in flight (a replacement must not start while one could still land). */
  async settled(): Promise<void> {
    while (this.flight) await this.flight.catch(() => undefined);
  }

  private send(): void {
    if (this.stale) return this.fail(this.waiting.splice(0), new RetryableError());
    // Everything waiting goes as one append, up to MAX_APPEND events (KurrentDB limits an append's size).
    let count = 0;
    let take = 0;
    while (
      take < this.waiting.length &&
      (take === 0 || count + this.waiting[take]!.events.length <= MAX_APPEND)
    ) {
      count += this.waiting[take]!.events.length;
      take++;
    }
    const batch = this.waiting.splice(0, take);
    if (batch.length === 0) return;
    const events = batch.length === 1 ? batch[0]!.events : batch.flatMap((w) => w.events);
    this.flight = this.appendTo(events, events[0]!.revision - 1).then(
      () => {
        this.flight = undefined;
        this.onAppended(true);
        for (const w of batch) w.resolve();
        if (this.waiting.length > 0) this.send();
      },
      (error: unknown) => {
        this.flight = undefined;
        this.stale = true;
        this.onAppended(false);
        this.fail(batch, new RetryableError(error));
        // Decided on top of the failed append: chained onto hashes the store does not have.
        this.fail(this.waiting.splice(0), new RetryableError(error));
      },
    );
  }

  private fail(batch: readonly Waiting[], error: RetryableError): void {
    for (const w of batch) w.reject(error);
  }
}

/**
 * The event store port (DESIGN.md §2). Modelled on KurrentDB's client so that its adapter is a thin
 * mapping; every adapter passes the one contract suite in `event-store.contract.ts`.
 *
 * Revisions are per stream, 0-based and contiguous; positions are global, strictly increasing and
 * opaque (an adapter may leave gaps). Both are bigint here and cross the wire as JSON numbers.
 */

/** `-1n` means "no stream"; any other bigint is the revision the stream's last event must have. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event to append. `id` is a caller-made UUID: a retried append of the same ids is idempotent. */
export interface EventToAppend {
  id: string;
  type: string;
  data: unknown;
  meta: unknown;
}

export interface StoredEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  id: string;
  type: string;
  data: unknown;
  meta: unknown;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: bigint;
  /** The global position of the last appended event. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive. Defaults to 0n forwards and to the last event backwards. */
  fromRevision?: bigint;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive global position; omitted = from the start. */
  after?: bigint;
  maxCount?: number;
}

export type EventHandler = (event: StoredEvent) => void | Promise<void>;

export interface SubscribeOptions {
  /** Exclusive global position; omitted = from the start. */
  after?: bigint;
  /** Called once, after every event that existed at subscription time has been handled. */
  onCaughtUp?: () => void;
  /** Called if the subscription ends because of an error (not after `stop()`). */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the subscription has caught up with the events that existed when it started. */
  readonly caughtUp: Promise<void>;
  /** The position of the last event handed to the handler (the `after` to resume from). */
  readonly lastPosition: bigint | undefined;
  stop(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, `-1n` when it does not exist. */
    readonly actual: bigint,
  ) {
    super(`Wrong expected revision on ${stream}: expected ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some of an append's event ids are already stored, but not as exactly this append to this stream
 * (an exact repeat is an idempotent retry and succeeds). Nothing of the append is written.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly stream: string,
    /** The ids of the append that were already stored. */
    readonly ids: readonly string[],
  ) {
    super(`Event ids already used, not as a retry of an append to ${stream}: ${ids.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

export interface EventStore {
  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Empty for a missing stream (never throws for it). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The position of the last event in the store now (undefined when it holds none): a reader that
   * takes it before loading and subscribes `after` it misses nothing another writer commits meanwhile.
   */
  headPosition(): Promise<bigint | undefined>;
  /**
   * Catches up from `after` (exclusive), signals caught-up, then delivers live events, in position
   * order. Delivery is at-least-once across restarts: consumers are idempotent by (stream, revision).
   * The handler's promise is awaited before the next event is delivered.
   */
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** The injection token for the configured store. */
export const EVENT_STORE = Symbol('EVENT_STORE');

import type { JSONEventData, Position } from '@kurrent/kurrentdb-client';
import { StreamAppendQueue } from './kurrentdb-append-queue';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './event-store.port';
import {
  classifyRetry,
  decodePosition,
  isStreamNotFound,
  isWrongExpectedVersion,
  satisfies,
  toEventData,
  toStoredEvent,
  toStreamState,
  toWrongExpectedRevision,
  type ResolvedLike,
  type StreamState,
} from './kurrentdb-mapping';
import { ResumingSubscription, type ResumeOptions, type SourceSubscription } from './kurrentdb-subscription';
import { limitOf } from './sqlite-schema';

type ReadFrom<T> = 'start' | 'end' | T;
/** The client's regex filter (its `excludeSystemEvents()`), written out so no runtime import is needed. */
export const USER_EVENTS = { filterOn: 'eventType', regex: '^[^$].*', checkpointInterval: 1 } as const;

/**
 * The part of `KurrentDBClient` the adapter uses. The store factory assigns the real client to it, so
 * the compiler checks this against the client's own types; tests pass a simulated client instead.
 */
export interface KurrentClient {
  appendToStream(
    stream: string,
    events: JSONEventData[],
    options: { streamState: StreamState },
  ): Promise<{ success?: boolean; nextExpectedRevision: bigint; position?: Position }>;
  readStream(
    stream: string,
    options: {
      fromRevision: ReadFrom<bigint>;
      direction: 'forwards' | 'backwards';
      maxCount?: bigint;
      requiresLeader?: boolean;
    },
  ): AsyncIterable<ResolvedLike>;
  readAll(options: {
    fromPosition: ReadFrom<Position>;
    direction: 'forwards' | 'backwards';
    maxCount?: bigint;
    filter: typeof USER_EVENTS;
    requiresLeader?: boolean;
  }): AsyncIterable<ResolvedLike>;
  subscribeToAll(options: {
    fromPosition: ReadFrom<Position>;
    filter: typeof USER_EVENTS;
    requiresLeader?: boolean;
  }): AsyncIterable<ResolvedLike> & { unsubscribe(): Promise<void>; destroy(): unknown };
  dispose(): Promise<void>;
}

export interface KurrentDbEventStoreOptions {
  /** Resubscription timing and drop reports (see ResumeOptions). */
  resume?: Pick<ResumeOptions, 'initialDelayMs' | 'maxDelayMs' | 'random' | 'sleep' | 'onDrop'>;
}

/** How far back from a stream's end an earlier append of the same ids is looked for. */
const RETRY_WINDOW = 1000;
const RETRY_PAGE = 200n;

/**
 * The KurrentDB adapter. KurrentDB already has the port's shape (DESIGN.md §2); what this adds is the
 * port's stricter promises: appends to one stream in call order, a retried append recognised whatever
 * it expects, reads of a missing stream as empty, exclusive `after` on `$all` reads, system events
 * left out, and subscriptions that survive a dropped connection.
 *
 * Known difference from SQLite: KurrentDB keys idempotence by (stream, event id), so reusing an id in
 * another stream is not refused, and a retry is recognised only within the last RETRY_WINDOW events.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly queue = new StreamAppendQueue();
  private readonly subscriptions = new Set<ResumingSubscription>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: KurrentClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {}

  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve) => {
      this.assertOpen();
      const expected = options?.expectedRevision ?? 'any';
      if (typeof stream !== 'string' || stream === '') throw new TypeError('Stream name must be non-empty');
      if (stream.startsWith('$')) throw new TypeError(`${stream} is a KurrentDB system stream`);
      toStreamState(expected); // validates
      const ids = new Set<string>();
      for (const event of events) {
        if (typeof event.id !== 'string' || event.id === '')
          throw new TypeError('Event id must be non-empty');
        if (typeof event.type !== 'string' || event.type === '')
          throw new TypeError('Event type must be non-empty');
        if (ids.has(event.id)) throw new DuplicateEventIdError(stream, [event.id]);
        ids.add(event.id);
      }
      const copy = events.map(toEventData);
      resolve(this.queue.run(stream, expected, () => this.append(stream, copy, expected)));
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const direction = options.direction === 'backwards' ? 'backwards' : 'forwards';
    let fromRevision: ReadFrom<bigint> = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (typeof fromRevision === 'bigint' && fromRevision < 0n) {
      if (direction === 'backwards') return [];
      fromRevision = 'start';
    }
    if (limit === 0) return [];
    const read = this.client.readStream(stream, {
      fromRevision,
      direction,
      ...(limit > 0 && { maxCount: BigInt(limit) }),
      requiresLeader: true,
    });
    try {
      return await collect(read);
    } catch (error) {
      // KurrentDB throws for a stream that does not exist; the port reads it as empty.
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const result: StoredEvent[] = [];
    let after = options.after !== undefined && options.after > 0n ? options.after : undefined;
    // `fromPosition` is inclusive: ask for one more and drop the event at `after` itself. Pages go on
    // while the server filled them, in case events were left out on this side too.
    while (limit < 0 || result.length < limit) {
      const want = limit < 0 ? undefined : BigInt(limit - result.length + 1);
      const page = this.client.readAll({
        fromPosition: after === undefined ? 'start' : decodePosition(after),
        direction: 'forwards',
        ...(want !== undefined && { maxCount: want }),
        filter: USER_EVENTS,
        requiresLeader: true,
      });
      let raw = 0n;
      for await (const resolved of page) {
        raw += 1n;
        const event = toStoredEvent(resolved);
        if (!event || (after !== undefined && event.position <= after)) continue;
        result.push(event);
        after = event.position;
        if (limit >= 0 && result.length >= limit) break;
      }
      if (want === undefined || raw < want) break;
    }
    return result;
  }

  async headPosition(): Promise<bigint | undefined> {
    this.assertOpen();
    const [last] = await collect(
      this.client.readAll({
        fromPosition: 'end',
        direction: 'backwards',
        maxCount: 1n,
        filter: USER_EVENTS,
        requiresLeader: true,
      }),
    );
    return last?.position;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new ResumingSubscription(handler, options, {
      ...this.options.resume,
      open: (after) => this.openSource(after),
      head: () => this.headPosition(),
    });
    this.subscriptions.add(subscription);
    void subscription.caughtUp.catch(() => undefined);
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      await this.queue.drained();
      await this.client.dispose();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('Event store is closed');
  }

  private async append(
    stream: string,
    events: JSONEventData[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.id);
    if (events.length === 0) {
      const [head] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const actual = head?.revision ?? -1n;
      if (!satisfies(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      return { nextExpectedRevision: actual, position: head?.position ?? -1n };
    }
    // KurrentDB's own idempotence with 'any' is best effort (a cache): look for a retry first.
    if (expected === 'any' || expected === 'stream_exists') {
      const retry = await this.findRetry(stream, ids);
      if (retry) return retry;
    }
    let acknowledged: bigint;
    try {
      const result = await this.client.appendToStream(stream, events, {
        streamState: toStreamState(expected),
      });
      // A client made with throwOnAppendFailure=false answers a conflict instead of throwing it (the store
      // factory refuses that setting; this is the second line of defence).
      if (result.success === false) {
        throw Object.assign(new Error(`WrongExpectedVersion on ${stream}`), {
          type: 'wrong-expected-version',
          actualState: result.nextExpectedRevision,
        });
      }
      acknowledged = result.nextExpectedRevision;
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      // A retry that expects something else than its original did (the port accepts it).
      const retry = await this.findRetry(stream, ids);
      if (retry) return retry;
      throw toWrongExpectedRevision(error, stream, expected);
    }
    // The append answer has no per-event position, and an idempotent repeat has none at all: the
    // stored last event says where the append landed. Read from the leader (every read of this adapter
    // requires it): a follower may not have the acknowledged events yet.
    const [last] = await this.readStream(stream, { fromRevision: acknowledged, maxCount: 1 });
    if (last && last.id === ids[ids.length - 1]) {
      return { nextExpectedRevision: last.revision, position: last.position };
    }
    const retry = await this.findRetry(stream, ids);
    if (retry) return retry;
    throw new Error(`KurrentDB acknowledged an append to ${stream} that cannot be found in it`);
  }

  /** Looks for `ids` among the stream's last RETRY_WINDOW events, newest first. */
  private async findRetry(stream: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const wanted = new Set(ids);
    const found = new Map<string, { revision: bigint; position: bigint }>();
    let from: ReadFrom<bigint> = 'end';
    for (let scanned = 0; scanned < RETRY_WINDOW;) {
      const page = await this.readStream(stream, {
        direction: 'backwards',
        ...(from !== 'end' && { fromRevision: from }),
        maxCount: Number(RETRY_PAGE),
      });
      for (const event of page) {
        if (wanted.has(event.id)) found.set(event.id, event);
      }
      scanned += page.length;
      const oldest = page[page.length - 1];
      // Once the first id is found, the rest of a retry (later revisions) has been seen.
      if (found.has(ids[0] as string) || !oldest || oldest.revision === 0n) break;
      from = oldest.revision - 1n;
    }
    return classifyRetry(stream, ids, found);
  }

  private openSource(after: bigint | undefined): SourceSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined || after < 1n ? 'start' : decodePosition(after),
      filter: USER_EVENTS,
      requiresLeader: true,
    });
    return {
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) {
          const event = toStoredEvent(resolved);
          if (event) yield event;
        }
      },
      close: async () => {
        await subscription.unsubscribe().catch(() => undefined);
        subscription.destroy(); // ends a pending iteration: the cancelled call may never end the stream
      },
    };
  }
}

async function collect(read: AsyncIterable<ResolvedLike>): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const resolved of read) {
    const event = toStoredEvent(resolved);
    if (event) events.push(event);
  }
  return events;
}

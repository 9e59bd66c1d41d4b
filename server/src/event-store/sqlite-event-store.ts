import Database from 'better-sqlite3';
import { AllSubscription, type SubscriptionSource } from './all-subscription';
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
  MAX_REVISION,
  limitOf,
  openDatabase,
  prepareStatements,
  toJson,
  toStoredEvent,
  type EventRow,
  type Head,
  type IdRow,
  type SerializedEvent,
  type Statements,
} from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:' (unit use only: nothing is durable). */
  filename: string;
  /** How long a write waits for another connection's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

interface QueuedAppend {
  stream: string;
  expected: ExpectedRevision;
  events: SerializedEvent[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}
type Outcome = { ok: AppendResult } | { error: unknown };

/**
 * Errors that fail one append of a batch; anything else (I/O, SQLITE_FULL...) fails the whole batch.
 * SQLite errors are recognised by name and code, not `instanceof`: the native addon keeps the error
 * class of the first load, so a second load of the module (jest's per-file registry) throws instances
 * of an older class.
 */
const failsOneAppend = (error: unknown): boolean =>
  error instanceof WrongExpectedRevisionError ||
  error instanceof DuplicateEventIdError ||
  isConstraintError(error);

function isConstraintError(error: unknown): boolean {
  // Not `instanceof Error` either: that class too comes from the context of the first load.
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name !== 'SqliteError') return false;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * The SQLite adapter. Appends are group-committed: they are queued, and one flush per event-loop turn
 * (`setImmediate`) writes the whole queue in one transaction, so one fsync serves many appends. Each
 * append is still checked on its own, in queue order, against the state left by the ones before it.
 * Subscribers are told of the committed events synchronously, before the appenders' promises settle.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly writeBatch: Database.Transaction<
    (batch: QueuedAppend[]) => { outcomes: Outcome[]; committed: StoredEvent[] }
  >;
  private readonly insertEvents: (stream: string, events: SerializedEvent[], after: bigint) => StoredEvent[];
  private readonly subscriptions = new Set<AllSubscription>();
  private queue: QueuedAppend[] = [];
  private flushTimer: NodeJS.Immediate | undefined;
  private closing: Promise<void> | undefined;
  private readonly counters = { transactions: 0, appends: 0 };

  constructor(options: SqliteEventStoreOptions) {
    const db = openDatabase(options.filename, options.busyTimeoutMs ?? 5000);
    this.db = db;
    this.statements = prepareStatements(db);
    // Nested inside writeBatch's transaction, this runs in a savepoint: a constraint failure undoes
    // only this append.
    this.insertEvents = db.transaction((stream: string, events: SerializedEvent[], after: bigint) =>
      events.map((event, index): StoredEvent => {
        const revision = after + 1n + BigInt(index);
        const { id, type, data, meta } = event;
        const info = this.statements.insert.run(id, stream, revision, type, data, meta);
        const position = BigInt(info.lastInsertRowid);
        return {
          stream,
          revision,
          position,
          id,
          type,
          data: JSON.parse(data) as unknown,
          meta: JSON.parse(meta) as unknown,
        };
      }),
    );
    this.writeBatch = db.transaction((batch: QueuedAppend[]) => {
      const outcomes: Outcome[] = [];
      const committed: StoredEvent[] = [];
      for (const append of batch) {
        try {
          outcomes.push({ ok: this.applyAppend(append, committed) });
        } catch (error) {
          if (!failsOneAppend(error)) throw error;
          outcomes.push({ error });
        }
      }
      return { outcomes, committed };
    });
  }

  /** Counters for tests and metrics: committed batch transactions and the appends they carried. */
  get stats(): { readonly transactions: number; readonly appends: number } {
    return { ...this.counters };
  }

  /** The connection's effective durability settings, for tests and start-up logging. */
  get pragmas(): { journalMode: string; synchronous: number; busyTimeout: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      busyTimeout: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      if (this.closing) throw new Error('Event store is closed');
      const expected = options?.expectedRevision ?? 'any';
      if (typeof stream !== 'string' || stream === '') throw new TypeError('Stream name must be non-empty');
      if (typeof expected === 'bigint' && expected < -1n)
        throw new RangeError(`Invalid revision ${expected}`);
      const ids = new Set<string>();
      const serialized = events.map((event): SerializedEvent => {
        if (typeof event.id !== 'string' || event.id === '')
          throw new TypeError('Event id must be non-empty');
        if (typeof event.type !== 'string' || event.type === '')
          throw new TypeError('Event type must be non-empty');
        if (ids.has(event.id)) throw new DuplicateEventIdError(stream, [event.id]);
        ids.add(event.id);
        return { id: event.id, type: event.type, data: toJson(event.data), meta: toJson(event.meta) };
      });
      this.queue.push({ stream, expected, events: serialized, resolve, reject });
      this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const rows =
      options.direction === 'backwards'
        ? this.statements.backwards.all(stream, options.fromRevision ?? MAX_REVISION, limit)
        : this.statements.forwards.all(stream, options.fromRevision ?? 0n, limit);
    return (rows as EventRow[]).map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readPage(options.after ?? 0n, limitOf(options.maxCount));
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const head = (this.statements.lastPosition.get() as { position: bigint | null }).position ?? 0n;
    const subscription = new AllSubscription(this, handler, options, head);
    this.subscriptions.add(subscription);
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flush();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      this.db.close();
    })();
    return this.closing;
  }

  /** @internal SubscriptionSource */
  readPage(after: bigint, maxCount: number): StoredEvent[] {
    return (this.statements.all.all(after, maxCount) as EventRow[]).map(toStoredEvent);
  }

  /** @internal SubscriptionSource */
  detach(subscription: AllSubscription): void {
    this.subscriptions.delete(subscription);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('Event store is closed');
  }

  /** Writes every queued append in one transaction, then notifies subscribers and settles the appends. */
  private flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let result: ReturnType<typeof this.writeBatch>;
    try {
      result = this.writeBatch.immediate(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    this.counters.transactions += 1;
    this.counters.appends += batch.length;
    if (result.committed.length > 0) {
      for (const subscription of [...this.subscriptions]) subscription.onCommitted(result.committed);
    }
    batch.forEach((append, index) => {
      const outcome = result.outcomes[index];
      if (outcome && 'ok' in outcome) append.resolve(outcome.ok);
      else append.reject(outcome?.error);
    });
  }

  /** Checks and writes one append inside the batch transaction; throws to fail only this append. */
  private applyAppend(append: QueuedAppend, committed: StoredEvent[]): AppendResult {
    const { stream, expected, events } = append;
    const retried = this.findRetry(append);
    if (retried) return retried;
    const head = this.statements.head.get(stream) as Head | undefined;
    const actual = head?.revision ?? -1n;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === -1n) ||
      (expected === 'stream_exists' && actual !== -1n) ||
      expected === actual;
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);
    if (events.length === 0) return { nextExpectedRevision: actual, position: head?.position ?? -1n };
    const written = this.insertEvents(stream, events, actual);
    committed.push(...written);
    const last = written[written.length - 1] as StoredEvent;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  /**
   * An append whose ids are all stored, consecutively and in order, in this stream is a retry: its
   * original result is returned and nothing is written. Any other reuse of an id is an error.
   */
  private findRetry({ stream, events }: QueuedAppend): AppendResult | undefined {
    const found = events.map((event) => this.statements.byId.get(event.id) as IdRow | undefined);
    if (found.every((row) => row === undefined)) return undefined;
    const first = found[0];
    const isRetry =
      first !== undefined &&
      found.every((row, i) => row?.stream === stream && row.revision === first.revision + BigInt(i));
    const last = found[found.length - 1];
    if (!isRetry || !last) {
      throw new DuplicateEventIdError(
        stream,
        events.filter((_, i) => found[i] !== undefined).map((event) => event.id),
      );
    }
    return { nextExpectedRevision: last.revision, position: last.position };
  }
}

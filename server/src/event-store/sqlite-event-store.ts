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
  /**
   * How often subscribers look for events that another connection (another server process on the same
   * file) committed. Default 20 ms; a check is one `PRAGMA data_version`, so it costs next to nothing.
   */
  foreignPollMs?: number;
}

/** Foreign events handed to subscribers per poll; a longer backlog continues on the next turn. */
const FOREIGN_PAGE = 1000;

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

type InsertRows = (stream: string, events: SerializedEvent[], after: bigint) => StoredEvent[];

/** An insert failed in a batch written without savepoints: roll it back, write it again with them. */
class NeedsSavepoints extends Error {
  constructor(readonly error: unknown) {
    super('insert failed outside a savepoint');
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

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
 *
 * Several processes may share one file (two server instances on one machine): SQLite's write lock
 * serialises their transactions, the expected-revision check runs inside it, and positions grow in
 * commit order. Subscribers hear of the other processes' events too, in position order: a cheap poll
 * of `PRAGMA data_version` notices them, and a local commit first hands over any not yet notified.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly writeBatch: Database.Transaction<
    (batch: QueuedAppend[], guarded: boolean) => { outcomes: Outcome[]; committed: StoredEvent[] }
  >;
  private readonly insertEvents: InsertRows;
  private readonly insertUnguarded: InsertRows;
  private readonly subscriptions = new Set<AllSubscription>();
  private queue: QueuedAppend[] = [];
  private flushTimer: NodeJS.Immediate | undefined;
  private closing: Promise<void> | undefined;
  private readonly counters = { transactions: 0, appends: 0 };
  /** The last position subscribers were told about (ours or another connection's). */
  private notifiedUpTo: bigint;
  private dataVersion: number;
  private foreignTimer: NodeJS.Timeout | undefined;
  private readonly foreignPollMs: number;

  constructor(options: SqliteEventStoreOptions) {
    const db = openDatabase(options.filename, options.busyTimeoutMs ?? 5000);
    this.db = db;
    this.statements = prepareStatements(db);
    const insertRows = (stream: string, events: SerializedEvent[], after: bigint) =>
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
      });
    // The revision and the ids are checked before the insert, so an insert does not fail in practice;
    // a savepoint per append (two more statements each) would only guard that. Batches run without
    // one; if an insert fails anyway, the whole batch rolls back and runs again with savepoints, where
    // the failure undoes only its own append.
    this.insertEvents = db.transaction(insertRows);
    this.insertUnguarded = (stream, events, after) => {
      try {
        return insertRows(stream, events, after);
      } catch (error) {
        throw new NeedsSavepoints(error);
      }
    };
    this.foreignPollMs = options.foreignPollMs ?? 20;
    this.notifiedUpTo = this.lastPosition();
    this.dataVersion = this.readDataVersion();
    this.writeBatch = db.transaction((batch: QueuedAppend[], guarded: boolean) => {
      const outcomes: Outcome[] = [];
      // Another process may have committed since subscribers last heard: its events come first, so they
      // see every position in order (ours follow theirs in the log). The write lock is held from here on.
      const committed: StoredEvent[] = this.unnotified(-1);
      for (const append of batch) {
        try {
          outcomes.push({ ok: this.applyAppend(append, committed, guarded) });
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

  async headPosition(): Promise<bigint | undefined> {
    this.assertOpen();
    const position = this.lastPosition();
    return position > 0n ? position : undefined;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const head = this.lastPosition();
    const subscription = new AllSubscription(this, handler, options, head);
    this.subscriptions.add(subscription);
    this.foreignTimer ??= setInterval(() => this.pollForeign(), this.foreignPollMs).unref();
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.foreignTimer) clearInterval(this.foreignTimer);
      this.foreignTimer = undefined;
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
    if (this.subscriptions.size === 0 && this.foreignTimer) {
      clearInterval(this.foreignTimer);
      this.foreignTimer = undefined;
    }
  }

  private lastPosition(): bigint {
    return (this.statements.lastPosition.get() as { position: bigint | null }).position ?? 0n;
  }

  /** Prepared once: `db.pragma()` compiles its statement on every call, 50 times a second here. */
  private dataVersionStatement: Database.Statement | undefined;

  private readDataVersion(): number {
    this.dataVersionStatement ??= this.db.prepare('PRAGMA data_version').pluck();
    return Number(this.dataVersionStatement.get());
  }

  /** Committed events subscribers have not heard of yet (another connection's), at most `max` (-1: all). */
  private unnotified(max: number): StoredEvent[] {
    return this.readPage(this.notifiedUpTo, max);
  }

  /**
   * Another connection committed (its data_version moved): hand its events to the subscribers, as if
   * they were ours. This process's own commits never move data_version, and are notified by flush.
   */
  private pollForeign(): void {
    if (this.closing || this.subscriptions.size === 0) return;
    try {
      const version = this.readDataVersion();
      if (version === this.dataVersion) return;
      const page = this.unnotified(FOREIGN_PAGE);
      // Not caught up yet: leave the version unseen so the next tick reads the rest.
      if (page.length < FOREIGN_PAGE) this.dataVersion = version;
      this.notify(page);
    } catch (error) {
      // A busy or briefly unreadable file: the next tick tries again; the subscriptions stay as they are.
      if (!isBusy(error)) throw error;
    }
  }

  private notify(events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.notifiedUpTo = events[events.length - 1]!.position;
    for (const subscription of [...this.subscriptions]) subscription.onCommitted(events);
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
      try {
        result = this.writeBatch.immediate(batch, false);
      } catch (error) {
        if (!(error instanceof NeedsSavepoints)) throw error;
        result = this.writeBatch.immediate(batch, true);
      }
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    this.counters.transactions += 1;
    this.counters.appends += batch.length;
    this.notify(result.committed);
    batch.forEach((append, index) => {
      const outcome = result.outcomes[index];
      if (outcome && 'ok' in outcome) append.resolve(outcome.ok);
      else append.reject(outcome?.error);
    });
  }

  /** Checks and writes one append inside the batch transaction; throws to fail only this append. */
  private applyAppend(append: QueuedAppend, committed: StoredEvent[], guarded: boolean): AppendResult {
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
    const written = (guarded ? this.insertEvents : this.insertUnguarded)(stream, events, actual);
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

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { AllSubscription, type SubscriptionSource } from './all-subscription';
import {
  DuplicateEventIdError,
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
  type SerializedEvent,
  type Statements,
} from './sqlite-schema';
import { SqliteBatchWriter, failureError, type BatchAppend, type BatchResult } from './sqlite-batch-writer';
import type { WorkerOptions, WriteRequest } from './sqlite-write-worker';

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
  /**
   * The script of the write thread, where batches are committed on a connection of its own so that
   * the event loop is not held by the transaction and its fsync. By default the compiled
   * sqlite-write-worker.js beside this module; `false` (and ':memory:', and a run from the TypeScript
   * sources, as under jest, where there is no compiled script) commits on the store's own connection.
   */
  writeWorker?: string | false;
}

/** Foreign events handed to subscribers per poll; a longer backlog continues on the next turn. */
const FOREIGN_PAGE = 1000;

interface QueuedAppend extends BatchAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** Where batches are written: on the store's own connection, or on a write thread's. */
interface BatchSink {
  write(batch: BatchAppend[], after: bigint): Promise<BatchResult>;
  close(): Promise<void>;
}

/** The compiled write thread's script; absent when the server runs from its TypeScript sources. */
export const WRITE_WORKER = path.join(__dirname, 'sqlite-write-worker.js');

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * The SQLite adapter. Appends are group-committed: they are queued, and the queue is written in one
 * transaction (after the event-loop turn, or as soon as the batch before it is committed), so one
 * fsync serves many appends. The transaction runs on a write thread: the event loop goes on with the
 * next commands while it commits. Each append is still checked on its own, in queue order, against
 * the state left by the ones before it. Subscribers are told of the committed events before the
 * appenders' promises settle.
 *
 * Several processes may share one file (two server instances on one machine): SQLite's write lock
 * serialises their transactions, the expected-revision check runs inside it, and positions grow in
 * commit order. Subscribers hear of the other processes' events too, in position order: a cheap poll
 * of `PRAGMA data_version` notices them, and a local commit first hands over any not yet notified.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly sink: BatchSink;
  /** The batch being written; the next waits for it (one transaction at a time, in queue order). */
  private writing: Promise<void> | undefined;
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
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const db = openDatabase(options.filename, busyTimeoutMs);
    this.db = db;
    this.statements = prepareStatements(db);
    this.foreignPollMs = options.foreignPollMs ?? 20;
    this.notifiedUpTo = this.lastPosition();
    this.dataVersion = this.readDataVersion();
    const script = options.writeWorker ?? (existsSync(WRITE_WORKER) ? WRITE_WORKER : false);
    this.sink =
      script && options.filename !== ':memory:'
        ? new WorkerSink(script, { filename: options.filename, busyTimeoutMs })
        : inlineSink(new SqliteBatchWriter(db));
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
      // What was queued before close is written: wait until the last batch is committed.
      this.flush();
      while (this.writing) await this.writing;
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      await this.sink.close();
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
   * they were ours. The write thread's commits move it too: they are notified by flush, and none is
   * read here while a batch is being written (its events would be told twice).
   */
  private pollForeign(): void {
    if (this.closing || this.writing || this.subscriptions.size === 0) return;
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

  /**
   * Writes every queued append in one transaction, then notifies subscribers and settles the appends.
   * One batch at a time: appends queued while one is written go in the next, right after it.
   */
  private flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    if (this.writing || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const appends = batch.map(({ stream, expected, events }): BatchAppend => ({ stream, expected, events }));
    this.writing = this.sink
      .write(appends, this.notifiedUpTo)
      .then(
        (result) => this.settle(batch, result),
        (error: unknown) => {
          for (const append of batch) append.reject(error);
        },
      )
      .finally(() => {
        this.writing = undefined;
        this.flush();
      });
  }

  private settle(batch: QueuedAppend[], result: BatchResult): void {
    this.counters.transactions += 1;
    this.counters.appends += batch.length;
    this.notify(result.committed.map(toStoredEvent));
    batch.forEach((append, index) => {
      const outcome = result.outcomes[index];
      if (outcome && 'ok' in outcome) append.resolve(outcome.ok);
      else append.reject(outcome ? failureError(outcome.failed) : new Error('append not written'));
    });
  }
}

/** Batches written on the store's own connection (in memory, or run from the TypeScript sources). */
const inlineSink = (writer: SqliteBatchWriter): BatchSink => ({
  write: async (batch, after) => writer.write(batch, after),
  close: async () => undefined,
});

/**
 * Batches written on a worker thread with its own connection (sqlite-write-worker). Requests are
 * answered in order. The thread keeps the process alive only while a batch is in it, so a CLI that
 * awaits an append is not cut short, and an idle store does not hold the process open.
 */
class WorkerSink implements BatchSink {
  private readonly worker: Worker;
  private readonly waiting: Array<{
    resolve: (result: BatchResult) => void;
    reject: (error: unknown) => void;
  }> = [];
  private failure: Error | undefined;

  constructor(entry: string, options: WorkerOptions) {
    this.worker = new Worker(entry, { workerData: options });
    this.worker.unref();
    this.worker.on('message', (message: { result?: BatchResult; error?: Record<string, unknown> }) => {
      if (!message.result && !message.error) return;
      const next = this.waiting.shift();
      if (this.waiting.length === 0) this.worker.unref();
      if (message.result) next?.resolve(message.result);
      else next?.reject(Object.assign(new Error(String(message.error!.message)), message.error));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SQLite write thread exited (${code})`)));
  }

  write(batch: BatchAppend[], after: bigint): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ batch, after } satisfies WriteRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('Event store is closed');
    await this.worker.terminate();
  }
}

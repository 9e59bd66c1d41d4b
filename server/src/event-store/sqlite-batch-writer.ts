import type Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
} from './event-store.port';
import {
  prepareStatements,
  type EventRow,
  type Head,
  type IdRow,
  type SerializedEvent,
  type Statements,
} from './sqlite-schema';

/** One queued append as the writer sees it: events already serialized (they may cross to a worker). */
export interface BatchAppend {
  stream: string;
  expected: ExpectedRevision;
  events: SerializedEvent[];
}

/** Why one append of a batch failed; plain data, so it crosses a thread and becomes an error again. */
export type AppendFailure =
  | { kind: 'wrong-revision'; stream: string; expected: ExpectedRevision; actual: bigint }
  | { kind: 'duplicate-id'; stream: string; ids: string[] }
  | { kind: 'constraint'; message: string; code: string };

export type BatchOutcome = { ok: AppendResult } | { failed: AppendFailure };

export interface BatchResult {
  outcomes: BatchOutcome[];
  /** Every event committed since `after`, in position order: other connections' first, then this batch's. */
  committed: EventRow[];
}

export const failureError = (failure: AppendFailure): Error => {
  switch (failure.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevisionError(failure.stream, failure.expected, failure.actual);
    case 'duplicate-id':
      return new DuplicateEventIdError(failure.stream, failure.ids);
    case 'constraint':
      return Object.assign(new Error(failure.message), { name: 'SqliteError', code: failure.code });
  }
};

class AppendFailed extends Error {
  constructor(readonly failure: AppendFailure) {
    super(failure.kind);
  }
}

/** An insert failed in a batch written without savepoints: roll it back, write it again with them. */
class NeedsSavepoints extends Error {
  constructor(readonly failure: AppendFailure) {
    super('insert failed outside a savepoint');
  }
}

function constraintFailure(error: unknown): AppendFailure | undefined {
  // By name and code, not `instanceof`: the native addon keeps the error class of its first load, so a
  // second load of the module (jest's per-file registry) throws instances of an older class.
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (name !== 'SqliteError' || typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT'))
    return undefined;
  return { kind: 'constraint', message: String(message), code };
}

/**
 * Writes a batch of appends in one transaction: each append is checked on its own, in order, against
 * the state the ones before it left (expected revision, ids already stored), inside the write lock.
 * Runs on the connection it is given: the store's own, or a worker thread's (see sqlite-write-worker).
 */
export class SqliteBatchWriter {
  private readonly statements: Statements;
  private readonly transaction: Database.Transaction<
    (batch: BatchAppend[], after: bigint, guarded: boolean) => BatchResult
  >;
  private readonly guardedInsert: (stream: string, events: SerializedEvent[], after: bigint) => EventRow[];

  constructor(db: Database.Database) {
    this.statements = prepareStatements(db);
    // The revision and the ids are checked before the insert, so an insert does not fail in practice;
    // a savepoint per append (two more statements each) would only guard that. Batches run without
    // one; if an insert fails anyway, the whole batch rolls back and runs again with savepoints, where
    // the failure undoes only its own append.
    this.guardedInsert = db.transaction((stream, events, after) => this.insertRows(stream, events, after));
    this.transaction = db.transaction((batch, after, guarded) => {
      const outcomes: BatchOutcome[] = [];
      // Another process may have committed since subscribers last heard: its events come first, so they
      // see every position in order (ours follow theirs in the log). The write lock is held from here on.
      const committed = this.statements.all.all(after, -1) as EventRow[];
      for (const append of batch) {
        try {
          outcomes.push({ ok: this.applyAppend(append, committed, guarded) });
        } catch (error) {
          if (!(error instanceof AppendFailed)) throw error;
          outcomes.push({ failed: error.failure });
        }
      }
      return { outcomes, committed };
    });
  }

  /** Throws only for what fails the whole batch (I/O, SQLITE_FULL, busy past the timeout...). */
  write(batch: BatchAppend[], after: bigint): BatchResult {
    try {
      return this.transaction.immediate(batch, after, false);
    } catch (error) {
      if (!(error instanceof NeedsSavepoints)) throw error;
      return this.transaction.immediate(batch, after, true);
    }
  }

  private insertRows(stream: string, events: SerializedEvent[], after: bigint): EventRow[] {
    return events.map((event, index): EventRow => {
      const revision = after + 1n + BigInt(index);
      const { id, type, data, meta } = event;
      const info = this.statements.insert.run(id, stream, revision, type, data, meta);
      return { position: BigInt(info.lastInsertRowid), id, stream, revision, type, data, meta };
    });
  }

  private applyAppend(append: BatchAppend, committed: EventRow[], guarded: boolean): AppendResult {
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
    if (!ok) throw new AppendFailed({ kind: 'wrong-revision', stream, expected, actual });
    if (events.length === 0) return { nextExpectedRevision: actual, position: head?.position ?? -1n };
    let written: EventRow[];
    try {
      written = guarded
        ? this.guardedInsert(stream, events, actual)
        : this.insertRows(stream, events, actual);
    } catch (error) {
      const failure = constraintFailure(error);
      if (!failure) throw error;
      throw guarded ? new AppendFailed(failure) : new NeedsSavepoints(failure);
    }
    committed.push(...written);
    const last = written[written.length - 1] as EventRow;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  /**
   * An append whose ids are all stored, consecutively and in order, in this stream is a retry: its
   * original result is returned and nothing is written. Any other reuse of an id is an error.
   */
  private findRetry({ stream, events }: BatchAppend): AppendResult | undefined {
    const found = events.map((event) => this.statements.byId.get(event.id) as IdRow | undefined);
    if (found.every((row) => row === undefined)) return undefined;
    const first = found[0];
    const isRetry =
      first !== undefined &&
      found.every((row, i) => row?.stream === stream && row.revision === first.revision + BigInt(i));
    const last = found[found.length - 1];
    if (!isRetry || !last) {
      const ids = events.filter((_, i) => found[i] !== undefined).map((event) => event.id);
      throw new AppendFailed({ kind: 'duplicate-id', stream, ids });
    }
    return { nextExpectedRevision: last.revision, position: last.position };
  }
}

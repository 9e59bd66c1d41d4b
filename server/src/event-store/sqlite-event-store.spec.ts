import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from './event-store.contract';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventToAppend,
  type StoredEvent,
} from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const tempFile = (): { filename: string; removeDir: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'selaras-event-store-'));
  return {
    filename: join(dir, 'events.sqlite'),
    removeDir: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/**
 * The compiled write thread (`npm test` builds first): under jest this module runs from its sources,
 * where the store would commit on its own connection, so the thread is named explicitly.
 */
const WORKER_SCRIPT = join(__dirname, '..', '..', 'dist', 'event-store', 'sqlite-write-worker.js');
if (!existsSync(WORKER_SCRIPT)) throw new Error(`${WORKER_SCRIPT} is missing: run npm run build first`);

/** Every test runs twice: committing on a write thread (the server's way) and on the store's connection. */
const MODES: Array<[string, string | false]> = [
  ['on a write thread', WORKER_SCRIPT],
  ['on its own connection', false],
];

describe.each(MODES)('SQLite store committing %s', (_mode, writeWorker) => {
  eventStoreContract('SQLite', async () => {
    const { filename, removeDir } = tempFile();
    const store = new SqliteEventStore({ filename, writeWorker });
    return {
      store,
      cleanup: async () => {
        await store.close();
        removeDir();
      },
    };
  });
});

const event = (data: unknown = {}): EventToAppend => ({ id: randomUUID(), type: 'Happened', data, meta: {} });
/** The store's connection, for tests that inject failures. */
const connectionOf = (store: SqliteEventStore): Database.Database =>
  (store as unknown as { db: Database.Database }).db;

describe.each(MODES)('SqliteEventStore committing %s', (_mode, writeWorker) => {
  let filename: string;
  let removeDir: () => void;
  let store: SqliteEventStore;

  beforeEach(() => {
    ({ filename, removeDir } = tempFile());
    store = new SqliteEventStore({ filename, writeWorker });
  });
  afterEach(async () => {
    await store.close();
    removeDir();
  });

  it('keeps events across close and reopen of the same file', async () => {
    await store.appendToStream('board-1', [event({ title: 'Rapat – Rp 1.000' }), event()]);
    await store.appendToStream('board-2', [event()]);
    const before = await store.readAll();
    await store.close();
    store = new SqliteEventStore({ filename, writeWorker });
    expect(await store.readAll()).toEqual(before);
    await expect(store.appendToStream('board-1', [event()], { expectedRevision: 1n })).resolves.toEqual({
      nextExpectedRevision: 2n,
      position: 4n,
    });
  });

  it('runs in WAL mode with synchronous=FULL and a busy timeout, at schema version 1', async () => {
    expect(store.pragmas).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeout: 5000 });
    await store.close();
    const raw = new Database(filename, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const columns = (raw.pragma('table_info(events)') as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual(['position', 'id', 'stream', 'revision', 'type', 'data', 'meta']);
    } finally {
      raw.close();
    }
  });

  it('also works in memory', async () => {
    const memory = new SqliteEventStore({ filename: ':memory:' });
    await memory.appendToStream('s', [event(), event()]);
    expect(await memory.readStream('s', { direction: 'backwards' })).toHaveLength(2);
    await memory.close();
  });

  it('group-commits appends fired together into far fewer transactions', async () => {
    const before = store.stats.transactions;
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => store.appendToStream(`stream-${i}`, [event({ i })])),
    );
    expect(store.stats.transactions - before).toBeLessThanOrEqual(5);
    expect(new Set(results.map((result) => result.position)).size).toBe(500);
    expect(await store.readAll()).toHaveLength(500);
  });

  it('fails only the appends of a batch whose checks fail', async () => {
    await store.appendToStream('taken', [event()]);
    const before = store.stats.transactions;
    const used = event();
    await store.appendToStream('used', [used]);
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream('taken', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream('a', [event()], { expectedRevision: 0n }),
      store.appendToStream('b', [used]),
      store.appendToStream('a', [event()], { expectedRevision: 5n }),
      store.appendToStream('a', [event()], { expectedRevision: 1n }),
    ]);
    expect(store.stats.transactions - before).toBe(2);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const reasons = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(reasons[0]).toBeInstanceOf(WrongExpectedRevisionError);
    expect(reasons[1]).toBeInstanceOf(DuplicateEventIdError);
    expect(reasons[2]).toMatchObject({ stream: 'a', expected: 5n, actual: 1n });
    expect((await store.readStream('a')).map((stored) => stored.revision)).toEqual([0n, 1n, 2n]);
    expect(await store.readStream('taken')).toHaveLength(1);
    expect(await store.readStream('b')).toEqual([]);
  });

  it('rolls back only the append that hits a constraint inside a batch', async () => {
    connectionOf(store).exec(
      "CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
    );
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event()]),
      store.appendToStream('b', [event(), { ...event(), type: 'Poison' }]),
      store.appendToStream('a', [event()]),
    ]);
    expect(
      settled.map((o) => (o.status === 'rejected' ? `rejected: ${String(o.reason)}` : o.status)),
    ).toEqual(['fulfilled', 'rejected: SqliteError: poisoned', 'fulfilled']);
    expect(await store.readStream('b')).toEqual([]);
    expect(await store.readStream('a')).toHaveLength(2);
  });

  it('rejects the whole batch when the transaction fails, and recovers', async () => {
    // A runtime error that is not a constraint (as an I/O error or a full disk would be), raised on
    // whichever connection commits: abs() of the smallest integer overflows.
    connectionOf(store).exec(
      "CREATE TRIGGER explode BEFORE INSERT ON events WHEN NEW.type = 'Explode' BEGIN SELECT abs(-9223372036854775808); END",
    );
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll((stored) => {
      seen.push(stored);
    });
    await subscription.caughtUp;
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event()]),
      store.appendToStream('b', [{ ...event(), type: 'Explode' }]),
      store.appendToStream('c', [event()]),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of settled) {
      expect(outcome.status === 'rejected' && (outcome.reason as Error).message).toBe('integer overflow');
    }
    expect(await store.readAll()).toEqual([]);
    await expect(store.appendToStream('a', [event()], { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: 0n,
      position: expect.any(BigInt) as unknown,
    });
    expect(seen.map((stored) => stored.stream)).toEqual(['a']);
  });

  it('rejects an append that repeats an id within itself', async () => {
    const repeated = event();
    await expect(store.appendToStream('a', [repeated, repeated])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
  });

  it('delivers live events to an idle synchronous subscriber before the append settles', async () => {
    const seen: bigint[] = [];
    const subscription = store.subscribeToAll((stored) => {
      seen.push(stored.position);
    });
    await subscription.caughtUp;
    const { position } = await store.appendToStream('a', [event()]);
    expect(seen).toEqual([position]);
  });

  it('flushes queued appends on close, then rejects appends and reads', async () => {
    const queued = store.appendToStream('a', [event()]);
    await store.close();
    await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 0n });
    await expect(store.appendToStream('a', [event()])).rejects.toThrow('closed');
    await expect(store.readAll()).rejects.toThrow('closed');
    store = new SqliteEventStore({ filename, writeWorker });
    expect(await store.readStream('a')).toHaveLength(1);
  });
});

describe.each(MODES)(
  'SqliteEventStore shared by two connections (two processes on one file), committing %s',
  (_mode, writeWorker) => {
    let filename: string;
    let removeDir: () => void;
    let mine: SqliteEventStore;
    let theirs: SqliteEventStore;

    beforeEach(() => {
      ({ filename, removeDir } = tempFile());
      mine = new SqliteEventStore({ filename, foreignPollMs: 5, writeWorker });
      theirs = new SqliteEventStore({ filename, foreignPollMs: 5, writeWorker });
    });
    afterEach(async () => {
      await mine.close();
      await theirs.close();
      removeDir();
    });

    const until = async (condition: () => boolean): Promise<void> => {
      for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(condition()).toBe(true);
    };

    it("delivers the other connection's commits to live subscribers", async () => {
      const seen: StoredEvent[] = [];
      const subscription = mine.subscribeToAll((stored) => {
        seen.push(stored);
      });
      await subscription.caughtUp;
      await theirs.appendToStream('board-1', [event({ n: 1 }), event({ n: 2 })]);
      await until(() => seen.length === 2);
      expect(seen.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      await subscription.stop();
    });

    it('keeps position order when a local commit follows a foreign one before the poll sees it', async () => {
      const seen: bigint[] = [];
      const subscription = mine.subscribeToAll((stored) => {
        seen.push(stored.position);
      });
      await subscription.caughtUp;
      // Both appends are issued in one turn: theirs commits first, ours right after, before any poll.
      await Promise.all([
        theirs.appendToStream('board-1', [event()]),
        theirs.appendToStream('board-2', [event()]),
      ]);
      await mine.appendToStream('board-3', [event()]);
      await until(() => seen.length === 3);
      const all = (await mine.readAll()).map((e) => e.position);
      expect(seen).toEqual(all);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(seen).toEqual(all); // and nothing twice once the poll runs
      await subscription.stop();
    });

    it('serialises appends to one stream across connections by expected revision', async () => {
      await mine.appendToStream('board-1', [event()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        mine.appendToStream('board-1', [event()], { expectedRevision: 0n }),
        theirs.appendToStream('board-1', [event()], { expectedRevision: 0n }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await mine.readStream('board-1')).map((e) => e.revision)).toEqual([0n, 1n]);
    });
  },
);

describe('SqliteEventStore write thread', () => {
  it('keeps a process alive until its appends are committed, and lets it end after', () => {
    // A command-line tool appends and exits when nothing is left to do: the thread must not let the
    // process end with an append in it, nor hold an idle process open (this one never closes its store).
    const { filename, removeDir } = tempFile();
    try {
      const store = join(__dirname, '..', '..', 'dist', 'event-store', 'sqlite-event-store.js');
      const script = `
        const { SqliteEventStore } = require(${JSON.stringify(store)});
        const store = new SqliteEventStore({ filename: ${JSON.stringify(filename)} });
        const event = (i) => ({ id: require('node:crypto').randomUUID(), type: 'Happened', data: { i }, meta: {} });
        (async () => {
          for (let i = 0; i < 3; i++) await store.appendToStream('cli', [event(i)]);
          process.stdout.write('appended ' + store.stats.transactions);
        })();`;
      const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      expect(output).toBe('appended 3');
      const reader = new Database(filename, { readonly: true });
      try {
        expect(reader.prepare("SELECT COUNT(*) AS n FROM events WHERE stream = 'cli'").get()).toEqual({
          n: 3,
        });
      } finally {
        reader.close();
      }
    } finally {
      removeDir();
    }
  });

  it('fails appends (never leaves them waiting) when the thread cannot run', async () => {
    const { filename, removeDir } = tempFile();
    const store = new SqliteEventStore({ filename, writeWorker: join(tmpdir(), 'no-such-writer.js') });
    try {
      await expect(store.appendToStream('a', [event()])).rejects.toThrow();
      await expect(store.appendToStream('a', [event()])).rejects.toThrow();
      expect(await store.readAll()).toEqual([]);
    } finally {
      await store.close();
      removeDir();
    }
  });
});

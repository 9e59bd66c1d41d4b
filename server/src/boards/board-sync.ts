import { GENESIS_HASH, type RecordedEvent, initialBoardState } from '@selaras/shared';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import type { BoardHandle as CommandBoard } from './board-commands';
import { loadBoard } from './board-loader';
import { type ApplyResult, BoardProjection } from './board-projection';
import { BoardWriter } from './board-writer';
import { type CommandOutcome, RetryableError } from './command-outcome';
import type { LiveFeed } from './live-feed';
import { boardStream, toAppend, toRecorded } from './recorded';
import type { SnapshotStore } from './snapshot-store';

const SNAPSHOT_COMMANDS = 20_000;
/**
 * A snapshot is serialised on the event loop (~65 ms for the 5,000-sub-kegiatan board, a few hundred µs
 * for the demo board): the next one of a board waits at least this many times that long, so snapshots
 * take at most ~1% of the server's time however busy the board is, ...
 */
export const SNAPSHOT_PAUSE_FACTOR = 100;
/** ...and never longer than this (a slow disk or a busy machine must not stop snapshots for long). */
export const MAX_SNAPSHOT_PAUSE_MS = 60_000;
const READ_PAGE = 1000;
/** The longest a writer waits before trying again after its appends kept losing to other servers. */
const MAX_BACKOFF_MS = 64;

export interface BoardHandle extends CommandBoard {
  writer: BoardWriter | undefined;
  replacing: Promise<BoardWriter> | undefined;
  read: { running: Promise<boolean>; next?: Promise<boolean> } | undefined;
  rebuilding: Promise<void> | undefined;
  snapshotRevision: number;
  snapshotting: boolean;
  /** Not before (Date.now()): the pause after the last snapshot, paced by what serialising it cost. */
  nextSnapshotAt: number;
  /** A snapshot that came due during that pause, written when it ends. */
  snapshotTimer: NodeJS.Timeout | undefined;
  /** Appends in a row that lost to another server's (reset by one that lands). */
  lost: number;
}

/**
 * Keeps each board's committed projection in step with the store and gives the command path a writer
 * it can trust: events from the subscription and from catch-up reads go through one door
 * (`committed`), in revision order; a stale writer is replaced by a copy of the committed board once
 * its last append has settled and the store has been read.
 */
export class BoardSync {
  private readonly boards = new Map<string, BoardHandle>();

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
    private readonly config: AppConfig,
    private readonly logger: Logger,
    private readonly feed: LiveFeed,
  ) {}

  get size(): number {
    return this.boards.size;
  }

  get(boardId: string): BoardHandle | undefined {
    return this.boards.get(boardId);
  }

  handles(): BoardHandle[] {
    return [...this.boards.values()];
  }

  /** Loads a board from its snapshot and the store (at start-up). */
  async load(boardId: string): Promise<BoardHandle> {
    const { projection, snapshotRevision } = await loadBoard(
      this.store,
      this.snapshots,
      this.logger,
      boardId,
    );
    const board = this.handle(boardId, projection);
    board.snapshotRevision = snapshotRevision;
    return board;
  }

  /** A board this server has no events of yet (created here or elsewhere): they come in from revision 0. */
  placeholder(boardId: string): BoardHandle {
    return (
      this.boards.get(boardId) ??
      this.handle(boardId, new BoardProjection(boardId, initialBoardState(boardId), GENESIS_HASH))
    );
  }

  private handle(boardId: string, projection: BoardProjection): BoardHandle {
    const board: BoardHandle = {
      boardId,
      projection,
      inflight: new Map<string, Promise<CommandOutcome>>(),
      writer: undefined,
      replacing: undefined,
      read: undefined,
      rebuilding: undefined,
      snapshotRevision: projection.revision,
      snapshotting: false,
      nextSnapshotAt: 0,
      snapshotTimer: undefined,
      lost: 0,
    };
    this.boards.set(boardId, board);
    this.feed.start(boardId, projection.revision);
    return board;
  }

  /** The one door for committed events (subscription and catch-up reads alike). */
  committed(board: BoardHandle, event: RecordedEvent): ApplyResult {
    const result = board.projection.apply(event);
    if (result === 'applied') {
      board.writer?.committed(event);
      this.feed.push(board.boardId, event);
    } else if (result === 'gap') {
      // An event went by unseen (this server was loading): the store has it.
      this.catchUp(board).catch((error: unknown) =>
        this.logger.warn({ err: error, boardId: board.boardId }, 'catch-up failed'),
      );
    } else if (result === 'rejected') {
      this.stop(board);
    }
    return result;
  }

  private stop(board: BoardHandle): void {
    const { boardId, projection } = board;
    this.logger.error(
      { boardId, revision: projection.unhealthy?.revision, reason: projection.unhealthy?.reason },
      'board stopped before an event this server cannot apply; marked unhealthy, the other boards run on',
    );
    board.writer = undefined;
    if (!projection.poisoned || board.rebuilding) return;
    const upTo = (projection.unhealthy?.revision ?? 0) - 1;
    board.rebuilding = loadBoard(this.store, this.snapshots, this.logger, boardId, upTo)
      .then(({ projection: rebuilt }) => {
        rebuilt.unhealthy = projection.unhealthy;
        board.projection = rebuilt;
      })
      .catch((error: unknown) => this.logger.error({ err: error, boardId }, 'board could not be rebuilt'))
      .finally(() => (board.rebuilding = undefined));
  }

  /**
   * Reads what the store has after the committed board, through `committed`. Calls while a read runs
   * share one follow-up read that starts after it, so a caller always sees what the store held when it
   * asked. True when anything new was applied.
   */
  catchUp(board: BoardHandle): Promise<boolean> {
    const current = board.read;
    if (!current) {
      const running = this.readStore(board);
      board.read = { running };
      void running.then(
        () => this.readDone(board),
        () => this.readDone(board),
      );
      return running;
    }
    current.next ??= current.running.then(
      () => this.readStore(board),
      () => this.readStore(board),
    );
    return current.next;
  }

  private readDone(board: BoardHandle): void {
    const next = board.read?.next;
    if (!next) {
      board.read = undefined;
      return;
    }
    board.read = { running: next };
    void next.then(
      () => this.readDone(board),
      () => this.readDone(board),
    );
  }

  private async readStore(board: BoardHandle): Promise<boolean> {
    let applied = false;
    for (;;) {
      if (board.projection.unhealthy) return applied;
      let page: RecordedEvent[];
      try {
        const stored = await this.store.readStream(boardStream(board.boardId), {
          fromRevision: BigInt(board.projection.revision + 1),
          maxCount: READ_PAGE,
        });
        page = stored.map(toRecorded);
      } catch (error) {
        throw new RetryableError(error);
      }
      for (const event of page) {
        const result = this.committed(board, event);
        if (result === 'applied') applied = true;
        else if (result !== 'duplicate') return applied;
      }
      if (page.length < READ_PAGE) return applied;
    }
  }

  /**
   * Makes every loaded board's writer before the first command needs it: a writer starts from a private
   * copy of the board, ~200 ms of structuredClone on a 5,000 sub-kegiatan board, which the first
   * command after a start used to wait for (and everything sent meanwhile behind it). One board at a
   * time, yielding between them; a board that cannot fold is left alone.
   */
  async prepareWriters(stopped: () => boolean = () => false): Promise<void> {
    for (const board of this.handles()) {
      if (stopped()) return;
      const { projection } = board;
      if (board.writer || projection.revision < 0 || projection.poisoned || projection.unhealthy) continue;
      try {
        await this.writerOf(board);
      } catch (error) {
        this.logger.warn(
          { err: error, boardId: board.boardId },
          'writer not prepared (made on first command)',
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The board's writer; a stale one is replaced once its last append settled and the store was read. */
  writerOf(board: BoardHandle): Promise<BoardWriter> {
    const writer = board.writer;
    if (writer && !writer.stale) return Promise.resolve(writer);
    board.replacing ??= this.replaceWriter(board, writer).finally(() => (board.replacing = undefined));
    return board.replacing;
  }

  private async replaceWriter(board: BoardHandle, stale: BoardWriter | undefined): Promise<BoardWriter> {
    await stale?.settled();
    // Several servers appending to one board at once: a server whose appends keep losing steps aside
    // for a random, growing while (exponential backoff with full jitter), so one of them gets through.
    if (board.lost > 0) {
      const ms = Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** board.lost);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    await this.catchUp(board);
    const { projection, boardId } = board;
    const stream = boardStream(boardId);
    const writer = new BoardWriter(
      boardId,
      structuredClone(projection.state),
      projection.hash,
      async (events, expected) => {
        await this.store.appendToStream(stream, events.map(toAppend), { expectedRevision: BigInt(expected) });
      },
      (ok) => (board.lost = ok ? 0 : board.lost + 1),
    );
    board.writer = writer;
    return writer;
  }

  /** Committed events by revision: from memory when it reaches back, else from the store. */
  async eventsAt(board: BoardHandle, revisions: readonly number[]): Promise<RecordedEvent[]> {
    const inMemory = board.projection.fromMemory(revisions);
    if (inMemory) return inMemory;
    const out: RecordedEvent[] = [];
    for (let i = 0; i < revisions.length;) {
      let j = i;
      while (j + 1 < revisions.length && revisions[j + 1] === revisions[j]! + 1) j++;
      const stored = await this.store.readStream(boardStream(board.boardId), {
        fromRevision: BigInt(revisions[i]!),
        maxCount: j - i + 1,
      });
      out.push(...stored.map(toRecorded));
      i = j + 1;
    }
    return out;
  }

  /**
   * Every `snapshotEvery` events, paced: within the pause after the last snapshot, it is written when
   * the pause ends (so a burst that then stops still leaves a snapshot behind).
   */
  snapshotIfDue(boardId: string): void {
    const board = this.boards.get(boardId);
    if (!board || board.projection.revision - board.snapshotRevision < this.config.snapshotEvery) return;
    const wait = board.nextSnapshotAt - Date.now();
    if (wait <= 0) {
      void this.snapshot(board);
      return;
    }
    board.snapshotTimer ??= setTimeout(() => {
      board.snapshotTimer = undefined;
      this.snapshotIfDue(boardId);
    }, wait).unref();
  }

  private async snapshot(board: BoardHandle): Promise<void> {
    const { projection, boardId } = board;
    if (projection.revision < 0 || projection.poisoned || board.snapshotting) return;
    if (projection.revision === board.snapshotRevision) return;
    board.snapshotting = true;
    try {
      const started = performance.now();
      // Serialised synchronously, before write's first await: this is what the event loop paid.
      const writing = this.snapshots.write({
        format: 2,
        boardId,
        revision: projection.revision,
        headHash: projection.hash,
        state: projection.state,
        commands: projection.commandIndex(SNAPSHOT_COMMANDS),
        keys: projection.keys.entries(),
      });
      const pause = Math.min(MAX_SNAPSHOT_PAUSE_MS, (performance.now() - started) * SNAPSHOT_PAUSE_FACTOR);
      board.nextSnapshotAt = Date.now() + pause;
      await writing;
      board.snapshotRevision = projection.revision;
    } catch (error) {
      this.logger.warn({ err: error, boardId }, 'snapshot not written (harmless: it is only a cache)');
    } finally {
      board.snapshotting = false;
    }
  }

  /** Lets appends in flight settle, then writes every board's snapshot. */
  async shutdown(): Promise<void> {
    for (const board of this.handles()) clearTimeout(board.snapshotTimer);
    await Promise.all(this.handles().map((board) => board.writer?.settled()));
    await Promise.all(this.handles().map((board) => this.snapshot(board)));
  }
}

import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type Actor,
  type BoardState,
  type BoardSummary,
  type RecordedEvent,
  type CommandEnvelope,
  commandEnvelopeSchema,
  decide,
  parseCommand,
  validate,
  initialBoardState,
} from '@selaras/shared';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
  type Subscription,
} from '../event-store/event-store.port';
import { TimeTravel } from '../audit/time-travel';
import { ApiError } from '../http/api-error';
import { LOGGER } from '../logging/logger';
import { BoardCommands } from './board-commands';
import { type BoardHandle, BoardSync } from './board-sync';
import type { Unhealthy } from './board-projection';
import { CATALOG_STREAM, registerBoard } from './catalog';
import { type CommandOutcome, RetryableError, boardNotFound, boardUnhealthy } from './command-outcome';
import { type CommittedListener, LiveFeed } from './live-feed';
import { BOARD_STREAM_PREFIX, boardStream, toRecorded } from './recorded';
import { SnapshotStore } from './snapshot-store';

export type { CommittedListener } from './live-feed';
export type { CommandOutcome } from './command-outcome';

/**
 * How long, and at least how many times, one command is tried against a store that keeps moving under
 * it (other servers writing the board) before it is answered 503. A time as well as a count: a server
 * that shares the board with a busy one, on a loaded machine, can lose many rounds in a row.
 */
const MIN_ATTEMPTS = 16;
const RETRY_BUDGET_MS = 3000;

/**
 * Boards in memory. Each board has a committed projection (the fold of its stream, advanced only in
 * revision order from the store: this server's events, other servers' events, catch-up reads) that
 * readers and live sockets see, and a writer whose head runs ahead with this server's appends in flight.
 * Stateless across servers: every server subscribes to the store, learns boards created elsewhere from
 * the catalog, and before answering a command it cannot store (or one based on a revision it has not
 * seen) reads what the store has.
 */
@Injectable()
export class BoardsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sync: BoardSync;
  private readonly commands: BoardCommands<BoardHandle>;
  private readonly listeners = new Set<CommittedListener>();
  private readonly feed: LiveFeed;
  private subscription: Subscription | undefined;
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    /** RevertProgram's past values come from time travel; without it a revert is refused. */
    @Optional() private readonly timeTravel?: TimeTravel,
  ) {
    this.feed = new LiveFeed(
      (boardId, events) => this.emit(boardId, events),
      (boardId) => this.sync.snapshotIfDue(boardId),
    );
    this.sync = new BoardSync(store, new SnapshotStore(config.snapshotDir), config, logger, this.feed);
    this.commands = new BoardCommands({
      writerOf: (board) => this.sync.writerOf(board),
      catchUp: (board) => this.sync.catchUp(board),
      eventsAt: (board, revisions) => this.sync.eventsAt(board, revisions),
      ...(timeTravel && {
        programAt: (boardId: string, programId: string, revision: number) =>
          timeTravel.programAt(boardId, programId, revision),
      }),
    });
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    // Taken first: whatever another server commits while the boards load comes through the subscription.
    const after = await this.store.headPosition();
    const catalog = await this.store.readStream(CATALOG_STREAM);
    for (const entry of catalog) await this.sync.load((entry.data as { boardId: string }).boardId);
    this.subscription = this.store.subscribeToAll((event) => this.onStored(event), {
      after,
      onError: (error) => this.logger.error({ err: error }, 'store subscription failed'),
    });
    await this.subscription.caughtUp;
    this.logger.info(
      { boards: this.sync.size, ms: Math.round(performance.now() - started) },
      'boards loaded',
    );
  }

  onApplicationBootstrap(): void {
    // Once the server listens: each board's writer is made before a command has to wait for it.
    setTimeout(() => void this.sync.prepareWriters(() => this.stopping), 20).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.sync.shutdown();
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listBoards(): BoardSummary[] {
    return this.sync.handles().flatMap(({ projection: p }) =>
      p.revision >= 0 && !p.poisoned
        ? [
            {
              id: p.boardId,
              title: p.state.title,
              revision: p.revision,
              sample: p.state.sample,
              synthetic: p.state.synthetic,
            },
          ]
        : [],
    );
  }

  /** Boards this server has stopped on an event it cannot apply (GET /api/health). */
  unhealthyBoards(): Array<Unhealthy & { boardId: string }> {
    return this.sync
      .handles()
      .flatMap(({ boardId, projection }) =>
        projection.unhealthy ? [{ boardId, ...projection.unhealthy }] : [],
      );
  }

  /** The committed board (what is durable), or 404. */
  board(boardId: string): { state: BoardState; headHash: string } {
    const projection = this.sync.get(boardId)?.projection;
    if (!projection || projection.revision < 0) throw boardNotFound(boardId);
    if (projection.poisoned)
      throw boardUnhealthy(boardId, projection.unhealthy?.revision ?? projection.revision);
    return { state: projection.state, headHash: projection.hash };
  }

  /**
   * Makes sure a board another server created is known here (the catalog subscription brings it
   * too, a moment later): true when the board exists.
   */
  async ensureBoard(boardId: string): Promise<boolean> {
    const known = this.sync.get(boardId);
    if (known && known.projection.revision >= 0) return true;
    const [last] = await this.store.readStream(boardStream(boardId), { direction: 'backwards', maxCount: 1 });
    if (!last) return false;
    await this.sync.catchUp(this.sync.placeholder(boardId));
    return (this.sync.get(boardId)?.projection.revision ?? -1) >= 0;
  }

  /** The revision up to which events have gone out live; socket catch-up reads up to it. */
  broadcastRevision(boardId: string): number | undefined {
    const revision = this.feed.revision(boardId);
    return revision !== undefined && revision >= 0 ? revision : undefined;
  }

  /**
   * Waits until `revision` has gone out live on this server, reading the store first: a client may hold
   * a revision another server gave it a moment ago. False if the board does not reach it.
   */
  async reachLive(boardId: string, revision: number, timeoutMs = 2000): Promise<boolean> {
    if ((this.feed.revision(boardId) ?? -1) >= revision) return true;
    const board = this.sync.get(boardId);
    if (!board) return false;
    await this.sync.catchUp(board);
    if (board.projection.revision < revision) return false;
    return this.feed.until(boardId, revision, timeoutMs);
  }

  /** Committed events after `after`, at most `limit`, never past what has been broadcast. */
  async events(
    boardId: string,
    after: number,
    limit: number,
  ): Promise<{ revision: number; events: RecordedEvent[] }> {
    const revision = this.broadcastRevision(boardId);
    if (revision === undefined) throw boardNotFound(boardId);
    const count = Math.min(limit, revision - after);
    if (count <= 0) return { revision, events: [] };
    const stored = await this.store.readStream(boardStream(boardId), {
      fromRevision: BigInt(after + 1),
      maxCount: count,
    });
    return { revision, events: stored.map(toRecorded) };
  }

  async execute(boardId: string, body: unknown, actor: Actor): Promise<CommandOutcome> {
    const parsed = validate(commandEnvelopeSchema, body ?? {});
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    const envelope = parsed.data;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      let board = (await this.ensureBoard(boardId)) ? this.sync.get(boardId) : undefined;
      if (!board) {
        if (envelope.type !== 'CreateBoard') throw boardNotFound(boardId);
        // Nothing is written for a board that would not be created (bad data, a reader's attempt).
        const refused = dryRunCreate(boardId, envelope, actor);
        if (refused) return refused;
        board = this.sync.placeholder(boardId);
        await registerBoard(this.store, boardId);
      }
      try {
        return await this.commands.execute(board, envelope, actor);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        this.logger.debug(
          { boardId, attempt, err: error.cause },
          'board writer out of date; resynchronising',
        );
        if (attempt + 1 >= MIN_ATTEMPTS && performance.now() - started >= RETRY_BUDGET_MS) {
          this.logger.warn({ boardId, err: error.cause }, 'command not stored after repeated attempts');
          throw ApiError.unavailable(
            'Penyimpanan sedang tidak tersedia; perintah belum tersimpan, coba lagi.',
            'The store is unavailable; the command was not saved, try again.',
          );
        }
        // The writer is replaced (after a backoff when other servers keep winning) on the next attempt.
      }
    }
  }

  /** Runs a command as a given actor (demo seeding, CLI tools); `commandId` makes a repeat idempotent. */
  async run(
    boardId: string,
    type: string,
    data: unknown,
    actor: Actor,
    commandId: string = randomUUID(),
  ): Promise<CommandOutcome> {
    const baseRevision = this.sync.get(boardId)?.projection.revision ?? -1;
    return this.execute(boardId, { commandId, type, baseRevision, data }, actor);
  }

  /** Store subscription: every committed event, this server's and the others', in position order. */
  private onStored(stored: StoredEvent): void {
    try {
      if (stored.stream === CATALOG_STREAM) {
        const boardId = (stored.data as { boardId?: unknown } | null)?.boardId;
        if (typeof boardId === 'string' && !this.sync.get(boardId)) this.sync.placeholder(boardId);
        return;
      }
      if (!stored.stream.startsWith(BOARD_STREAM_PREFIX)) return;
      const board = this.sync.get(stored.stream.slice(BOARD_STREAM_PREFIX.length));
      if (board) this.sync.committed(board, toRecorded(stored));
    } catch (error) {
      // One board's trouble never stops the subscription the other boards depend on.
      this.logger.error(
        { err: error, stream: stored.stream, revision: String(stored.revision) },
        'event not handled',
      );
    }
  }

  private emit(boardId: string, events: RecordedEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(boardId, events);
      } catch (error) {
        this.logger.error({ err: error, boardId }, 'live listener failed');
      }
    }
  }
}

/** The answer a CreateBoard for a board that does not exist yet would get, if it is a refusal. */
function dryRunCreate(boardId: string, envelope: CommandEnvelope, actor: Actor): CommandOutcome | undefined {
  const parsed = parseCommand(envelope.type, envelope.data);
  if (!parsed.success) {
    const error = ApiError.validation(parsed.issues, {
      id: 'Data perintah CreateBoard',
      en: 'CreateBoard data',
    });
    return { status: error.status, body: error.body };
  }
  const decision = decide(parsed.command, initialBoardState(boardId), { actor, now: '', newId: randomUUID });
  if (decision.ok) return undefined;
  const error = ApiError.domain(decision.error);
  return { status: error.status, body: error.body };
}

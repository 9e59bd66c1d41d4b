import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type Actor,
  type BoardState,
  type BoardSummary,
  type RecordedEvent,
  GENESIS_HASH,
  type CommandEnvelope,
  commandEnvelopeSchema,
  decide,
  parseCommand,
  validate,
  foldInPlace,
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
import { BoardSession, type CommandOutcome, RetryableError } from './board-session';
import { CATALOG_STREAM, registerBoard } from './catalog';
import { BOARD_STREAM_PREFIX, boardStream, toAppend, toRecorded } from './recorded';
import { SnapshotStore } from './snapshot-store';

const SNAPSHOT_COMMANDS = 20_000;

export type CommittedListener = (boardId: string, events: RecordedEvent[]) => void;

/**
 * Boards in memory, each a fold of its stream. Commands go through a board's session; committed
 * events come back through one store subscription, which advances what readers see and feeds the
 * live sockets (so a second server on the same store would push the same events).
 */
@Injectable()
export class BoardsService implements OnModuleInit, OnApplicationShutdown {
  private readonly sessions = new Map<string, BoardSession>();
  private readonly reloads = new Map<string, Promise<BoardSession>>();
  private readonly listeners = new Set<CommittedListener>();
  private readonly outbox = new Map<string, RecordedEvent[]>();
  private readonly snapshotting = new Set<string>();
  private readonly snapshotRevision = new Map<string, number>();
  private readonly snapshots: SnapshotStore;
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    /** RevertProgram's past values come from time travel; without it a revert is refused. */
    @Optional() private readonly timeTravel?: TimeTravel,
  ) {
    this.snapshots = new SnapshotStore(config.snapshotDir);
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    let lastPosition: bigint | undefined;
    const catalog = await this.store.readStream(CATALOG_STREAM);
    for (const entry of catalog) {
      lastPosition = maxBig(lastPosition, entry.position);
      const boardId = (entry.data as { boardId: string }).boardId;
      const { session, position } = await this.load(boardId);
      if (session.head.revision >= 0) this.sessions.set(boardId, session);
      lastPosition = maxBig(lastPosition, position);
    }
    this.subscription = this.store.subscribeToAll((event) => this.onStored(event), {
      after: lastPosition,
      onError: (error) => this.logger.error({ err: error }, 'store subscription failed'),
    });
    await this.subscription.caughtUp;
    this.logger.info(
      { boards: this.sessions.size, ms: Math.round(performance.now() - started) },
      'boards loaded',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await Promise.all([...this.sessions.values()].map((s) => this.snapshot(s, true)));
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listBoards(): BoardSummary[] {
    return [...this.sessions.values()]
      .filter((s) => s.committed.revision >= 0)
      .map((s) => ({
        id: s.boardId,
        title: s.committed.title,
        revision: s.committed.revision,
        sample: s.committed.sample,
        synthetic: s.committed.synthetic,
      }));
  }

  /** The committed board (what is durable), or 404. */
  board(boardId: string): { state: BoardState; headHash: string } {
    const session = this.sessions.get(boardId);
    if (!session || session.committed.revision < 0) throw boardNotFound(boardId);
    return { state: session.committed, headHash: session.committedHash };
  }

  /** The revision up to which events have gone out live; socket catch-up reads up to it. */
  broadcastRevision(boardId: string): number | undefined {
    const session = this.sessions.get(boardId);
    return session && session.committed.revision >= 0 ? session.broadcastRevision : undefined;
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
    for (let attempt = 0; ; attempt++) {
      let session = await this.current(boardId);
      if (!session) {
        if (envelope.type !== 'CreateBoard') throw boardNotFound(boardId);
        // Nothing is written for a board that would not be created (bad data, a reader's attempt).
        const refused = dryRunCreate(boardId, envelope, actor);
        if (refused) return refused;
        session = await this.register(boardId);
      }
      try {
        return await session.execute(envelope, actor);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        this.logger.warn({ boardId, attempt, err: error.cause }, 'board session out of date; reloading');
        if (attempt >= 3) {
          throw ApiError.unavailable(
            'Penyimpanan sedang tidak tersedia; perintah belum tersimpan, coba lagi.',
            'The store is unavailable; the command was not saved, try again.',
          );
        }
        await this.reload(boardId, session);
      }
    }
  }

  private async current(boardId: string): Promise<BoardSession | undefined> {
    const reloading = this.reloads.get(boardId);
    if (reloading) return reloading;
    return this.sessions.get(boardId);
  }

  /** A new board: its catalog entry first (idempotent), then an empty session its CreateBoard runs in. */
  private async register(boardId: string): Promise<BoardSession> {
    const existing = this.sessions.get(boardId);
    if (existing) return existing;
    const session = new BoardSession(
      boardId,
      initialBoardState(boardId),
      GENESIS_HASH,
      this.sessionIo(boardId),
    );
    this.sessions.set(boardId, session);
    await registerBoard(this.store, boardId);
    return session;
  }

  private reload(boardId: string, stale: BoardSession): Promise<BoardSession> {
    const running = this.reloads.get(boardId);
    if (running) return running;
    const reload = (async () => {
      await stale.drained();
      const { session } = await this.load(boardId);
      this.sessions.set(boardId, session);
      return session;
    })().finally(() => this.reloads.delete(boardId));
    this.reloads.set(boardId, reload);
    return reload;
  }

  /** Snapshot (if it chains onto the stream) + the events after it; else the whole stream. */
  private async load(boardId: string): Promise<{ session: BoardSession; position: bigint | undefined }> {
    const stream = boardStream(boardId);
    const snapshot = await this.snapshots.read(boardId);
    let stored = await this.store.readStream(stream, {
      fromRevision: BigInt((snapshot?.revision ?? -1) + 1),
    });
    let base = snapshot;
    if (snapshot && stored[0] && (stored[0].meta as RecordedEvent['meta']).prevHash !== snapshot.headHash) {
      this.logger.warn(
        { boardId, revision: snapshot.revision },
        'snapshot does not chain onto the stream; rebuilding',
      );
      base = undefined;
      stored = await this.store.readStream(stream);
    }
    const events = stored.map(toRecorded);
    const state = foldInPlace(base?.state ?? initialBoardState(boardId), events);
    state.activeMeeting ??= null; // a snapshot written before meetings existed
    const hash = events.length ? events[events.length - 1]!.meta.hash : (base?.headHash ?? GENESIS_HASH);
    const session = new BoardSession(boardId, state, hash, this.sessionIo(boardId));
    for (const [commandId, from, to] of base?.commands ?? []) session.rememberCommand(commandId, from, to);
    for (const e of events) session.rememberCommand(e.meta.commandId, e.revision, e.revision);
    session.remember(events.slice(-5000));
    this.snapshotRevision.set(boardId, base?.revision ?? -1);
    let position = stored.length ? stored[stored.length - 1]!.position : undefined;
    if (position === undefined && state.revision >= 0) {
      position = (await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]?.position;
    }
    return { session, position };
  }

  private sessionIo(boardId: string) {
    const stream = boardStream(boardId);
    return {
      append: async (events: RecordedEvent[], expected: number) => {
        await this.store.appendToStream(stream, events.map(toAppend), { expectedRevision: BigInt(expected) });
      },
      read: async (from: number, to: number) =>
        (await this.store.readStream(stream, { fromRevision: BigInt(from), maxCount: to - from + 1 })).map(
          toRecorded,
        ),
      programAt: this.timeTravel
        ? (programId: string, revision: number) => this.timeTravel!.programAt(boardId, programId, revision)
        : undefined,
    };
  }

  /** Store subscription: advance committed state, then hand the batch to listeners once per tick. */
  private onStored(stored: StoredEvent): void {
    if (!stored.stream.startsWith(BOARD_STREAM_PREFIX)) return;
    const boardId = stored.stream.slice(BOARD_STREAM_PREFIX.length);
    const session = this.sessions.get(boardId);
    if (!session) return;
    const event = toRecorded(stored);
    if (!session.onCommitted(event)) {
      if (session.chainBroken !== undefined) {
        this.logger.error(
          { boardId, revision: session.chainBroken },
          'hash chain broken in the store by a second writer',
        );
      }
      this.logger.warn(
        { boardId, revision: event.revision },
        'unexpected event from the store; session will reload',
      );
      void this.reload(boardId, session);
      return;
    }
    if (event.revision <= session.broadcastRevision) return;
    const batch = this.outbox.get(boardId);
    if (batch) batch.push(event);
    else {
      this.outbox.set(boardId, [event]);
      queueMicrotask(() => this.flush(boardId));
    }
  }

  private flush(boardId: string): void {
    const events = this.outbox.get(boardId);
    this.outbox.delete(boardId);
    const session = this.sessions.get(boardId);
    if (!events?.length || !session) return;
    session.broadcastRevision = events[events.length - 1]!.revision;
    for (const listener of this.listeners) {
      try {
        listener(boardId, events);
      } catch (error) {
        this.logger.error({ err: error, boardId }, 'live listener failed');
      }
    }
    if (
      session.committed.revision - (this.snapshotRevision.get(boardId) ?? -1) >=
      this.config.snapshotEvery
    ) {
      void this.snapshot(session, false);
    }
  }

  private async snapshot(session: BoardSession, force: boolean): Promise<void> {
    const { boardId } = session;
    const state = session.committed;
    if (state.revision < 0 || this.snapshotting.has(boardId)) return;
    if (!force && state.revision === this.snapshotRevision.get(boardId)) return;
    this.snapshotting.add(boardId);
    try {
      await this.snapshots.write({
        format: 1,
        boardId,
        revision: state.revision,
        headHash: session.committedHash,
        state,
        commands: session.commandIndex(SNAPSHOT_COMMANDS),
      });
      this.snapshotRevision.set(boardId, state.revision);
    } catch (error) {
      this.logger.warn({ err: error, boardId }, 'snapshot not written (harmless: it is only a cache)');
    } finally {
      this.snapshotting.delete(boardId);
    }
  }

  /** Runs a command as a given actor with a fresh command id (demo seeding, CLI tools). */
  async run(boardId: string, type: string, data: unknown, actor: Actor): Promise<CommandOutcome> {
    const baseRevision = this.sessions.get(boardId)?.head.revision ?? -1;
    return this.execute(boardId, { commandId: randomUUID(), type, baseRevision, data }, actor);
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

function boardNotFound(boardId: string): ApiError {
  return new ApiError(404, {
    error: 'BoardNotFound',
    message: `Papan "${boardId}" tidak ditemukan.`,
    messageEn: `Board "${boardId}" was not found.`,
  });
}

function maxBig(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import {
  type BoardState,
  type Program,
  type RecordedEvent,
  foldInPlace,
  forkFor,
  initialBoardState,
} from '@selaras/shared';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { LOGGER } from '../logging/logger';
import { boardStream, toRecorded } from '../boards/recorded';
import { CheckpointCache, type Checkpoint } from './checkpoint-cache';
import { CheckpointFiles } from './checkpoint-files';

/** A checkpoint every this many revisions: at most this many events are folded per request. */
export const CHECKPOINT_EVERY = 1000;
/** Every tenth checkpoint also goes to disk (≈ 7 MB each on a 5,000-program board). */
const FILE_EVERY = 10 * CHECKPOINT_EVERY;
/** Memory checkpoints across all boards (a 100k-event board needs 101). */
const CAPACITY = 400;

export interface PastBoard {
  /** Read-only: it may share objects with cached checkpoints. */
  state: BoardState;
  hash: string;
  at: string;
}

/**
 * Time travel (DESIGN.md §5): the board as of any revision is the one fold of the stream up to it,
 * started from the nearest checkpoint at or below (memory, then disk, then the beginning) and rebuilt
 * when missing. Checkpoints are only a cache and can be dropped at any time.
 */
@Injectable()
export class TimeTravel {
  private readonly cache = new CheckpointCache(CAPACITY);
  private readonly files: CheckpointFiles;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.files = new CheckpointFiles(path.join(config.snapshotDir, 'checkpoints'));
  }

  /** The board right after `revision`, which must exist in the store. */
  async boardAt(boardId: string, revision: number): Promise<PastBoard> {
    const base = await this.checkpoint(boardId, Math.floor(revision / CHECKPOINT_EVERY) * CHECKPOINT_EVERY);
    if (base.revision === revision) return base;
    const events = await this.read(boardId, base.revision + 1, revision);
    const last = events[events.length - 1];
    if (last?.revision !== revision) throw new Error(`board ${boardId} has no revision ${revision}`);
    return {
      state: foldInPlace(forkFor(base.state, events), events),
      hash: last.meta.hash,
      at: last.meta.at,
    };
  }

  /** A program as it was right after `revision` (a copy the caller may keep), null if it did not exist. */
  async programAt(boardId: string, programId: string, revision: number): Promise<Program | null> {
    const { state } = await this.boardAt(boardId, revision);
    const program = Object.hasOwn(state.programs, programId) ? state.programs[programId] : undefined;
    return program ? structuredClone(program) : null;
  }

  /** Builds every checkpoint up to `revision` ahead of need (in the background after start-up). */
  async warm(boardId: string, revision: number): Promise<void> {
    await this.checkpoint(boardId, Math.floor(revision / CHECKPOINT_EVERY) * CHECKPOINT_EVERY);
  }

  private async checkpoint(boardId: string, target: number): Promise<Checkpoint> {
    const hit = this.cache.get(boardId, target);
    if (hit) return hit;
    // One build per board at a time: a second request for a nearby point waits and then hits the cache.
    const previous = this.locks.get(boardId) ?? Promise.resolve();
    const run = previous.then(() => this.build(boardId, target));
    const settled = run.catch(() => undefined);
    this.locks.set(boardId, settled);
    void settled.then(() => {
      if (this.locks.get(boardId) === settled) this.locks.delete(boardId);
    });
    return run;
  }

  private async build(boardId: string, target: number): Promise<Checkpoint> {
    let checkpoint = this.cache.get(boardId, target) ?? (await this.start(boardId, target));
    while (checkpoint.revision < target) {
      const next = Math.min(
        target,
        (Math.floor(checkpoint.revision / CHECKPOINT_EVERY) + 1) * CHECKPOINT_EVERY,
      );
      const events = await this.read(boardId, checkpoint.revision + 1, next);
      const last = events[events.length - 1];
      if (last?.revision !== next) throw new Error(`board ${boardId} has no revision ${next}`);
      const state = foldInPlace(forkFor(checkpoint.state, events), events);
      checkpoint = { revision: next, state, hash: last.meta.hash, at: last.meta.at };
      this.cache.put(boardId, checkpoint);
      if (next % FILE_EVERY === 0) this.save(boardId, checkpoint);
      // Long builds (a cold 100k-event board) must not hold the event loop: commands keep flowing.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return checkpoint;
  }

  /** The highest usable checkpoint at or below `target`: memory, a file that matches the stream, or the start. */
  private async start(boardId: string, target: number): Promise<Checkpoint> {
    const inMemory = this.cache.atOrBelow(boardId, target);
    for (const revision of await this.files.revisions(boardId)) {
      if (revision > target || (inMemory && revision <= inMemory.revision)) continue;
      const file = await this.files.read(boardId, revision);
      const [event] = file ? await this.read(boardId, revision, revision) : [];
      if (file && event?.meta.hash === file.hash) {
        this.cache.put(boardId, file);
        return file;
      }
      this.logger.warn({ boardId, revision }, 'checkpoint file does not match the stream; ignored');
    }
    return inMemory ?? { revision: -1, state: initialBoardState(boardId), hash: '', at: '' };
  }

  private save(boardId: string, checkpoint: Checkpoint): void {
    this.files.write(boardId, checkpoint).catch((error: unknown) => {
      this.logger.warn({ err: error, boardId }, 'checkpoint file not written (harmless: it is only a cache)');
    });
  }

  private async read(boardId: string, from: number, to: number): Promise<RecordedEvent[]> {
    if (to < from) return [];
    const stored = await this.store.readStream(boardStream(boardId), {
      fromRevision: BigInt(from),
      maxCount: to - from + 1,
    });
    return stored.map(toRecorded);
  }
}

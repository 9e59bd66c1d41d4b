import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { RecordedEvent } from '@selaras/shared';
import type { Logger } from 'pino';
import { BoardsService } from '../boards/boards.service';
import { boardStream, toRecorded } from '../boards/recorded';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { LOGGER } from '../logging/logger';
import { AuditIndex } from './audit-index';
import { TimeTravel } from './time-travel';

const PAGE = 2000;

/**
 * One AuditIndex per board: built from the stream on first use (and in the background after start-up,
 * with the time-travel checkpoints), then kept up to date by the live feed. A gap in the feed (an index
 * still catching up) is filled from the store, one catch-up per board at a time.
 */
@Injectable()
export class AuditIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly indexes = new Map<string, AuditIndex>();
  private readonly catchUps = new Map<string, Promise<AuditIndex>>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly boards: BoardsService,
    private readonly timeTravel: TimeTravel,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.unsubscribe = boards.onCommitted((boardId, events) => this.onCommitted(boardId, events));
  }

  onApplicationBootstrap(): void {
    // After the server listens: a long board's index and checkpoints build while it already serves.
    setTimeout(() => void this.warmAll(), 50).unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** The board's index, caught up with at least what the store held when this was called. */
  async index(boardId: string): Promise<AuditIndex> {
    const index = this.indexes.get(boardId);
    if (index && index.head >= (this.boards.broadcastRevision(boardId) ?? -1)) return index;
    return this.catchUp(boardId);
  }

  private onCommitted(boardId: string, events: RecordedEvent[]): void {
    const index = this.indexes.get(boardId);
    if (!index) return; // built on first use
    if (!index.append(events)) void this.catchUp(boardId);
  }

  private catchUp(boardId: string): Promise<AuditIndex> {
    const running = this.catchUps.get(boardId);
    if (running) return running;
    const run = (async () => {
      let index = this.indexes.get(boardId);
      if (!index) this.indexes.set(boardId, (index = new AuditIndex()));
      for (;;) {
        const page = await this.store.readStream(boardStream(boardId), {
          fromRevision: BigInt(index.next),
          maxCount: PAGE,
        });
        if (!index.append(page.map(toRecorded))) {
          // A hole in the stream (events deleted behind the server's back): the verifier names it.
          this.logger.error(
            { boardId, revision: index.next },
            'board stream has a gap; audit index stops there',
          );
          return index;
        }
        if (page.length < PAGE) return index;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => this.catchUps.delete(boardId));
    this.catchUps.set(boardId, run);
    return run;
  }

  private async warmAll(): Promise<void> {
    for (const board of this.boards.listBoards()) {
      if (this.stopped) return;
      const started = performance.now();
      try {
        const index = await this.index(board.id);
        await this.timeTravel.warm(board.id, index.head);
        this.logger.info(
          { boardId: board.id, revision: index.head, ms: Math.round(performance.now() - started) },
          'audit index and time-travel checkpoints ready',
        );
      } catch (error) {
        if (!this.stopped) this.logger.warn({ err: error, boardId: board.id }, 'audit warm-up failed');
      }
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type {
  AuditLogResponse,
  BoardAtResponse,
  CompareResponse,
  ProgramHistoryResponse,
  RecordedEvent,
  TimelineResponse,
  VerifyResponse,
} from '@selaras/shared';
import { BoardsService } from '../boards/boards.service';
import { boardStream, toRecorded } from '../boards/recorded';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/api-error';
import type { AuditIndex } from './audit-index';
import { AuditIndexService } from './audit-index.service';
import { type AuditQuery, type PointQuery, filterOf } from './audit-query';
import { compareBoards } from './compare';
import { compareRincian } from './compare-rincian';
import { historyFromEvents } from './history-from-events';
import { type PastBoard, TimeTravel } from './time-travel';
import { verifyBoard } from './verify';

/** Every answer here is a fold over the board's stream, or a read of it through the audit index. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly boards: BoardsService,
    private readonly indexes: AuditIndexService,
    private readonly timeTravel: TimeTravel,
  ) {}

  /** The revision a point names: `at` as given (it must exist), `asOf` the last event at or before it. */
  async resolve(boardId: string, point: PointQuery): Promise<{ revision: number; index: AuditIndex }> {
    const latest = this.boards.board(boardId).state.revision;
    const index = await this.indexes.index(boardId);
    if ('at' in point) {
      if (point.at > latest) {
        throw badPoint(
          `Revisi ${point.at} belum ada; papan ini di revisi ${latest}.`,
          `Revision ${point.at} does not exist; this board is at revision ${latest}.`,
        );
      }
      return { revision: point.at, index };
    }
    const revision = index.revisionAt(point.asOf);
    if (revision < 0) {
      const created = index.timeOf(0);
      throw badPoint(
        `Papan ini belum ada pada ${new Date(point.asOf).toISOString()} (dibuat ${created}).`,
        `This board did not exist yet at ${new Date(point.asOf).toISOString()} (created ${created}).`,
      );
    }
    return { revision: Math.min(revision, latest), index };
  }

  async boardAt(boardId: string, point: PointQuery): Promise<BoardAtResponse> {
    const { revision } = await this.resolve(boardId, point);
    const past = await this.timeTravel.boardAt(boardId, revision);
    const latestRevision = this.boards.board(boardId).state.revision;
    return { revision, headHash: past.hash, at: past.at, board: past.state, latestRevision };
  }

  /** Every change to a program, newest first. */
  async history(boardId: string, programId: string): Promise<ProgramHistoryResponse> {
    this.boards.board(boardId);
    const index = await this.indexes.index(boardId);
    const revisions = index.revisionsOf(programId);
    if (revisions.length === 0) {
      throw new ApiError(404, {
        error: 'ProgramNotFound',
        message: `Program "${programId.slice(0, 80)}" tidak ada di papan ini.`,
        messageEn: `Program "${programId.slice(0, 80)}" is not on this board.`,
      });
    }
    const events = await this.readRevisions(boardId, revisions);
    const head = await this.head(boardId, index);
    return { programId, ...head, entries: historyFromEvents(events) };
  }

  async auditLog(boardId: string, query: AuditQuery): Promise<AuditLogResponse> {
    this.boards.board(boardId);
    const index = await this.indexes.index(boardId);
    const before = query.before ?? index.next;
    const { revisions, more } = index.query(filterOf(query), before, query.limit);
    const events = await this.readRevisions(boardId, [...revisions].reverse());
    return {
      ...(await this.head(boardId, index)),
      entries: events.reverse(),
      nextBefore: more ? revisions[revisions.length - 1]! : null,
    };
  }

  async compare(boardId: string, from: PointQuery, to: PointQuery): Promise<CompareResponse> {
    const a = await this.resolve(boardId, from);
    const b = await this.resolve(boardId, to);
    if (a.revision > b.revision) {
      throw badPoint(
        `Titik awal (revisi ${a.revision}) harus sebelum titik akhir (revisi ${b.revision}).`,
        `The first point (revision ${a.revision}) must come before the second (revision ${b.revision}).`,
      );
    }
    // Sequential: the second fold may reuse the checkpoints the first one built.
    const pastA = await this.timeTravel.boardAt(boardId, a.revision);
    const pastB = await this.timeTravel.boardAt(boardId, b.revision);
    return {
      ...(await this.head(boardId, b.index)),
      from: stampOf(a.revision, pastA),
      to: stampOf(b.revision, pastB),
      ...compareBoards(pastA.state, pastB.state),
      rincian: compareRincian(pastA.state, pastB.state),
      actors: b.index.actorsBetween(a.revision, b.revision),
    };
  }

  async timeline(boardId: string): Promise<TimelineResponse> {
    this.boards.board(boardId);
    const index = await this.indexes.index(boardId);
    return {
      ...(await this.head(boardId, index)),
      firstAt: index.timeOf(0),
      lastAt: index.timeOf(index.head),
      meetings: [...index.meetings],
      milestones: [...index.milestones],
    };
  }

  verify(boardId: string): Promise<VerifyResponse> {
    const { state, headHash } = this.boards.board(boardId);
    return verifyBoard(this.store, boardId, { revision: state.revision, hash: headHash });
  }

  /** The index's head revision and the hash of the event there. */
  async head(boardId: string, index: AuditIndex): Promise<{ revision: number; headHash: string }> {
    const [event] = await this.readRevisions(boardId, index.head >= 0 ? [index.head] : []);
    return { revision: index.head, headHash: event?.meta.hash ?? '' };
  }

  /** The events at these revisions (ascending), read in runs so scattered pages cost few queries. */
  async readRevisions(boardId: string, revisions: readonly number[]): Promise<RecordedEvent[]> {
    const wanted = new Set(revisions);
    const out: RecordedEvent[] = [];
    let i = 0;
    while (i < revisions.length) {
      const first = revisions[i]!;
      let last = first;
      // Merge nearby revisions into one read: a few extra rows cost less than another query.
      while (i + 1 < revisions.length && revisions[i + 1]! - last <= 16) last = revisions[++i]!;
      i++;
      const stored = await this.store.readStream(boardStream(boardId), {
        fromRevision: BigInt(first),
        maxCount: last - first + 1,
      });
      for (const event of stored) if (wanted.has(Number(event.revision))) out.push(toRecorded(event));
    }
    return out;
  }
}

function stampOf(revision: number, past: PastBoard) {
  return { revision, at: past.at, headHash: past.hash };
}

function badPoint(message: string, messageEn: string): ApiError {
  return new ApiError(400, { error: 'InvalidPoint', message, messageEn });
}

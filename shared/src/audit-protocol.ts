import type { RecordedEvent } from './domain/events';
import type { Actor, BoardState, ProgramFields } from './domain/types';

/**
 * The audit and time-travel contract (issue 4): every answer is a fold over the board's stream.
 * Added to the API, never renamed (docs/api.md "Audit and time travel").
 */

/** GET /api/boards/:boardId?at=<revision> | ?asOf=<ISO time>: the board as of that point. */
export interface BoardAtResponse {
  revision: number;
  /** The hash of the event at `revision`: pins exactly which history this view is. */
  headHash: string;
  /** The server time of the event at `revision`. */
  at: string;
  board: BoardState;
  /** The board's current revision, so a client knows how far "now" is. */
  latestRevision: number;
}

/** One field that changed, with its value before and after (values as in the read model). */
export interface FieldChange {
  /** `title`, `code`, `opdId`, `notes`, `sumberDana`, `lokasi`, `indicators`, `pagu.2026`, `column`, `tag`, `archived` … */
  field: string;
  before: unknown;
  after: unknown;
}

/** One entry of a program's history: who, when and what changed, field by field. */
export interface HistoryEntry {
  revision: number;
  at: string;
  actor: Actor;
  type: RecordedEvent['type'];
  changes: FieldChange[];
  /** ProgramMoved: the stages by id (titles are in the board). */
  fromColumnId?: string;
  toColumnId?: string;
  /** ProgramCommented: the comment. ProgramArchived / RevertProgram: the reason. */
  text?: string;
  /** Set when a RevertProgram made this change: the revision whose values it brought back. */
  revertedTo?: number;
  /**
   * Kegiatan and sub-kegiatan events (issue 11): which one changed. `changes` are then its fields
   * (`exists` when added, `notes`, `indicators`, `lokasi`, `pagu.2026`, `archived`). `title` is given
   * when the event carries it (added); otherwise read it from the board.
   */
  rincian?: { level: 'kegiatan' | 'subKegiatan'; code: string; title?: string };
}

/** GET /api/boards/:boardId/programs/:programId/history → newest first. */
export interface ProgramHistoryResponse {
  programId: string;
  revision: number;
  /** The hash of the event at `revision` (every answer names the history it was made from). */
  headHash?: string;
  entries: HistoryEntry[];
}

/**
 * GET /api/boards/:boardId/audit?actor=&opd=&program=&type=&from=&to=&before=&limit=
 * Newest first, paged on the server: `before` is exclusive (the `nextBefore` of the previous page);
 * `from`/`to` are ISO times; `type` may repeat or be comma-separated; `limit` 1–500 (default 100).
 */
export interface AuditLogResponse {
  revision: number;
  headHash?: string;
  entries: RecordedEvent[];
  /** Pass as `before` for the next (older) page; null when this page reached the first event. */
  nextBefore: number | null;
}

/** A program as the comparison names it. */
export interface ComparedProgram {
  programId: string;
  code: string;
  title: string;
  opdId: string;
}

/** GET /api/boards/:boardId/compare?from=<revision>&to=<revision> (or fromAsOf / toAsOf). */
export interface CompareResponse {
  /** The board's revision and head hash when the comparison was made. */
  revision?: number;
  headHash?: string;
  from: { revision: number; at: string; headHash: string };
  to: { revision: number; at: string; headHash: string };
  /** `fields`: the added program's card as of `to` (so the page can show its pagu and targets). */
  added: Array<ComparedProgram & { columnId: string; fields?: ProgramFields }>;
  archived: ComparedProgram[];
  restored: ComparedProgram[];
  moved: Array<ComparedProgram & { fromColumnId: string; toColumnId: string }>;
  revised: Array<ComparedProgram & { changes: FieldChange[] }>;
  /**
   * Kegiatan and sub-kegiatan that changed (issue 11), per program: added, archived (taken off),
   * restored, revised field by field (`indicators` = re-targeted, `pagu.2026`, `lokasi`, `notes`), and
   * the program's effective pagu per year where it changed (`programPagu`, see `programPagu` in shared).
   */
  rincian?: Array<ComparedProgram & { changes: RincianChange[]; programPagu: FieldChange[] }>;
  /** Who made the changes in the range, with how many events each. */
  actors: Array<{ actor: Actor; events: number }>;
}

/** One kegiatan or sub-kegiatan in a comparison. */
export interface RincianChange {
  level: 'kegiatan' | 'subKegiatan';
  code: string;
  title: string;
  kind: 'added' | 'archived' | 'restored' | 'revised';
  /** Field by field for 'revised' (and the fields it was added with, for 'added'). */
  changes: FieldChange[];
}

/** GET /api/boards/:boardId/verify: the hash chain recomputed from the store. */
export type VerifyResponse =
  | { ok: true; revision: number; headHash: string; events: number }
  | {
      ok: false;
      revision: number;
      brokenAt: number;
      reason: string;
      reasonEn: string;
      /** The hashes that disagree, when the break is a hash mismatch. */
      expected?: string;
      actual?: string;
    };

export interface Meeting {
  meetingId: string;
  title: string;
  startedAt: string;
  startRevision: number;
  endedAt: string | null;
  endRevision: number | null;
  startedBy: Actor;
}

export interface Milestone {
  milestoneId: string;
  title: string;
  at: string;
  revision: number;
  by: Actor;
}

/** GET /api/boards/:boardId/timeline: named points for the slider. */
export interface TimelineResponse {
  revision: number;
  headHash?: string;
  firstAt: string;
  lastAt: string;
  meetings: Meeting[];
  milestones: Milestone[];
}

/** The fields RevertProgram can bring back ('place' = its column and position; 'rincian' = its tree). */
export type RevertPart = keyof ProgramFields | 'place' | 'rincian';

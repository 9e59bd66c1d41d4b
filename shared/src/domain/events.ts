import type { Opd } from '../reference/opds';
import type { ReferenceItem, ReferenceList } from '../reference/reference-lists';
import type { Actor, KegiatanFields, ProgramFields, SubKegiatanFields } from './types';

/** Past-tense facts. Plain readonly JSON: never classes, never updated or deleted. */
export type BoardEvent =
  | {
      type: 'BoardCreated';
      data: {
        boardId: string;
        title: string;
        description: string;
        sample: boolean;
        synthetic: boolean;
        nomenclatureVersion: string;
        columns: Array<{ id: string; title: string; rank: string }>;
        opds: Opd[];
        referenceLists: ReferenceList[];
      };
    }
  | {
      type: 'ProgramProposed';
      data: ProgramFields & { programId: string; columnId: string; rank: string };
    }
  | {
      type: 'ProgramRevised';
      /** `before` holds the previous value of every changed field, so the history reads without a fold. */
      data: { programId: string; changes: Partial<ProgramFields>; before: Partial<ProgramFields> } & Reverted;
    }
  | {
      type: 'ProgramMoved';
      data: {
        programId: string;
        fromColumnId: string;
        toColumnId: string;
        rank: string;
        fromRank: string;
      } & Reverted;
    }
  | { type: 'ProgramTagged'; data: { programId: string; listId: string; itemId: string } }
  | { type: 'ProgramUntagged'; data: { programId: string; listId: string; itemId: string } }
  | { type: 'ProgramCommented'; data: { programId: string; commentId: string; text: string } }
  | { type: 'ProgramArchived'; data: { programId: string; reason: string } & Reverted }
  | {
      type: 'ProgramUnarchived';
      /** `rank` is where it returns (its old rank unless that was taken meanwhile). */
      data: { programId: string; rank?: string } & Reverted;
    }
  | { type: 'ColumnAdded'; data: { columnId: string; title: string; rank: string } }
  | { type: 'ColumnRenamed'; data: { columnId: string; title: string; before: string } }
  /** Whether OPDs may move their programs into this column (issue 5; Bappeda decides). */
  | { type: 'ColumnPolicySet'; data: { columnId: string; opdMoves: boolean } }
  | { type: 'ColumnMoved'; data: { columnId: string; rank: string; fromRank: string } }
  | { type: 'ReferenceItemAdded'; data: { listId: string; item: ReferenceItem } }
  | { type: 'MeetingStarted'; data: { meetingId: string; title: string } }
  | { type: 'MeetingEnded'; data: { meetingId: string; title: string; startRevision: number } }
  | { type: 'MilestoneMarked'; data: { milestoneId: string; title: string } }
  // Kegiatan and sub-kegiatan under a program (issue 11): identified by their nomenclature code within it.
  | {
      type: 'KegiatanAdded';
      /** `revertedTo` when a RevertProgram brought it back. */
      data: KegiatanFields & { programId: string; code: string; title: string } & Reverted;
    }
  | {
      type: 'KegiatanRevised';
      data: {
        programId: string;
        code: string;
        changes: Partial<KegiatanFields>;
        before: Partial<KegiatanFields>;
      } & Reverted;
    }
  | { type: 'KegiatanArchived'; data: { programId: string; code: string; reason: string } & Reverted }
  | { type: 'KegiatanUnarchived'; data: { programId: string; code: string } & Reverted }
  | {
      type: 'SubKegiatanAdded';
      /** Its kegiatan is the code's parent (`parentCode`), already on the program. */
      data: SubKegiatanFields & { programId: string; code: string; title: string } & Reverted;
    }
  | {
      type: 'SubKegiatanRevised';
      /** `pagu` in `changes`/`before` holds only the years that changed (merged per year, as for programs). */
      data: {
        programId: string;
        code: string;
        changes: Partial<SubKegiatanFields>;
        before: Partial<SubKegiatanFields>;
      } & Reverted;
    }
  | {
      type: 'SubKegiatanArchived';
      data: { programId: string; code: string; reason: string } & Reverted;
    }
  | { type: 'SubKegiatanUnarchived'; data: { programId: string; code: string } & Reverted }
  /** The bidang urusan an OPD is mapped to (board data the secretariat edits). */
  | { type: 'OpdBidangSet'; data: { opdId: string; bidang: string[]; before: string[] } }
  /**
   * The board moved to another nomenclature version. Codes the new version renumbers are renamed on the
   * board; names that changed are retitled; codes the new version lacks are listed as removed (the
   * programs keep them, marked, until someone changes them).
   */
  | {
      type: 'NomenclatureChanged';
      data: {
        from: string;
        to: string;
        renamed: Array<{ from: string; to: string }>;
        retitled: Array<{ code: string; before: string; after: string }>;
        removed: string[];
      };
    };

/**
 * Set on the events a RevertProgram made: the revision whose values they bring back and the person's
 * reason. Nothing in the past is rewritten; the revert is new facts of the usual kinds.
 */
export interface Reverted {
  revertedTo?: number;
  reason?: string;
}

export type BoardEventType = BoardEvent['type'];

export const BOARD_EVENT_TYPES: readonly BoardEventType[] = [
  'BoardCreated',
  'ProgramProposed',
  'ProgramRevised',
  'ProgramMoved',
  'ProgramTagged',
  'ProgramUntagged',
  'ProgramCommented',
  'ProgramArchived',
  'ProgramUnarchived',
  'ColumnAdded',
  'ColumnRenamed',
  'ColumnPolicySet',
  'ColumnMoved',
  'ReferenceItemAdded',
  'MeetingStarted',
  'MeetingEnded',
  'MilestoneMarked',
  'KegiatanAdded',
  'KegiatanRevised',
  'KegiatanArchived',
  'KegiatanUnarchived',
  'SubKegiatanAdded',
  'SubKegiatanRevised',
  'SubKegiatanArchived',
  'SubKegiatanUnarchived',
  'OpdBidangSet',
  'NomenclatureChanged',
];

export type EventOfType<T extends BoardEventType> = Extract<BoardEvent, { type: T }>;

export interface EventMeta {
  actor: Actor;
  /** Server time, ISO 8601 UTC. */
  at: string;
  commandId: string;
  prevHash: string;
  hash: string;
}

/** An event as stored and sent: its board revision and metadata with the hash chain. */
export type RecordedEvent<E extends BoardEvent = BoardEvent> = E & {
  id: string;
  revision: number;
  meta: EventMeta;
};

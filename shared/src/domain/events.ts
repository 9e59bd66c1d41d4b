import type { Opd } from '../reference/opds';
import type { ReferenceItem, ReferenceList } from '../reference/reference-lists';
import type { Actor, ProgramFields } from './types';

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
  | { type: 'MilestoneMarked'; data: { milestoneId: string; title: string } };

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

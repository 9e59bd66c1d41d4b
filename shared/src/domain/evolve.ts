import { produce, type Draft } from 'immer';
import type { BoardEvent, EventMeta } from './events';
import { applyNomenclatureChanged, applyRincian } from './evolve-rincian';
import { compareRanked } from './rank';
import {
  initialBoardState,
  own,
  type BoardState,
  type Column,
  type Program,
  type ProgramFields,
} from './types';

/** What folding needs of a recorded event: the fact, its revision, who and when. */
export type FoldableEvent = BoardEvent & { revision: number; meta: Pick<EventMeta, 'actor' | 'at'> };

/**
 * evolve(state, event) → state. Pure and structurally shared (only what the event touches is copied),
 * so the client can compare by reference and a remote event never re-renders the whole board.
 */
export function evolve(state: BoardState, event: FoldableEvent): BoardState {
  return produce(state, (draft) => {
    apply(draft, event);
  });
}

/**
 * Folds many events in one copy-on-write pass: the same rules as `evolve`, without a copy of the
 * board per event. Used for start-up, rebuilds and time travel.
 */
export function fold(state: BoardState, events: Iterable<FoldableEvent>): BoardState {
  return produce(state, (draft) => {
    for (const event of events) apply(draft, event);
  });
}

/**
 * Applies events to a board the caller owns, mutating it in place: the same rules as `evolve`, without
 * any copy, for a server that keeps one private board in memory (on a 5,000-program board `evolve`
 * copies the program index per event). Never pass a state that was shared or came from `evolve`.
 */
export function foldInPlace(state: BoardState, events: Iterable<FoldableEvent>): BoardState {
  for (const event of events) apply(state as Draft<BoardState>, event);
  return state;
}

/** The board as of its first events: `boardAt(id, events)` folds them from the empty board. */
export function boardFrom(boardId: string, events: Iterable<FoldableEvent>): BoardState {
  return fold(initialBoardState(boardId), events);
}

function apply(board: Draft<BoardState>, event: FoldableEvent): void {
  board.revision = event.revision;
  const { at, actor } = event.meta;
  switch (event.type) {
    case 'BoardCreated': {
      const d = event.data;
      board.title = d.title;
      board.description = d.description;
      board.sample = d.sample;
      board.synthetic = d.synthetic;
      board.nomenclatureVersion = d.nomenclatureVersion;
      board.createdAt = at;
      board.columns = d.columns.map((c) => ({ ...c, programIds: [] }));
      board.opds = Object.fromEntries(d.opds.map((o) => [o.id, o]));
      // Copies what later events mutate in place: in one `fold` (one immer recipe) objects assigned here
      // are not drafts, so pushing into them would change the event itself (or throw once it is frozen).
      board.referenceLists = Object.fromEntries(
        d.referenceLists.map((l) => [l.id, { ...l, items: [...l.items] }]),
      );
      return;
    }
    case 'ProgramProposed': {
      const { programId, columnId, rank, ...fields } = event.data;
      board.programs[programId] = {
        ...fields,
        pagu: { ...fields.pagu }, // merged in place by ProgramRevised: never alias the event's object
        id: programId,
        columnId,
        rank,
        tags: [],
        comments: [],
        archived: false,
        proposedBy: actor,
        proposedAt: at,
        updatedAt: at,
        updatedRevision: event.revision,
      };
      insertInColumn(board, columnId, programId);
      return;
    }
    case 'ProgramRevised': {
      const program = touch(board, event.data.programId, event);
      const { pagu, ...rest } = event.data.changes;
      Object.assign(program, rest as Partial<ProgramFields>);
      if (pagu) Object.assign(program.pagu, pagu);
      return;
    }
    case 'ProgramMoved': {
      const { programId, fromColumnId, toColumnId, rank } = event.data;
      const program = touch(board, programId, event);
      removeFromColumn(board, fromColumnId, programId);
      program.columnId = toColumnId;
      program.rank = rank;
      insertInColumn(board, toColumnId, programId);
      return;
    }
    case 'ProgramTagged': {
      const { programId, listId, itemId } = event.data;
      touch(board, programId, event).tags.push({ listId, itemId });
      return;
    }
    case 'ProgramUntagged': {
      const { programId, listId, itemId } = event.data;
      const program = touch(board, programId, event);
      program.tags = program.tags.filter((t) => !(t.listId === listId && t.itemId === itemId));
      return;
    }
    case 'ProgramCommented': {
      const { programId, commentId, text } = event.data;
      touch(board, programId, event).comments.push({
        id: commentId,
        text,
        actor,
        at,
        revision: event.revision,
      });
      return;
    }
    case 'ProgramArchived': {
      const program = touch(board, event.data.programId, event);
      program.archived = true;
      removeFromColumn(board, program.columnId, program.id);
      return;
    }
    case 'ProgramUnarchived': {
      const program = touch(board, event.data.programId, event);
      program.archived = false;
      if (event.data.rank !== undefined) program.rank = event.data.rank;
      insertInColumn(board, program.columnId, program.id);
      return;
    }
    case 'ColumnAdded': {
      const { columnId, title, rank } = event.data;
      board.columns.push({ id: columnId, title, rank, programIds: [] });
      board.columns.sort(compareRanked);
      return;
    }
    case 'ColumnRenamed': {
      const column = board.columns.find((c) => c.id === event.data.columnId);
      if (column) column.title = event.data.title;
      return;
    }
    case 'ColumnPolicySet': {
      const column = board.columns.find((c) => c.id === event.data.columnId);
      if (column) column.opdMoves = event.data.opdMoves;
      return;
    }
    case 'ColumnMoved': {
      const column = board.columns.find((c) => c.id === event.data.columnId);
      if (column) column.rank = event.data.rank;
      board.columns.sort(compareRanked);
      return;
    }
    case 'ReferenceItemAdded': {
      own(board.referenceLists, event.data.listId)?.items.push(event.data.item);
      return;
    }
    case 'MeetingStarted': {
      const { meetingId, title } = event.data;
      board.activeMeeting = { meetingId, title, startedAt: at, startRevision: event.revision };
      return;
    }
    case 'MeetingEnded': {
      if (board.activeMeeting?.meetingId === event.data.meetingId) board.activeMeeting = null;
      return;
    }
    case 'MilestoneMarked':
      return; // a named point on the timeline: the board itself does not change
    case 'KegiatanAdded':
    case 'KegiatanRevised':
    case 'KegiatanArchived':
    case 'KegiatanUnarchived':
    case 'SubKegiatanAdded':
    case 'SubKegiatanRevised':
    case 'SubKegiatanArchived':
    case 'SubKegiatanUnarchived':
      applyRincian(board, event, touch(board, event.data.programId, event));
      return;
    case 'OpdBidangSet':
      board.opdBidang = { ...board.opdBidang, [event.data.opdId]: event.data.bidang };
      return;
    case 'NomenclatureChanged':
      applyNomenclatureChanged(board, event);
      return;
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

function touch(board: Draft<BoardState>, programId: string, event: FoldableEvent): Draft<Program> {
  const program = own(board.programs, programId);
  // decide() never emits an event for a missing program; a stream that does is corrupt.
  if (!program)
    throw new Error(`event ${event.type} at revision ${event.revision} names unknown program ${programId}`);
  program.updatedAt = event.meta.at;
  program.updatedRevision = event.revision;
  return program;
}

function columnOf(board: Draft<BoardState>, columnId: string): Draft<Column> {
  const column = board.columns.find((c) => c.id === columnId);
  if (!column) throw new Error(`unknown column ${columnId}`);
  return column;
}

function removeFromColumn(board: Draft<BoardState>, columnId: string, programId: string): void {
  const column = columnOf(board, columnId);
  const at = column.programIds.indexOf(programId);
  if (at >= 0) column.programIds.splice(at, 1);
}

/** Binary-search insert by (rank, id): O(log n) comparisons, one splice. */
function insertInColumn(board: Draft<BoardState>, columnId: string, programId: string): void {
  const column = columnOf(board, columnId);
  const ids = column.programIds;
  const target = board.programs[programId]!;
  const key = { id: programId, rank: target.rank };
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = board.programs[ids[mid]!]!;
    if (compareRanked({ id: other.id, rank: other.rank }, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  ids.splice(lo, 0, programId);
}

import type { FoldableEvent } from './evolve';
import type { BoardState, Program } from './types';

/**
 * A copy of `state` that `foldInPlace(copy, events)` may mutate while `state` stays as it was: only
 * what those events change in place is copied (the programs they name, the columns, the reference
 * lists), everything else is shared. Time travel folds forward from a cached checkpoint this way: on a
 * 5,000-program board a fork costs about a millisecond where a deep clone costs ~100 ms, and checkpoints
 * made by forking each other share every program that did not change between them.
 *
 * This mirrors what `evolve`'s rules mutate; fork.spec.ts checks every event type against them.
 */
export function forkFor(state: BoardState, events: readonly FoldableEvent[]): BoardState {
  const touched = new Set<string>();
  for (const event of events) {
    const programId = programOf(event);
    if (programId === '*') for (const id of Object.keys(state.programs)) touched.add(id);
    else if (programId !== undefined) touched.add(programId);
  }
  return forkPrograms(state, touched, touched.size > 0);
}

/**
 * A copy of `state` in which these programs (and the program index, when `copyIndex`), the columns and
 * the reference lists may be changed in place by `foldInPlace`; everything else is shared. The import's
 * planner folds its planned commands on such a copy (the index copied, since it proposes programs).
 */
export function forkPrograms(state: BoardState, programIds: Iterable<string>, copyIndex = true): BoardState {
  const programs = copyIndex ? { ...state.programs } : state.programs;
  for (const id of programIds) {
    const program = Object.hasOwn(programs, id) ? programs[id] : undefined;
    if (program) programs[id] = copyProgram(program);
  }
  return {
    ...state,
    programs,
    columns: state.columns.map((c) => ({ ...c, programIds: [...c.programIds] })),
    referenceLists: Object.fromEntries(
      Object.entries(state.referenceLists).map(([id, list]) => [id, { ...list, items: [...list.items] }]),
    ),
  };
}

function copyProgram(program: Program): Program {
  return { ...program, pagu: { ...program.pagu }, tags: [...program.tags], comments: [...program.comments] };
}

/** The program an event changes in place, if any ('*': every program). */
function programOf(event: FoldableEvent): string | undefined {
  switch (event.type) {
    case 'ProgramProposed':
    case 'ProgramRevised':
    case 'ProgramMoved':
    case 'ProgramTagged':
    case 'ProgramUntagged':
    case 'ProgramCommented':
    case 'ProgramArchived':
    case 'ProgramUnarchived':
    case 'KegiatanAdded':
    case 'KegiatanRevised':
    case 'KegiatanArchived':
    case 'KegiatanUnarchived':
    case 'SubKegiatanAdded':
    case 'SubKegiatanRevised':
    case 'SubKegiatanArchived':
    case 'SubKegiatanUnarchived':
      return event.data.programId;
    case 'BoardCreated': // replaces whole records, mutating nothing it was given
    case 'ColumnAdded':
    case 'ColumnRenamed':
    case 'ColumnPolicySet':
    case 'ColumnMoved':
    case 'ReferenceItemAdded':
    case 'MeetingStarted':
    case 'MeetingEnded':
    case 'MilestoneMarked':
    case 'OpdBidangSet': // replaces the board's mapping record
      return undefined;
    case 'NomenclatureChanged': // rewrites programs in place: the caller forks every program
      return '*';
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

import { PLAN_YEARS } from '../reference/opds';
import type { BoardCommand } from './commands';
import { effectiveChanges } from './decide';
import type { BoardEvent, RecordedEvent } from './events';
import { kegiatanOf, own, type BoardState } from './types';
import { parentCode } from '../reference/nomenclature';

/**
 * The merge rule of DESIGN.md §4. A command carries the revision its sender was looking at; the events
 * after it conflict with the command only when they changed something the command also changes (to a
 * value different from what is there now). Everything else merges.
 *
 * What a fact or an intent touches is a set of keys: `program:<id>:title`, `program:<id>:pagu.2026`,
 * `program:<id>:place`, `program:<id>:tag:<list>:<item>`, `column:<id>:title`, …
 */
export function touchedKeys(event: BoardEvent): string[] {
  switch (event.type) {
    case 'ProgramRevised':
      return fieldKeys(programKey(event.data.programId), event.data.changes);
    case 'ProgramMoved':
      return [`program:${event.data.programId}:place`];
    case 'ProgramArchived':
    case 'ProgramUnarchived':
      return [`program:${event.data.programId}:archived`];
    case 'ProgramTagged':
    case 'ProgramUntagged':
      return [`program:${event.data.programId}:tag:${event.data.listId}:${event.data.itemId}`];
    case 'ColumnRenamed':
      return [`column:${event.data.columnId}:title`];
    case 'ColumnPolicySet':
      return [`column:${event.data.columnId}:opdMoves`];
    case 'ColumnMoved':
      return [`column:${event.data.columnId}:place`];
    case 'KegiatanAdded':
      return [kegiatanKey(event.data.programId, event.data.code, 'exists')];
    case 'KegiatanRevised':
      return fieldKeys(kegiatanKey(event.data.programId, event.data.code, ''), event.data.changes);
    case 'KegiatanArchived':
    case 'KegiatanUnarchived':
      return [kegiatanKey(event.data.programId, event.data.code, 'archived')];
    case 'SubKegiatanAdded':
      return [subKey(event.data.programId, event.data.code, 'exists')];
    case 'SubKegiatanRevised':
      return fieldKeys(subKey(event.data.programId, event.data.code, ''), event.data.changes);
    case 'SubKegiatanArchived':
    case 'SubKegiatanUnarchived':
      return [subKey(event.data.programId, event.data.code, 'archived')];
    case 'OpdBidangSet':
      return [`opd:${event.data.opdId}:bidang`];
    // Renames codes and titles across the board: it conflicts with anything that changes them.
    case 'NomenclatureChanged':
      return ['board:nomenclature'];
    default:
      return [];
  }
}

/** The keys a command would change on `state` (the latest state it will be applied to). */
export function intendedKeys(command: BoardCommand, state: BoardState): string[] {
  switch (command.type) {
    case 'ReviseProgram': {
      const program = own(state.programs, command.data.programId);
      if (!program) return [];
      return fieldKeys(programKey(program.id), effectiveChanges(program, command.data.changes).changes);
    }
    case 'MoveProgram':
      return [`program:${command.data.programId}:place`];
    // A command whose wanted state already holds changes nothing, so it conflicts with nothing (both
    // people tagged AC 4, or both archived it): "a different value" is what makes a conflict.
    case 'ArchiveProgram':
    case 'UnarchiveProgram': {
      const program = own(state.programs, command.data.programId);
      if (program && program.archived === (command.type === 'ArchiveProgram')) return [];
      return [`program:${command.data.programId}:archived`];
    }
    case 'TagProgram':
    case 'UntagProgram': {
      const { programId, listId, itemId } = command.data;
      const program = own(state.programs, programId);
      const tagged = program?.tags.some((t) => t.listId === listId && t.itemId === itemId);
      if (program && tagged === (command.type === 'TagProgram')) return [];
      return [`program:${programId}:tag:${listId}:${itemId}`];
    }
    case 'RenameColumn': {
      const column = state.columns.find((c) => c.id === command.data.columnId);
      if (column && column.title === command.data.title.trim()) return [];
      return [`column:${command.data.columnId}:title`];
    }
    case 'MoveColumn':
      return [`column:${command.data.columnId}:place`];
    case 'SetColumnPolicy':
      return [`column:${command.data.columnId}:opdMoves`];
    case 'ReviseKegiatan': {
      const kegiatan = own(kegiatanOf(programOf(state, command.data.programId)), command.data.code);
      if (!kegiatan) return [];
      const { changes } = effectiveChanges(kegiatan, command.data.changes);
      return fieldKeys(kegiatanKey(command.data.programId, command.data.code, ''), changes);
    }
    case 'ArchiveKegiatan':
    case 'UnarchiveKegiatan': {
      const kegiatan = own(kegiatanOf(programOf(state, command.data.programId)), command.data.code);
      if (kegiatan && kegiatan.archived === (command.type === 'ArchiveKegiatan')) return [];
      return [kegiatanKey(command.data.programId, command.data.code, 'archived')];
    }
    case 'ReviseSubKegiatan': {
      const sub = subOf(state, command.data.programId, command.data.code);
      if (!sub) return [];
      const { changes } = effectiveChanges(sub, command.data.changes);
      return fieldKeys(subKey(command.data.programId, command.data.code, ''), changes);
    }
    case 'ArchiveSubKegiatan':
    case 'UnarchiveSubKegiatan': {
      const sub = subOf(state, command.data.programId, command.data.code);
      if (sub && sub.archived === (command.type === 'ArchiveSubKegiatan')) return [];
      return [subKey(command.data.programId, command.data.code, 'archived')];
    }
    case 'SetOpdBidang':
      return [`opd:${command.data.opdId}:bidang`];
    case 'ChangeNomenclature':
      return ['board:nomenclature'];
    // What a revert may change: the chosen fields, or the place (column, position and archived).
    case 'RevertProgram': {
      const id = command.data.programId;
      return command.data.parts.flatMap((part) =>
        part === 'place'
          ? [`program:${id}:place`, `program:${id}:archived`]
          : part === 'pagu'
            ? PLAN_YEARS.map((year) => `program:${id}:pagu.${year}`)
            : part === 'rincian'
              ? [`program:${id}:kegiatan:*`, `program:${id}:sub:*`]
              : [`program:${id}:${part}`],
      );
    }
    default:
      return [];
  }
}

/** The events after the sender's base revision that changed what the command changes. */
export function findConflicts(
  command: BoardCommand,
  state: BoardState,
  eventsAfterBase: readonly RecordedEvent[],
): RecordedEvent[] {
  const keys = intendedKeys(command, state);
  if (keys.length === 0) return [];
  const hit = keyMatcher(keys);
  return eventsAfterBase.filter((event) => touchedKeys(event).some(hit));
}

/**
 * Whether a touched key is one of the intended keys; an intended key ending in `*` stands for every key
 * under it (a revert of a program's whole rincian tree: `program:<id>:kegiatan:*`).
 */
export function keyMatcher(keys: Iterable<string>): (key: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const key of keys) {
    if (key.endsWith('*')) prefixes.push(key.slice(0, -1));
    else exact.add(key);
  }
  if (prefixes.length === 0) return (key) => exact.has(key);
  return (key) => exact.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
}

/** One key per changed field under `prefix`; pagu one per year (`<prefix>pagu.2026`). */
function fieldKeys(prefix: string, changes: object): string[] {
  const keys: string[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (field === 'pagu') {
      const pagu = value as Partial<Record<string, unknown>>;
      for (const year of PLAN_YEARS) if (pagu[year] !== undefined) keys.push(`${prefix}pagu.${year}`);
    } else keys.push(`${prefix}${field}`);
  }
  return keys;
}

const programKey = (programId: string) => `program:${programId}:`;
const kegiatanKey = (programId: string, code: string, field: string) =>
  `program:${programId}:kegiatan:${code}:${field}`;
const subKey = (programId: string, code: string, field: string) =>
  `program:${programId}:sub:${code}:${field}`;

function programOf(state: BoardState, programId: string) {
  return own(state.programs, programId) ?? {};
}

function subOf(state: BoardState, programId: string, code: string) {
  const kegiatan = own(kegiatanOf(programOf(state, programId)), parentCode(code) ?? '');
  return kegiatan ? own(kegiatan.subKegiatan, code) : undefined;
}

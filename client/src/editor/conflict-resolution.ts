import {
  intendedKeys,
  own,
  rincianItem,
  PLAN_YEARS,
  touchedKeys,
  type BoardCommand,
  type BoardState,
  type CommandType,
  type Indicator,
  type PlanYear,
  type ProgramFields,
  type RecordedEvent,
  type SubKegiatan,
  type SubKegiatanFields,
} from '@selaras/shared';
import type { PendingCommand } from '../sync/board-sync';

/**
 * What a conflicted command means to the person deciding it, built from the same merge rule the server
 * used (shared `intendedKeys` / `touchedKeys`), so the view never disagrees with the 409 it explains.
 * Pure: state in, rows out; the view only formats them.
 */

/** A value of one side, kept typed so the view can format it in the person's language. */
export type ConflictValue =
  | { kind: 'text'; text: string | null }
  | { kind: 'opd'; opdId: string }
  | { kind: 'rupiah'; amount: number | null }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'indicators'; indicators: readonly Indicator[] }
  | { kind: 'column'; columnId: string }
  | { kind: 'tag'; listId: string; itemId: string; tagged: boolean }
  | { kind: 'archived'; archived: boolean }
  | { kind: 'columnPlace'; afterId: string | null; beforeId: string | null };

export type ConflictField =
  | { field: Exclude<keyof ProgramFields, 'pagu'> | 'place' | 'archived' | 'columnTitle' | 'columnPlace' }
  | { field: 'pagu'; year: PlanYear }
  | { field: 'tag'; listId: string }
  // A kegiatan's or sub-kegiatan's field (issue 11), pagu per year like a program's.
  | { field: 'rincian'; level: RincianLevel; code: string; name: RincianFieldName }
  | { field: 'rincianPagu'; code: string; year: PlanYear };

export type RincianLevel = 'kegiatan' | 'subKegiatan';
export type RincianFieldName = 'notes' | 'indicators' | 'lokasi' | 'archived';
const RINCIAN_FIELDS: ReadonlySet<string> = new Set(['notes', 'indicators', 'lokasi', 'archived']);

export interface ConflictRow {
  /** The merge key, e.g. `program:p-1:pagu.2026`. */
  key: string;
  field: ConflictField;
  mine: ConflictValue;
  /** The confirmed value now, i.e. what the other person's change left. */
  theirs: ConflictValue;
  /** The latest conflicting event that touched this key: who and when. */
  changedBy: RecordedEvent | undefined;
}

export type ConflictSubject =
  | { kind: 'program'; programId: string; code: string; title: string }
  | { kind: 'column'; columnId: string; title: string }
  | { kind: 'unknown' };

export interface ConflictAnalysis {
  subject: ConflictSubject;
  /** Keys both sides changed: the person chooses per row. */
  rows: ConflictRow[];
  /** What my command also changes that nobody else touched: always kept. */
  alsoSaved: Array<{ key: string; field: ConflictField; mine: ConflictValue }>;
}

export type Choice = 'mine' | 'theirs';
export type Choices = Readonly<Record<string, Choice>>;
export type Replacement = { type: CommandType; data: BoardCommand['data'] } | null;

const commandOf = (pending: PendingCommand) => ({ type: pending.type, data: pending.data }) as BoardCommand;

export function analyzeConflict(pending: PendingCommand, confirmed: BoardState): ConflictAnalysis {
  const command = commandOf(pending);
  const conflicts = pending.conflicts ?? [];
  const touchedBy = new Map<string, RecordedEvent>();
  // Conflicts come oldest first: the last one to touch a key is the value shown as theirs.
  for (const event of conflicts) for (const key of touchedKeys(event)) touchedBy.set(key, event);
  const rows: ConflictRow[] = [];
  const alsoSaved: ConflictAnalysis['alsoSaved'] = [];
  for (const key of intendedKeys(command, confirmed)) {
    const field = fieldOf(key);
    const mine = mineValue(command, field);
    if (!field || !mine) continue;
    if (touchedBy.has(key))
      rows.push({
        key,
        field,
        mine,
        theirs: theirsValue(key, field, confirmed),
        changedBy: touchedBy.get(key),
      });
    else alsoSaved.push({ key, field, mine });
  }
  return { subject: subjectOf(command, confirmed), rows, alsoSaved };
}

/** Every conflicting row set to the same side (the "all mine" / "all theirs" shortcuts). */
export function chooseAll(analysis: ConflictAnalysis, choice: Choice): Record<string, Choice> {
  return Object.fromEntries(analysis.rows.map((row) => [row.key, choice]));
}

/**
 * The command to queue in place of the conflicted one. A row without a choice counts as "mine":
 * nothing the person typed is dropped unless they said so. Null means nothing is left to send.
 */
export function buildReplacement(
  pending: PendingCommand,
  confirmed: BoardState,
  choices: Choices,
): Replacement {
  const command = commandOf(pending);
  const analysis = analyzeConflict(pending, confirmed);
  const theirs = new Set(analysis.rows.filter((row) => choices[row.key] === 'theirs').map((r) => r.key));
  if (command.type === 'ReviseKegiatan' || command.type === 'ReviseSubKegiatan') {
    // Field by field, pagu year by year, as for a program.
    const { programId, code } = command.data;
    const prefix = `program:${programId}:${command.type === 'ReviseKegiatan' ? 'kegiatan' : 'sub'}:${code}:`;
    const kept: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(command.data.changes)) {
      if (field === 'pagu') {
        const pagu = Object.fromEntries(
          Object.entries(value as SubKegiatanFields['pagu']).filter(
            ([year]) => !theirs.has(`${prefix}pagu.${year}`),
          ),
        );
        if (Object.keys(pagu).length > 0) kept.pagu = pagu;
      } else if (!theirs.has(`${prefix}${field}`)) kept[field] = value;
    }
    const replacement = { type: command.type, data: { programId, code, changes: kept } } as BoardCommand;
    return Object.keys(kept).length > 0 && intendedKeys(replacement, confirmed).length > 0
      ? { type: replacement.type, data: replacement.data }
      : null;
  }
  if (command.type !== 'ReviseProgram') {
    // Every other command that can conflict changes exactly one key: keep it or drop it whole.
    return intendedKeys(command, confirmed).some((key) => theirs.has(key))
      ? null
      : { type: command.type, data: command.data };
  }
  const { programId } = command.data;
  const changes: Partial<ProgramFields> = {};
  for (const [field, value] of Object.entries(command.data.changes) as Array<
    [keyof ProgramFields, unknown]
  >) {
    if (field === 'pagu') {
      const pagu = Object.fromEntries(
        Object.entries(value as ProgramFields['pagu']).filter(
          ([year]) => !theirs.has(`program:${programId}:pagu.${year}`),
        ),
      );
      if (Object.keys(pagu).length > 0) changes.pagu = pagu;
    } else if (!theirs.has(`program:${programId}:${field}`))
      (changes as Record<string, unknown>)[field] = value;
  }
  const replacement = { type: 'ReviseProgram' as const, data: { programId, changes } };
  // Fields that now equal the board (someone made the same change) send nothing: drop an empty revise.
  return intendedKeys(replacement, confirmed).length > 0 ? replacement : null;
}

/** Keys whose last part is the field's own name (pagu and tags carry a year or an item). */
const PLAIN_FIELDS = new Set([
  'code',
  'title',
  'opdId',
  'indicators',
  'lokasi',
  'sumberDana',
  'notes',
  'place',
  'archived',
]);

/** `program:<id>:pagu.2026` → which field it names; undefined for keys this view does not know. */
export function fieldOf(key: string): ConflictField | undefined {
  const [scope, , ...rest] = key.split(':');
  const name = rest.join(':');
  if (scope === 'column') {
    if (name === 'title') return { field: 'columnTitle' };
    if (name === 'place') return { field: 'columnPlace' };
    return undefined;
  }
  if (scope === 'program' && (rest[0] === 'kegiatan' || rest[0] === 'sub')) {
    const code = rest[1] ?? '';
    const inner = rest[2] ?? '';
    const level: RincianLevel = rest[0] === 'kegiatan' ? 'kegiatan' : 'subKegiatan';
    if (inner.startsWith('pagu.')) {
      const year = inner.slice('pagu.'.length);
      return (PLAN_YEARS as readonly string[]).includes(year)
        ? { field: 'rincianPagu', code, year: year as PlanYear }
        : undefined;
    }
    return RINCIAN_FIELDS.has(inner)
      ? { field: 'rincian', level, code, name: inner as RincianFieldName }
      : undefined;
  }
  if (name.startsWith('pagu.')) {
    const year = name.slice('pagu.'.length);
    return (PLAN_YEARS as readonly string[]).includes(year)
      ? { field: 'pagu', year: year as PlanYear }
      : undefined;
  }
  if (name.startsWith('tag:')) return { field: 'tag', listId: rest[1] ?? '' };
  return PLAIN_FIELDS.has(name) ? ({ field: name } as ConflictField) : undefined;
}

function mineValue(command: BoardCommand, field: ConflictField | undefined): ConflictValue | undefined {
  if (!field) return undefined;
  switch (command.type) {
    case 'ReviseProgram': {
      const changes = command.data.changes;
      if (field.field === 'pagu') return { kind: 'rupiah', amount: changes.pagu?.[field.year] ?? null };
      // A revise only changes the card's own fields; place, tags and archive have their own commands.
      const elsewhere = ['place', 'archived', 'tag', 'columnTitle', 'columnPlace'].includes(field.field);
      return elsewhere ? undefined : fieldValue(field.field as keyof ProgramFields, changes);
    }
    case 'MoveProgram':
      return { kind: 'column', columnId: command.data.toColumnId };
    case 'TagProgram':
    case 'UntagProgram':
      return {
        kind: 'tag',
        listId: command.data.listId,
        itemId: command.data.itemId,
        tagged: command.type === 'TagProgram',
      };
    case 'ArchiveProgram':
    case 'UnarchiveProgram':
      return { kind: 'archived', archived: command.type === 'ArchiveProgram' };
    case 'ReviseKegiatan':
    case 'ReviseSubKegiatan': {
      const changes = command.data.changes as Partial<SubKegiatanFields>;
      if (field.field === 'rincianPagu')
        return { kind: 'rupiah', amount: changes.pagu?.[field.year] ?? null };
      return field.field === 'rincian' ? rincianValue(field.name, changes) : undefined;
    }
    case 'ArchiveKegiatan':
    case 'UnarchiveKegiatan':
    case 'ArchiveSubKegiatan':
    case 'UnarchiveSubKegiatan':
      return { kind: 'archived', archived: command.type.startsWith('Archive') };
    case 'RenameColumn':
      return { kind: 'text', text: command.data.title };
    case 'MoveColumn': {
      const { afterId, beforeId } = command.data;
      // The shared placement rule: afterId wins when both are given.
      return { kind: 'columnPlace', afterId: afterId ?? null, beforeId: afterId ? null : (beforeId ?? null) };
    }
    default:
      return undefined;
  }
}

function theirsValue(key: string, field: ConflictField, board: BoardState): ConflictValue {
  const id = key.split(':')[1] ?? '';
  if (field.field === 'columnTitle')
    return { kind: 'text', text: board.columns.find((c) => c.id === id)?.title ?? null };
  if (field.field === 'columnPlace') {
    const index = board.columns.findIndex((c) => c.id === id);
    // Described like a MoveColumn: after its left neighbour, or before the next one when it is first.
    if (index > 0) return { kind: 'columnPlace', afterId: board.columns[index - 1]!.id, beforeId: null };
    return { kind: 'columnPlace', afterId: null, beforeId: board.columns[index + 1]?.id ?? null };
  }
  const program = own(board.programs, id);
  if (field.field === 'tag') {
    const [, , , listId = '', itemId = ''] = key.split(':');
    const tagged = program?.tags.some((t) => t.listId === listId && t.itemId === itemId) ?? false;
    return { kind: 'tag', listId, itemId, tagged };
  }
  if (!program) return { kind: 'text', text: null };
  if (field.field === 'rincian' || field.field === 'rincianPagu') {
    const item = rincianItem(program, field.code) as Partial<SubKegiatan> | undefined;
    if (!item) return { kind: 'text', text: null };
    if (field.field === 'rincianPagu') return { kind: 'rupiah', amount: item.pagu?.[field.year] ?? null };
    if (field.name === 'archived') return { kind: 'archived', archived: item.archived ?? false };
    return rincianValue(field.name, item) ?? { kind: 'text', text: null };
  }
  switch (field.field) {
    case 'pagu':
      return { kind: 'rupiah', amount: program.pagu[field.year] ?? null };
    case 'place':
      return { kind: 'column', columnId: program.columnId };
    case 'archived':
      return { kind: 'archived', archived: program.archived };
    default:
      return fieldValue(field.field as keyof ProgramFields, program) ?? { kind: 'text', text: null };
  }
}

function fieldValue(field: keyof ProgramFields, from: Partial<ProgramFields>): ConflictValue | undefined {
  switch (field) {
    case 'opdId':
      return from.opdId === undefined ? undefined : { kind: 'opd', opdId: from.opdId };
    case 'indicators':
      return from.indicators && { kind: 'indicators', indicators: from.indicators };
    case 'lokasi':
      return from.lokasi && { kind: 'list', items: from.lokasi };
    case 'pagu':
      return undefined;
    default: {
      const text = from[field];
      return text === undefined ? undefined : { kind: 'text', text };
    }
  }
}

function subjectOf(command: BoardCommand, board: BoardState): ConflictSubject {
  const data = command.data as { programId?: string; columnId?: string };
  if (data.programId) {
    const program = own(board.programs, data.programId);
    return program
      ? { kind: 'program', programId: program.id, code: program.code, title: program.title }
      : { kind: 'unknown' };
  }
  if (data.columnId) {
    const column = board.columns.find((c) => c.id === data.columnId);
    if (column) return { kind: 'column', columnId: column.id, title: column.title };
  }
  return { kind: 'unknown' };
}

function rincianValue(name: RincianFieldName, from: Partial<SubKegiatanFields>): ConflictValue | undefined {
  switch (name) {
    case 'indicators':
      return from.indicators && { kind: 'indicators', indicators: from.indicators };
    case 'lokasi':
      return from.lokasi && { kind: 'list', items: from.lokasi };
    case 'notes':
      return from.notes === undefined ? undefined : { kind: 'text', text: from.notes };
    default:
      return undefined;
  }
}

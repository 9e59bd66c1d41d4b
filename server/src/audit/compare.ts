import {
  type BoardState,
  type ComparedProgram,
  type CompareResponse,
  type FieldChange,
  type Program,
  type ProgramFields,
  PLAN_YEARS,
  canonicalJson,
} from '@selaras/shared';

export type BoardDiff = Pick<CompareResponse, 'added' | 'archived' | 'restored' | 'moved' | 'revised'>;

const FIELDS: ReadonlyArray<keyof ProgramFields> = [
  'code',
  'title',
  'opdId',
  'indicators',
  'pagu',
  'lokasi',
  'sumberDana',
  'notes',
];

/**
 * What differs between two points of one board, program by program: added, archived, restored, moved
 * (stage), and revised field by field (`pagu.2026`, `tags`). Each list is sorted by OPD, then code,
 * so it reads grouped by OPD. `applyDiff(from, diff)` gives back `to`'s programs.
 */
export function compareBoards(from: BoardState, to: BoardState): BoardDiff {
  const diff: BoardDiff = { added: [], archived: [], restored: [], moved: [], revised: [] };
  for (const program of Object.values(to.programs)) {
    const before = Object.hasOwn(from.programs, program.id) ? from.programs[program.id] : undefined;
    const named = nameOf(program);
    if (!before) {
      diff.added.push({ ...named, columnId: program.columnId, fields: fieldsOf(program) });
      if (program.archived) diff.archived.push(named);
      if (program.tags.length) diff.revised.push({ ...named, changes: tagChange([], program.tags) });
      continue;
    }
    if (!before.archived && program.archived) diff.archived.push(named);
    if (before.archived && !program.archived) diff.restored.push(named);
    if (before.columnId !== program.columnId) {
      diff.moved.push({ ...named, fromColumnId: before.columnId, toColumnId: program.columnId });
    }
    const changes = changedFields(before, program);
    if (changes.length) diff.revised.push({ ...named, changes });
  }
  for (const list of Object.values(diff)) list.sort(byOpdThenCode);
  return diff;
}

function changedFields(before: Program, after: Program): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    if (field === 'pagu') {
      for (const year of PLAN_YEARS) {
        const a = before.pagu[year] ?? null;
        const b = after.pagu[year] ?? null;
        if (a !== b) changes.push({ field: `pagu.${year}`, before: a, after: b });
      }
    } else if (canonicalJson(before[field]) !== canonicalJson(after[field])) {
      changes.push({ field, before: before[field], after: after[field] });
    }
  }
  return changes.concat(tagChange(before.tags, after.tags));
}

function tagChange(before: Program['tags'], after: Program['tags']): FieldChange[] {
  const key = (tags: Program['tags']) => canonicalJson([...tags].sort(byTag));
  return key(before) === key(after) ? [] : [{ field: 'tags', before, after }];
}

const byTag = (a: { listId: string; itemId: string }, b: { listId: string; itemId: string }) =>
  a.listId === b.listId ? a.itemId.localeCompare(b.itemId) : a.listId.localeCompare(b.listId);

const byOpdThenCode = (a: ComparedProgram, b: ComparedProgram) =>
  a.opdId === b.opdId
    ? compareCodes(a.code, b.code) || a.programId.localeCompare(b.programId)
    : a.opdId.localeCompare(b.opdId);

/** Nomenclature order: 1.02.02 < 1.02.10 < 1.03.02 (segment by segment, as numbers). */
export function compareCodes(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = Number(x[i] ?? -1) - Number(y[i] ?? -1);
    if (d !== 0 && Number.isFinite(d)) return d;
    if (x[i] !== y[i]) return (x[i] ?? '').localeCompare(y[i] ?? '');
  }
  return 0;
}

function nameOf(program: Program): ComparedProgram {
  return { programId: program.id, code: program.code, title: program.title, opdId: program.opdId };
}

function fieldsOf(program: Program): ProgramFields {
  const { code, title, opdId, indicators, pagu, lokasi, sumberDana, notes } = program;
  return { code, title, opdId, indicators, pagu, lokasi, sumberDana, notes };
}

/** A program as the comparison sees it: its card, its stage, whether it is on the board, its tags. */
export type ComparedState = ProgramFields & { columnId: string; archived: boolean; tags: Program['tags'] };

export function comparedStates(board: BoardState): Record<string, ComparedState> {
  const out: Record<string, ComparedState> = {};
  for (const p of Object.values(board.programs)) {
    out[p.id] = {
      ...fieldsOf(p),
      pagu: normalPagu(p.pagu),
      columnId: p.columnId,
      archived: p.archived,
      tags: p.tags,
    };
  }
  return out;
}

/** The diff applied to the first point: the programs of the second (what the property test checks). */
export function applyDiff(from: BoardState, diff: BoardDiff): Record<string, ComparedState> {
  const out = structuredClone(comparedStates(from));
  for (const a of diff.added) {
    out[a.programId] = { ...structuredClone(a.fields!), columnId: a.columnId, archived: false, tags: [] };
    out[a.programId]!.pagu = normalPagu(out[a.programId]!.pagu);
  }
  for (const a of diff.archived) out[a.programId]!.archived = true;
  for (const r of diff.restored) out[r.programId]!.archived = false;
  for (const m of diff.moved) out[m.programId]!.columnId = m.toColumnId;
  for (const r of diff.revised) {
    const target = out[r.programId]! as unknown as Record<string, unknown> & ComparedState;
    for (const change of r.changes) {
      if (change.field.startsWith('pagu.')) {
        (target.pagu as Record<string, unknown>)[change.field.slice(5)] = change.after;
      } else target[change.field] = structuredClone(change.after);
    }
  }
  return out;
}

function normalPagu(pagu: ProgramFields['pagu']): ProgramFields['pagu'] {
  return Object.fromEntries(PLAN_YEARS.map((y) => [y, pagu[y] ?? null]));
}

import type { CommandType, parseCommand } from '../domain/commands';
import {
  type BoardState,
  type Kegiatan,
  type Program,
  type SubKegiatan,
  kegiatanOf,
  own,
} from '../domain/types';
import type { Sha256 } from '../hash/hash-chain';
import { type Nomenclature, parentCode } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import type { Entity, ProgramIndex, RowRecord } from './entities';
import { normalizeHeader } from './headers';
import { indicatorIdFor, programIdFor } from './ids';
import type { ImportFieldChange } from './import-types';
import { mergeIndicators } from './indicators';
import { rowIssue } from './messages';

/** A command the import would send, before it is checked on a copy of the board. */
export interface CommandDraft {
  type: CommandType;
  data: Record<string, unknown>;
  entity: Entity;
  /** The entity key whose failure makes this one fail too (its program, or its kegiatan). */
  parents: string[];
  /** True when this command creates the entity (its rows are "new"). */
  creates: boolean;
  /** Field changes per row, shown in the preview when the command goes through. */
  notes: Array<{ row: number; change: ImportFieldChange }>;
  /** The data validated by the command's schema (cached between the planner's two runs). */
  parsed?: ReturnType<typeof parseCommand>;
}

export interface DraftContext {
  board: BoardState;
  index: ProgramIndex;
  nomenclature: Nomenclature;
  sha256: Sha256;
  importId: string;
  entities: Map<string, Entity>;
  failedPrograms: Map<string, number>;
  /** Program ids already given to new programs in this import. */
  newProgramIds: Set<string>;
  /** Program entity key → the board program id it lands on (existing or proposed). */
  programIds: Map<string, string>;
}

const firstRow = (entity: Entity) => entity.rows[0]!.row;

/**
 * The commands for one entity against the board as it is: propose / add what is missing, restore what
 * is archived, revise what differs. Program pagu is decided later (it depends on the sub-kegiatan the
 * import adds), see `planProgramPagu`.
 */
export function draftsFor(entity: Entity, ctx: DraftContext): CommandDraft[] {
  if (entity.level === 'program') return programDrafts(entity, ctx);
  const programId = programIdOf(entity, ctx);
  if (programId === null) return [];
  const program = ctx.index.program(entity.programCode, entity.opdId);
  const sameProgram = program?.id === programId ? program : undefined;
  return entity.level === 'kegiatan'
    ? kegiatanDrafts(entity, programId, sameProgram)
    : subDrafts(entity, programId, sameProgram, ctx);
}

function programDrafts(entity: Entity, ctx: DraftContext): CommandDraft[] {
  const program = ctx.index.program(entity.code, entity.opdId);
  const withIds = indicatorIdFor;
  const indicators = mergeIndicators(program?.indicators ?? [], entity.indicators, withIds);
  const draft = (type: CommandType, data: Record<string, unknown>, creates = false): CommandDraft => ({
    type,
    data,
    entity,
    parents: [],
    creates,
    notes: [],
  });
  if (!program) {
    const id = programIdFor(
      ctx.sha256,
      ctx.board,
      ctx.newProgramIds,
      entity.opdId,
      entity.code,
      ctx.importId,
    );
    ctx.newProgramIds.add(id);
    ctx.programIds.set(entity.key, id);
    const title = entity.name?.value ?? ctx.nomenclature.entries.get(entity.code)?.title ?? entity.code;
    const propose = draft(
      'ProposeProgram',
      {
        programId: id,
        code: entity.code,
        title,
        opdId: entity.opdId,
        ...(indicators.list.length > 0 && { indicators: indicators.list }),
        ...(entity.lokasi && { lokasi: entity.lokasi.value }),
        ...(entity.sumberDana && { sumberDana: entity.sumberDana.value }),
        ...(entity.notes && { notes: entity.notes.value }),
      },
      true,
    );
    propose.notes.push({
      row: entity.name?.row ?? firstRow(entity),
      change: { field: 'title', before: null, after: title },
    });
    noteFields(propose, entity, {});
    propose.notes.push(...indicators.changes);
    return [propose];
  }
  ctx.programIds.set(entity.key, program.id);
  const drafts: CommandDraft[] = [];
  if (program.archived) {
    const restore = draft('UnarchiveProgram', { programId: program.id });
    restore.notes.push({ row: firstRow(entity), change: { field: 'archived', before: true, after: false } });
    drafts.push(restore);
  }
  const changes: Record<string, unknown> = {};
  const revise = draft('ReviseProgram', { programId: program.id, changes });
  if (entity.name && normalizeHeader(entity.name.value) !== normalizeHeader(program.title)) {
    changes.title = entity.name.value;
    revise.notes.push({
      row: entity.name.row,
      change: { field: 'title', before: program.title, after: entity.name.value },
    });
  }
  noteFields(revise, entity, program, changes);
  if (indicators.changed) {
    changes.indicators = indicators.list;
    revise.notes.push(...indicators.changes);
  }
  // Always drafted (perhaps empty): program pagu may be added to it later.
  drafts.push(revise);
  return drafts;
}

/** lokasi, sumberDana and notes that differ (or, for a new entity, are given). */
function noteFields(
  draft: CommandDraft,
  entity: Entity,
  current: Partial<Pick<Program, 'lokasi' | 'sumberDana' | 'notes'>>,
  changes?: Record<string, unknown>,
): void {
  const fields: Array<['lokasi' | 'sumberDana' | 'notes', { value: unknown; row: number } | undefined]> = [
    ['lokasi', entity.lokasi],
    ['sumberDana', entity.level === 'program' ? entity.sumberDana : undefined],
    ['notes', entity.notes],
  ];
  for (const [field, wanted] of fields) {
    if (!wanted) continue;
    const before = current[field] ?? null;
    const same =
      field === 'lokasi' && Array.isArray(before)
        ? sameSet(before as string[], wanted.value as string[])
        : before === wanted.value;
    if (same) continue;
    if (changes) changes[field] = wanted.value;
    draft.notes.push({ row: wanted.row, change: { field, before, after: wanted.value } });
  }
}

function kegiatanDrafts(entity: Entity, programId: string, program: Program | undefined): CommandDraft[] {
  const kegiatan: Kegiatan | undefined = program ? own(kegiatanOf(program), entity.code) : undefined;
  return rincianDrafts(entity, programId, kegiatan, [entity.programKey], 'Kegiatan');
}

function subDrafts(
  entity: Entity,
  programId: string,
  program: Program | undefined,
  ctx: DraftContext,
): CommandDraft[] {
  const kegiatanCode = parentCode(entity.code)!;
  const kegiatan = program ? own(kegiatanOf(program), kegiatanCode) : undefined;
  const kegiatanKey = `kegiatan|${kegiatanCode}|${entity.opdId}`;
  if (!kegiatan && !ctx.entities.has(kegiatanKey)) {
    for (const record of entity.rows)
      fail(
        record,
        rowIssue(
          'MissingKegiatan',
          `Baris ${record.row}: kegiatan ${kegiatanCode} belum ada di program ini dan tidak ada barisnya di file; tambahkan baris kegiatannya.`,
          `Row ${record.row}: kegiatan ${kegiatanCode} is not on this program and has no row in the file; add the kegiatan's row.`,
        ),
      );
    return [];
  }
  const sub: SubKegiatan | undefined = kegiatan ? own(kegiatan.subKegiatan, entity.code) : undefined;
  return rincianDrafts(entity, programId, sub, [entity.programKey, kegiatanKey], 'SubKegiatan');
}

function rincianDrafts(
  entity: Entity,
  programId: string,
  current: Kegiatan | SubKegiatan | undefined,
  parents: string[],
  noun: 'Kegiatan' | 'SubKegiatan',
): CommandDraft[] {
  const indicators = mergeIndicators(current?.indicators ?? [], entity.indicators, indicatorIdFor);
  const sub = noun === 'SubKegiatan';
  const draft = (type: CommandType, data: Record<string, unknown>, creates = false): CommandDraft => ({
    type,
    data: { programId, code: entity.code, ...data },
    entity,
    parents,
    creates,
    notes: [],
  });
  const pagu: Record<string, number> = {};
  const paguNotes: CommandDraft['notes'] = [];
  if (sub)
    for (const year of PLAN_YEARS) {
      const wanted = entity.pagu[year];
      const had = (current as SubKegiatan | undefined)?.pagu[year] ?? null;
      if (!wanted || wanted.value === had) continue;
      pagu[year] = wanted.value;
      paguNotes.push({
        row: wanted.row,
        change: { field: `pagu.${year}`, before: had, after: wanted.value },
      });
    }
  if (!current) {
    const add = draft(
      `Add${noun}`,
      {
        ...(indicators.list.length > 0 && { indicators: indicators.list }),
        ...(sub && Object.keys(pagu).length > 0 && { pagu }),
        ...(sub && entity.lokasi && { lokasi: entity.lokasi.value }),
        ...(entity.notes && { notes: entity.notes.value }),
      },
      true,
    );
    add.notes.push(...paguNotes, ...indicators.changes);
    noteFields(add, sub ? entity : { ...entity, lokasi: undefined }, {});
    return [add];
  }
  const drafts: CommandDraft[] = [];
  if (current.archived) {
    const restore = draft(`Unarchive${noun}`, {});
    restore.notes.push({ row: firstRow(entity), change: { field: 'archived', before: true, after: false } });
    drafts.push(restore);
  }
  const changes: Record<string, unknown> = {};
  const revise = draft(`Revise${noun}`, { changes });
  if (Object.keys(pagu).length > 0) changes.pagu = pagu;
  revise.notes.push(...paguNotes);
  noteFields(revise, sub ? entity : { ...entity, lokasi: undefined }, current as SubKegiatan, changes);
  if (indicators.changed) {
    changes.indicators = indicators.list;
    revise.notes.push(...indicators.changes);
  }
  if (Object.keys(changes).length > 0) drafts.push(revise);
  return drafts;
}

/** The program a kegiatan or sub-kegiatan lands on, or null (its rows then say why). */
function programIdOf(entity: Entity, ctx: DraftContext): string | null {
  const planned = ctx.programIds.get(entity.programKey);
  if (planned !== undefined) return planned;
  const onBoard = ctx.index.program(entity.programCode, entity.opdId);
  if (onBoard) return onBoard.id;
  const failedAt = ctx.failedPrograms.get(entity.programKey);
  for (const record of entity.rows)
    fail(
      record,
      failedAt !== undefined
        ? rowIssue(
            'ParentFailed',
            `Baris ${record.row}: programnya (baris ${failedAt}) bermasalah, jadi baris ini juga tidak dapat diimpor.`,
            `Row ${record.row}: its program (row ${failedAt}) has an error, so this row cannot be imported either.`,
          )
        : rowIssue(
            'MissingProgram',
            `Baris ${record.row}: program ${entity.programCode} belum ada di papan untuk OPD ini dan tidak ada barisnya di file; tambahkan baris programnya.`,
            `Row ${record.row}: program ${entity.programCode} is not on the board for this OPD and has no row in the file; add the program's row.`,
          ),
    );
  return null;
}

export function fail(record: RowRecord, issue: ReturnType<typeof rowIssue>): void {
  record.status = 'error';
  record.errors.push(issue);
  record.changes = [];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

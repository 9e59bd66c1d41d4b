import { canonicalJson } from '../hash/canonical-json';
import type { Sha256 } from '../hash/hash-chain';
import { sha256Hex } from '../hash/sha256';
import { kegiatanPagu } from '../domain/pagu';
import { type Actor, type BoardState, kegiatanOf, own } from '../domain/types';
import type { Nomenclature } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import { type CommandDraft, type DraftContext, draftsFor } from './drafts';
import { planProgramPagu } from './program-pagu';
import { type Entity, ProgramIndex, type RowRecord, readEntities } from './entities';
import { readHeader } from './headers';
import { commandIdOf, importIdOf } from './ids';
import type {
  ImportMapping,
  ImportPreview,
  ImportTable,
  PlannedCommand,
  PlannedRow,
  RowStatus,
} from './import-types';
import { rowIssue } from './messages';
import { formatIdNumber } from './numbers';
import { readRows } from './rows';
import { type DraftOutcome, simulate } from './simulate';

/** Bumped when the planner would plan the same input differently: a preview from before is refused. */
export const PLANNER_VERSION = 1;

export interface PlanInput {
  board: BoardState;
  nomenclature: Nomenclature;
  table: ImportTable;
  mapping?: ImportMapping;
  actor: Actor;
  /** The OPD rows without one belong to; ignored for an OPD account (it imports for itself). */
  opdId?: string | null;
  /** SHA-256 of the file's bytes (part of the import id). */
  fileHash: string;
  /** The time the simulated events carry; no effect on the plan. */
  now?: string;
  sha256?: Sha256;
}

/**
 * The import planner (issue 11 §3), pure: the board, its nomenclature and a table in; every row marked
 * new / changed / unchanged / error with its field-level diff, and the ordinary commands that would
 * apply it, out. Re-planning the same file on the board it produced plans nothing. Nothing is written.
 */
export function planImport(input: PlanInput): ImportPreview {
  const { board, nomenclature, table, actor } = input;
  const sha256 = input.sha256 ?? sha256Hex;
  const mapping = input.mapping ?? {};
  const opdId = actor.role === 'opd' ? actor.opdId : (input.opdId ?? null);
  const importId = importIdOf(sha256, {
    boardId: board.id,
    baseRevision: board.revision,
    fileHash: input.fileHash,
    mapping,
    opdId,
    actorId: actor.id,
  });
  const header = readHeader(table, mapping);
  const preview: ImportPreview = {
    importId,
    boardId: board.id,
    baseRevision: board.revision,
    digest: '',
    layout: isSelarasMatrix(table) ? 'selaras-matriks' : 'tabel',
    sheet: table.sheet,
    headerRows: header.headerRows.map((r) => r + 1),
    opdId,
    columns: header.columns,
    unmapped: header.unmapped,
    needsMapping: header.needsMapping,
    rows: [],
    counts: { new: 0, changed: 0, unchanged: 0, error: 0, total: 0, warnings: 0, ignored: 0 },
    commands: [],
  };
  if (!header.needsMapping) {
    const index = new ProgramIndex(board);
    const rows = readRows(table, header.columns, header.firstDataRow);
    const reading = readEntities(rows, board, nomenclature, actor, opdId, index);
    const ctx: DraftContext = {
      board,
      index,
      nomenclature,
      sha256,
      importId,
      entities: reading.entities,
      failedPrograms: reading.failedPrograms,
      newProgramIds: new Set(),
      programIds: new Map(),
    };
    const ordered = orderedEntities(reading.entities);
    const drafts = ordered.flatMap((entity) => draftsFor(entity, ctx));
    const now = input.now ?? new Date(0).toISOString();
    planProgramPagu(drafts, ctx, ordered);
    const final = nonEmpty(drafts);
    const { working, outcomes } = simulate(board, final, actor, now);
    preview.commands = settle(final, outcomes, importId);
    kegiatanPaguWarnings(reading.entities, ctx, working);
    const programIdOf = (record: RowRecord) => {
      const entity = record.entity;
      if (!entity || record.status === 'error') return null;
      return (
        ctx.programIds.get(entity.programKey) ?? index.program(entity.programCode, entity.opdId)?.id ?? null
      );
    };
    preview.rows = reading.records.map((record) => plannedRow(record, programIdOf(record)));
    preview.counts.ignored = reading.ignored;
  }
  for (const row of preview.rows) {
    preview.counts[row.status]++;
    preview.counts.total++;
    if (row.warnings.length > 0) preview.counts.warnings++;
  }
  // The plan is a function of the import id's inputs (board and revision, file, mapping, OPD, person)
  // and of this planner: its commands' ids and the counts identify it without hashing every value.
  preview.digest = sha256(
    canonicalJson({
      planner: PLANNER_VERSION,
      importId,
      needsMapping: preview.needsMapping,
      counts: preview.counts,
      commands: preview.commands.map((c) => c.commandId),
      errors: preview.rows.filter((r) => r.status === 'error').map((r) => r.row),
    }),
  );
  return preview;
}

/** Programs first, each followed by its kegiatan, then its sub-kegiatan, in the order the file has them. */
function orderedEntities(entities: Map<string, Entity>): Entity[] {
  const groups = new Map<string, Entity[][]>();
  for (const entity of entities.values()) {
    const group = groups.get(entity.programKey) ?? [[], [], []];
    group[entity.level === 'program' ? 0 : entity.level === 'kegiatan' ? 1 : 2]!.push(entity);
    groups.set(entity.programKey, group);
  }
  return [...groups.values()].flatMap((g) => g.flat());
}

const nonEmpty = (drafts: CommandDraft[]) =>
  drafts.filter((d) => !(d.type.startsWith('Revise') && Object.keys(d.data.changes as object).length === 0));

/** Row statuses and diffs from the outcomes; the commands that go through, with their ids. */
function settle(drafts: CommandDraft[], outcomes: DraftOutcome[], importId: string): PlannedCommand[] {
  const commands: PlannedCommand[] = [];
  const rank: Record<RowStatus, number> = { unchanged: 0, changed: 1, new: 2, error: 3 };
  const raise = (record: RowRecord, status: RowStatus) => {
    if (rank[status] > rank[record.status]) record.status = status;
  };
  drafts.forEach((draft, i) => {
    const outcome = outcomes[i]!;
    const records = draft.entity.rows;
    if (!outcome.ok) {
      for (const record of records) {
        record.status = 'error';
        record.changes = [];
        if (!record.errors.some((e) => e.message === outcome.issue.message))
          record.errors.push(outcome.issue);
      }
      return;
    }
    if (outcome.events === 0) return;
    const rows = new Set<number>();
    for (const { row, change } of draft.notes) {
      const record = records.find((r) => r.row === row);
      if (!record || record.status === 'error') continue;
      record.changes.push(change);
      rows.add(row);
      raise(record, 'changed');
    }
    if (draft.creates) for (const record of records) if (record.status !== 'error') raise(record, 'new');
    commands.push({
      commandId: commandIdOf(importId, commands.length),
      type: draft.type,
      data: draft.data,
      rows: rows.size > 0 ? [...rows].sort((a, b) => a - b) : records.map((r) => r.row),
    });
  });
  return commands;
}

/** A kegiatan's pagu is the sum of its sub-kegiatan; a different figure in the file is pointed out. */
function kegiatanPaguWarnings(entities: Map<string, Entity>, ctx: DraftContext, working: BoardState): void {
  for (const entity of entities.values()) {
    if (entity.level !== 'kegiatan') continue;
    const programId =
      ctx.programIds.get(entity.programKey) ?? ctx.index.program(entity.programCode, entity.opdId)?.id;
    const program = programId === undefined ? undefined : own(working.programs, programId);
    const kegiatan = program ? own(kegiatanOf(program), entity.code) : undefined;
    if (!kegiatan) continue;
    for (const year of PLAN_YEARS) {
      const wanted = entity.pagu[year];
      const sum = kegiatanPagu(kegiatan, year);
      if (!wanted || wanted.value === sum) continue;
      const record = entity.rows.find((r) => r.row === wanted.row);
      record?.warnings.push(
        rowIssue(
          'KegiatanPaguDerived',
          `Baris ${wanted.row}: pagu kegiatan ${year} dihitung dari sub-kegiatannya (${sum === null ? 'belum ada' : formatIdNumber(sum)}); angka di file (${formatIdNumber(wanted.value)}) tidak diimpor.`,
          `Row ${wanted.row}: a kegiatan's ${year} pagu is the sum of its sub-kegiatan (${sum === null ? 'none yet' : formatIdNumber(sum)}); the file's figure (${formatIdNumber(wanted.value)}) is not imported.`,
        ),
      );
    }
  }
}

function plannedRow(record: RowRecord, programId: string | null): PlannedRow {
  return {
    row: record.row,
    level: record.level,
    code: record.code,
    title: record.title,
    opdId: record.opdId,
    programId,
    status: record.status,
    changes: record.status === 'error' ? [] : record.changes,
    errors: record.errors,
    warnings: record.warnings,
  };
}

/** The board's own export names itself in its first cell. */
function isSelarasMatrix(table: ImportTable): boolean {
  const first = table.rows[0]?.[0];
  return typeof first === 'string' && first.startsWith('Matriks keselarasan program');
}

import { z } from 'zod';
import { say } from '../validation';
import type { CommandType } from '../domain/commands';
import type { NomenclatureLevel } from '../reference/nomenclature';
import { PLAN_YEARS, type PlanYear } from '../reference/opds';

/**
 * Import from Excel and CSV (issue 11 §3): the types both ends share. A file is read into an
 * `ImportTable` (cells as text or numbers, nothing evaluated), its header matched to `ImportField`s, and
 * the planner turns it into rows marked new / changed / unchanged / error, the field-level diff against
 * the board, and the ordinary commands that would apply it.
 */

/** A cell as read: text, a number, empty, or a problem the reader found (a formula without a value). */
export type ImportCell = string | number | null | CellProblem;

export interface CellProblem {
  problem: 'formulaWithoutValue' | 'errorValue';
  /** The formula or the error value as written (`=SUM(A1:A3)`, `#REF!`), for the message. */
  text: string;
}

export function isCellProblem(cell: ImportCell | undefined): cell is CellProblem {
  return typeof cell === 'object' && cell !== null;
}

/** One sheet as a grid: `rows[i]` is spreadsheet row i + 1, `rows[i][j]` column j + 1. */
export interface ImportTable {
  sheet: string;
  rows: ImportCell[][];
}

/** What a column can hold. Targets and pagu are per plan year. */
export const IMPORT_FIELDS = [
  'code',
  'name',
  'opd',
  'kinerja',
  'indicator',
  'unit',
  'baseline',
  ...PLAN_YEARS.map((y) => `target.${y}` as const),
  ...PLAN_YEARS.map((y) => `pagu.${y}` as const),
  'lokasi',
  'sumberDana',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnAssignment = ImportField | 'ignore';

export const targetField = (year: PlanYear) => `target.${year}` as const;
export const paguField = (year: PlanYear) => `pagu.${year}` as const;

/** The person's answer to the mapping step: column (0-based index) → field, or 'ignore'. */
export const importMappingSchema = z
  .record(
    z
      .string()
      .regex(/^\d{1,3}$/, say('Kolom ditulis sebagai nomor 0–999', 'A column is written as a number 0–999')),
    z.enum([...IMPORT_FIELDS, 'ignore'] as [ColumnAssignment, ...ColumnAssignment[]], {
      error: say(
        `Isian kolom harus salah satu dari: ${[...IMPORT_FIELDS, 'ignore'].join(', ')}`,
        `A column's field must be one of: ${[...IMPORT_FIELDS, 'ignore'].join(', ')}`,
      ).error,
    }),
  )
  .superRefine((mapping, ctx) => {
    const seen = new Map<string, string>();
    for (const [column, field] of Object.entries(mapping)) {
      if (field === 'ignore') continue;
      const other = seen.get(field);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [column],
          message: `Kolom ${Number(other) + 1} dan ${Number(column) + 1} sama-sama dipetakan ke ${field} (two columns mapped to one field)`,
        });
      seen.set(field, column);
    }
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** The options sent with a file (multipart fields), the same for preview and confirm. */
export const importOptionsSchema = z
  .object({
    /** The OPD rows without an OPD column belong to; an OPD account always imports for itself. */
    opdId: z.string().max(64).optional(),
    mapping: importMappingSchema.optional(),
  })
  .strict();

export const importConfirmSchema = importOptionsSchema
  .extend({
    /** The preview's `baseRevision` and `digest`: the confirm applies exactly what was previewed. */
    baseRevision: z.coerce.number().int().min(0),
    digest: z
      .string()
      .regex(/^[0-9a-f]{64}$/, say('digest dari pratinjau tidak sah', 'not the digest of a preview')),
    /** Rows with errors are left out; without this a plan with errors is refused. */
    skipErrors: z.boolean().default(false),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptionsSchema>;
export type ImportConfirm = z.infer<typeof importConfirmSchema>;

export type RowStatus = 'new' | 'changed' | 'unchanged' | 'error';
export const ROW_STATUSES: readonly RowStatus[] = ['new', 'changed', 'unchanged', 'error'];

export type ImportIssueCode =
  | 'MissingCode'
  | 'InvalidCode'
  | 'UnknownCode'
  | 'UnknownOpd'
  | 'MissingOpd'
  | 'OtherOpd'
  | 'OtherBidang'
  | 'BadNumber'
  | 'AbbreviatedNumber'
  | 'NotWholeRupiah'
  | 'NegativeNumber'
  | 'AmbiguousNumber'
  | 'FormulaWithoutValue'
  | 'ErrorValue'
  | 'DuplicateRow'
  | 'ConflictingValues'
  | 'MissingProgram'
  | 'MissingKegiatan'
  | 'ParentFailed'
  | 'MissingIndicator'
  | 'MissingUnit'
  | 'Invalid'
  | 'Refused'
  // Warnings (the row is still imported):
  | 'ContextRow'
  | 'NameDiffers'
  | 'IndicatorFromNomenclature'
  | 'KegiatanPaguDerived';

/** A problem with one row (or one cell of it), said in both languages. */
export interface RowIssue {
  code: ImportIssueCode;
  /** The column's letter (`H`) when the problem is in one cell. */
  column?: string;
  message: string;
  messageEn: string;
}

/**
 * One field that the import changes: `field` is `title`, `pagu.2026`, `lokasi`, `sumberDana`, `notes`,
 * `archived`, or for an indicator (named in `indicator`) `indicator` (added), `unit`, `kinerja`,
 * `baseline`, `targets.2027`.
 */
export interface ImportFieldChange {
  field: string;
  indicator?: string;
  before: unknown;
  after: unknown;
}

export interface PlannedRow {
  /** The spreadsheet row number (1-based), as the person sees it. */
  row: number;
  level: NomenclatureLevel | null;
  code: string;
  title: string;
  opdId: string | null;
  /** The board program the row belongs to (existing or to be proposed), when known. */
  programId: string | null;
  status: RowStatus;
  changes: ImportFieldChange[];
  /** Why the row is an error (empty unless status is 'error'). */
  errors: RowIssue[];
  /** Worth knowing, but the row is imported. */
  warnings: RowIssue[];
}

export interface ImportColumn {
  index: number;
  letter: string;
  /** The header as read (several header rows joined), '' when the column has none. */
  header: string;
  field: ColumnAssignment | null;
  /** Where the field came from: recognised from the header, or the person's mapping. */
  by: 'header' | 'mapping' | null;
  /** The first few values below the header, to help the person map the column. */
  samples: string[];
}

export interface PlannedCommand {
  /** Derived from the import and the command: a retried confirm sends the same ids (no duplicates). */
  commandId: string;
  type: CommandType;
  data: unknown;
  /** The rows this command comes from. */
  rows: number[];
}

export interface ImportCounts extends Record<RowStatus, number> {
  total: number;
  warnings: number;
  /** Rows that are no data (totals, notes, headings): not imported, not counted in `total`. */
  ignored: number;
}

/** POST …/import/preview: what the import would do. Nothing is written. */
export interface ImportPreview {
  importId: string;
  boardId: string;
  /** The board revision the plan was made on; confirm applies it as of this revision. */
  baseRevision: number;
  /** Identifies this exact plan; confirm sends it back. */
  digest: string;
  /** `selaras-matriks` for the board's own XLSX export, `tabel` for any other table. */
  layout: 'selaras-matriks' | 'tabel';
  sheet: string;
  /** The spreadsheet rows read as the header (1-based). */
  headerRows: number[];
  opdId: string | null;
  columns: ImportColumn[];
  /** Columns with a header that no field matched and no mapping covers: the mapping step asks about them. */
  unmapped: number[];
  /** True until every column is recognised or mapped (and there is a code column): confirm refuses then. */
  needsMapping: boolean;
  rows: PlannedRow[];
  counts: ImportCounts;
  commands: PlannedCommand[];
}

/** POST …/import/confirm: how far the batch went. */
export interface ImportResult {
  importId: string;
  status: 'done' | 'partial';
  baseRevision: number;
  /** The board's revision and head hash after the batch. */
  revision: number;
  headHash: string;
  /** Commands in the plan, commands that are now applied (including ones a retry found already done). */
  commands: number;
  applied: number;
  /** Events appended by this request (a retry appends only what is missing). */
  events: number;
  /** Error rows left out (skipErrors). */
  skippedRows: number[];
  /** Where a partial import stopped, and why; import the same file again to continue. */
  failure?: {
    commandIndex: number;
    type: CommandType;
    rows: number[];
    status: number;
    error: string;
    message: string;
    messageEn: string;
  };
  /** Rows whose commands did not run. */
  remainingRows: number[];
}

/** A line of the streamed confirm (`Accept: application/x-ndjson`). */
export type ImportProgressLine =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'result'; status: number; result: ImportResult };

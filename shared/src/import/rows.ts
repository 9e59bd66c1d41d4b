import { NOMENCLATURE_CODE_PATTERN } from '../reference/nomenclature';
import { PLAN_YEARS, type PlanYear } from '../reference/opds';
import { cellText } from './headers';
import {
  type ImportCell,
  type ImportColumn,
  type ImportField,
  type ImportTable,
  type RowIssue,
  isCellProblem,
} from './import-types';
import { type CellRef, codeIssue, formulaIssue, numberIssue } from './messages';
import { parseIdNumber } from './numbers';

/** One data row, its cells read into typed values; cell problems are in `errors`. */
export interface ParsedRow {
  /** Spreadsheet row number (1-based). */
  row: number;
  code: string | null;
  name: string | null;
  opd: string | null;
  kinerja: string | null;
  indicator: string | null;
  unit: string | null;
  baseline: number | null;
  targets: Partial<Record<PlanYear, number>>;
  pagu: Partial<Record<PlanYear, number>>;
  lokasi: string[] | null;
  sumberDana: string | null;
  notes: string | null;
  errors: RowIssue[];
  /** Column letter per field, for messages about the row. */
  letters: Partial<Record<ImportField, string>>;
}

export type DataRow =
  | { kind: 'data'; parsed: ParsedRow }
  /** No code and a single text: a heading ("Dinas Kesehatan") or a note; may name the OPD of what follows. */
  | { kind: 'heading'; row: number; text: string }
  /** Totals ("Jumlah", "Total") and other rows without data to import. */
  | { kind: 'ignored'; row: number };

const TOTAL_ROW = /^(jumlah|total|sub ?total|grand total|rekapitulasi)\b/i;

/**
 * Reads the rows below the header. The formula guard of Selaras' own exports (a leading apostrophe
 * before `=`, `+`, `-`, `@`) is undone, so an export reads back as it was written.
 */
export function readRows(table: ImportTable, columns: ImportColumn[], firstDataRow: number): DataRow[] {
  const byField = new Map<ImportField, ImportColumn>();
  for (const column of columns)
    if (column.field !== null && column.field !== 'ignore') byField.set(column.field, column);
  const out: DataRow[] = [];
  for (let r = firstDataRow; r < table.rows.length; r++) {
    const cells = table.rows[r] ?? [];
    const rowNumber = r + 1;
    if (cells.every((c) => c === null || cellText(c) === '') && !cells.some(isCellProblem)) continue;
    const codeColumn = byField.get('code');
    const codeCell = codeColumn ? cells[codeColumn.index] : undefined;
    const codeLike =
      isCellProblem(codeCell) || typeof codeCell === 'number' || /^\s*'?\d/.test(cellText(codeCell));
    out.push(
      codeLike
        ? { kind: 'data', parsed: parseRow(rowNumber, cells, byField) }
        : codelessRow(rowNumber, cells, byField),
    );
  }
  return out;
}

function codelessRow(row: number, cells: ImportCell[], byField: Map<ImportField, ImportColumn>): DataRow {
  const texts = cells.map(cellText).filter((t) => t !== '');
  const name = byField.get('name');
  const first = (name ? cellText(cells[name.index]) : '') || texts[0] || '';
  if (TOTAL_ROW.test(first)) return { kind: 'ignored', row };
  if (texts.length === 1 && !cells.some((c) => typeof c === 'number'))
    return { kind: 'heading', row, text: texts[0]! };
  if (texts.length === 0) return { kind: 'ignored', row };
  const parsed = parseRow(row, cells, byField);
  const codeColumn = byField.get('code');
  const letter = codeColumn?.letter;
  // Text in the code column is an invalid code (parseRow said so); an empty one is a missing code.
  if (codeColumn && cellText(cells[codeColumn.index]) !== '') return { kind: 'data', parsed };
  parsed.errors.unshift({
    code: 'MissingCode',
    ...(letter !== undefined && { column: letter }),
    message: `Baris ${row}: kode kosong; setiap baris program, kegiatan atau sub-kegiatan perlu kodenya.`,
    messageEn: `Row ${row}: the code is empty; every program, kegiatan or sub-kegiatan row needs its code.`,
  });
  return { kind: 'data', parsed };
}

function parseRow(row: number, cells: ImportCell[], byField: Map<ImportField, ImportColumn>): ParsedRow {
  const errors: RowIssue[] = [];
  const letters: Partial<Record<ImportField, string>> = {};
  const ref = (column: ImportColumn): CellRef => ({ row, letter: column.letter, header: column.header });
  const text = (field: ImportField): string | null => {
    const column = byField.get(field);
    if (!column) return null;
    letters[field] = column.letter;
    const cell = cells[column.index];
    if (isCellProblem(cell)) {
      errors.push(formulaIssue(ref(column), cell.text, cell.problem));
      return null;
    }
    const value = unguard(cellText(cell));
    return value === '' ? null : value;
  };
  const number = (field: ImportField, rupiah: boolean): number | null => {
    const column = byField.get(field);
    if (!column) return null;
    letters[field] = column.letter;
    const cell = cells[column.index] ?? null;
    if (isCellProblem(cell)) {
      errors.push(formulaIssue(ref(column), cell.text, cell.problem));
      return null;
    }
    const parsed = parseIdNumber(cell, rupiah ? 'rupiah' : 'target');
    if (parsed.ok) return parsed.value;
    errors.push(numberIssue(ref(column), cellText(cell), parsed.problem, rupiah));
    return null;
  };

  let code: string | null = null;
  const codeColumn = byField.get('code');
  if (codeColumn) {
    letters.code = codeColumn.letter;
    const cell = cells[codeColumn.index];
    if (isCellProblem(cell)) errors.push(formulaIssue(ref(codeColumn), cell.text, cell.problem));
    else if (cell !== null && cell !== undefined && cellText(cell) !== '') {
      const raw = unguard(cellText(cell));
      const normalized = raw.replace(/\s+/g, '').replace(/\.$/, '');
      if (NOMENCLATURE_CODE_PATTERN.test(normalized)) code = normalized;
      else errors.push(codeIssue(ref(codeColumn), raw, typeof cell === 'number'));
    }
  }
  const targets: Partial<Record<PlanYear, number>> = {};
  const pagu: Partial<Record<PlanYear, number>> = {};
  for (const year of PLAN_YEARS) {
    const target = number(`target.${year}`, false);
    if (target !== null) targets[year] = target;
    const amount = number(`pagu.${year}`, true);
    if (amount !== null) pagu[year] = amount;
  }
  const lokasiText = text('lokasi');
  return {
    row,
    code,
    name: text('name'),
    opd: text('opd'),
    kinerja: text('kinerja'),
    indicator: text('indicator'),
    unit: text('unit'),
    baseline: number('baseline', false),
    targets,
    pagu,
    lokasi:
      lokasiText === null
        ? null
        : lokasiText
            .split(/[,;\n]/)
            .map((l) => l.trim())
            .filter((l) => l !== ''),
    sumberDana: text('sumberDana'),
    notes: text('notes'),
    errors,
    letters,
  };
}

/** Undoes the formula guard of Selaras' exports: `'=1+1` was written for the text `=1+1`. */
export function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

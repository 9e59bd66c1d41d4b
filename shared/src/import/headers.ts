import { PLAN_YEARS, type PlanYear } from '../reference/opds';
import { NOMENCLATURE_CODE_PATTERN } from '../reference/nomenclature';
import {
  type ColumnAssignment,
  type ImportCell,
  type ImportColumn,
  type ImportMapping,
  type ImportTable,
  isCellProblem,
  paguField,
  targetField,
} from './import-types';

/**
 * Header matching (issue 11 §3b): Renstra and RKPD tables name their columns loosely ("Pagu 2026",
 * "Pagu Indikatif 2026 (Rp)", "Target Kinerja 2027", "Kode", "Program/Kegiatan/Sub Kegiatan",
 * "Perangkat Daerah"), often over two or three header rows ("2026" above "Target" and "Rp"). Case,
 * spacing and punctuation do not matter; what is not recognised goes to the mapping step.
 */

const normalized = new Map<string, string>();

/**
 * Lower case, no accents, letters and digits separated by single spaces. Memoised: an import compares
 * the same names (OPDs, nomenclature titles, indicators) thousands of times.
 */
export function normalizeHeader(text: string): string {
  const known = normalized.get(text);
  if (known !== undefined) return known;
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const out = (ascii ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (normalized.size >= 50_000) normalized.clear();
  normalized.set(text, out);
  return out;
}

const YEAR = /\b(20\d\d)\b/;
const PAGU_WORDS = /\b(pagu|anggaran|dana|pendanaan|rp|rupiah|kebutuhan|biaya|alokasi)\b/;
const TARGET_WORDS = /\b(target|sasaran|k|kinerja|capaian)\b/;

const BASELINE = /\bkondisi (kinerja )?awal\b|\bbaseline\b|\bcapaian awal\b|\bdata awal\b|\btahun 0\b/;

interface Rule {
  test: RegExp;
  field: ColumnAssignment;
}

// Order matters: the first rule that matches wins ("satuan kerja" is an OPD, "indikator kinerja
// program" an indicator, not a name).
const RULES: Rule[] = [
  { test: /\bkondisi (kinerja )?(pada )?akhir\b|\bakhir periode\b|\btotal pagu\b/, field: 'ignore' },
  { test: /^(no|nomor|no urut|nomor urut)$/, field: 'ignore' },
  { test: /^keselarasan\b/, field: 'ignore' },
  { test: /\bsumber (dana|pendanaan)\b/, field: 'sumberDana' },
  { test: BASELINE, field: 'baseline' },
  { test: /^kode\b/, field: 'code' },
  { test: /\bindikator\b/, field: 'indicator' },
  { test: /\bsatuan kerja\b|\bunit kerja\b/, field: 'opd' },
  { test: /^satuan\b/, field: 'unit' },
  { test: /\b(opd|skpd|perangkat daerah|penanggung jawab|instansi)\b/, field: 'opd' },
  { test: /^(kinerja|uraian kinerja|outcome|output|keluaran|hasil)\b/, field: 'kinerja' },
  { test: /\b(lokasi|kecamatan)\b/, field: 'lokasi' },
  { test: /\b(catatan|keterangan)\b|^ket$/, field: 'notes' },
  { test: /\b(program|kegiatan|nomenklatur|uraian|urusan|nama)\b/, field: 'name' },
  {
    test: /\b(keselarasan|asta cita|misi|prioritas|phtc|tahap|tingkat|level|realisasi|jumlah)\b/,
    field: 'ignore',
  },
];

/**
 * The field a column's header names, from its parts top to bottom (e.g. ["2026", "Pagu indikatif (Rp)"]);
 * null when nothing matches (a bare year, an unknown word). The lowest part decides first, so a
 * group label above ("Capaian Kinerja dan Kerangka Pendanaan") does not outvote "Target" or "Rp".
 */
export function matchHeader(parts: readonly string[]): ColumnAssignment | null {
  const texts = parts.map(normalizeHeader).filter((t) => t !== '');
  if (texts.length === 0) return null;
  const combined = texts.join(' ');
  const lowest = texts[texts.length - 1]!;
  if (RULES[0]!.test.test(combined) || /^keselarasan\b/.test(combined)) return 'ignore';
  if (BASELINE.test(combined)) return 'baseline';
  const year = YEAR.exec(combined)?.[1];
  if (year !== undefined) {
    const planYear = PLAN_YEARS.find((y) => y === year) as PlanYear | undefined;
    const kind =
      PAGU_WORDS.test(lowest) && !TARGET_WORDS.test(lowest)
        ? 'pagu'
        : TARGET_WORDS.test(lowest) && !PAGU_WORDS.test(lowest)
          ? 'target'
          : PAGU_WORDS.test(combined)
            ? 'pagu'
            : TARGET_WORDS.test(combined)
              ? 'target'
              : undefined;
    if (kind !== undefined) {
      // A year outside the plan (a Renstra's 2024 baseline year, 2030) is not imported.
      if (!planYear) return 'ignore';
      return kind === 'pagu' ? paguField(planYear) : targetField(planYear);
    }
    return null;
  }
  for (const text of [lowest, combined]) {
    const rule = RULES.find((r) => r.test.test(text));
    if (rule) return rule.field;
  }
  return null;
}

export interface HeaderReading {
  /** 0-based indexes of the rows that form the header (the numbering row "(1) (2) …" included). */
  headerRows: number[];
  /** The first data row (0-based). */
  firstDataRow: number;
  columns: ImportColumn[];
  unmapped: number[];
  needsMapping: boolean;
}

const SCAN_ROWS = 30;
const HEADER_WORD =
  /\b(target|pagu|rp|anggaran|dana|pendanaan|tahun|kinerja|satuan|k|indikator|lokasi|opd|kondisi|capaian|kode|program|kegiatan|awal|akhir)\b/;

export function cellText(cell: ImportCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (isCellProblem(cell)) return '';
  return String(cell).trim();
}

/**
 * Finds the header: the row among the first 30 where most columns are recognised (a code column
 * counts double), then up to three rows below it that continue it ("2026" / "Target" "Rp"), skipping a
 * column-numbering row. `mapping` (the person's answers) overrides what was recognised.
 */
export function readHeader(table: ImportTable, mapping: ImportMapping = {}): HeaderReading {
  const rows = table.rows;
  let best = -1;
  let bestScore = 0;
  for (let r = 0; r < Math.min(SCAN_ROWS, rows.length); r++) {
    const row = rows[r] ?? [];
    let score = 0;
    for (const cell of row) {
      const field = matchHeader([cellText(cell)]);
      if (field === 'code') score += 2;
      else if (field !== null && field !== 'ignore') score += 1;
    }
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  if (best < 0) best = rows.findIndex((row) => row.some((c) => cellText(c) !== ''));
  if (best < 0) best = 0;
  const headerRows = [best];
  let next = best + 1;
  for (let extra = 0; extra < 3 && next < rows.length; extra++, next++) {
    const row = rows[next] ?? [];
    if (isNumberingRow(row)) {
      headerRows.push(next);
      continue;
    }
    if (!continuesHeader(row)) break;
    headerRows.push(next);
  }
  // A numbering row may also follow the continuation rows.
  if (next < rows.length && isNumberingRow(rows[next] ?? [])) headerRows.push(next++);
  const width = Math.max(0, ...headerRows.map((r) => rows[r]?.length ?? 0));
  const textRows = headerRows.filter((r) => !isNumberingRow(rows[r] ?? []));
  const columns: ImportColumn[] = [];
  for (let c = 0; c < width; c++) {
    const parts = textRows.map((r, level) => headerPart(rows, textRows, level, r, c));
    const unique = parts.filter((p, i) => p !== '' && parts.indexOf(p) === i);
    const recognised = matchHeader(unique);
    const mapped = Object.hasOwn(mapping, String(c)) ? mapping[String(c)] : undefined;
    columns.push({
      index: c,
      letter: columnLetter(c),
      header: unique.join(' / '),
      field: mapped ?? recognised,
      by: mapped !== undefined ? 'mapping' : recognised !== null ? 'header' : null,
      samples: [],
    });
  }
  const dataStart = next;
  for (const column of columns) {
    for (let r = dataStart; r < rows.length && column.samples.length < 3; r++) {
      const text = cellText(rows[r]?.[column.index]);
      if (text !== '') column.samples.push(text.length > 60 ? `${text.slice(0, 60)}…` : text);
    }
  }
  // A column without a header still needs a decision if it holds data.
  const unmapped = columns
    .filter(
      (col) =>
        col.field === null &&
        (col.header !== '' ||
          rows.slice(dataStart, dataStart + 50).some((r) => cellText(r[col.index]) !== '')),
    )
    .map((col) => col.index);
  const claimed = new Map<string, number>();
  for (const col of columns) {
    if (col.field === null || col.field === 'ignore') continue;
    // Two columns recognised as one field: the first keeps it, the other is asked about.
    if (claimed.has(col.field) && col.by === 'header') {
      col.field = null;
      col.by = null;
      unmapped.push(col.index);
    } else claimed.set(col.field, col.index);
  }
  unmapped.sort((a, b) => a - b);
  return {
    headerRows,
    firstDataRow: dataStart,
    columns,
    unmapped,
    needsMapping: unmapped.length > 0 || !claimed.has('code'),
  };
}

/**
 * A header cell's text at one level: its own text, or, when it is empty but the level below has text
 * here, the nearest text to its left on that level (a label spanning several columns, like a year
 * above "Target" and "Rp", written once without merging).
 */
function headerPart(rows: ImportCell[][], textRows: number[], level: number, r: number, c: number): string {
  const own = cellText(rows[r]?.[c]);
  if (own !== '' || level === textRows.length - 1) return own;
  const below = textRows.slice(level + 1).some((rr) => cellText(rows[rr]?.[c]) !== '');
  if (!below) return '';
  for (let left = c - 1; left >= 0; left--) {
    const text = cellText(rows[r]?.[left]);
    if (text === '') continue;
    // Only a group label spans: a year or words like "Target dan Pagu", not a column's own header.
    return YEAR.test(text) || /\b(target|pagu|capaian|kerangka|pendanaan|kinerja)\b/i.test(text) ? text : '';
  }
  return '';
}

function continuesHeader(row: ImportCell[]): boolean {
  const texts = row.map(cellText).filter((t) => t !== '');
  if (texts.length === 0) return false;
  // A data row has a code in some cell, or a number that is no year.
  for (const cell of row) {
    if (typeof cell === 'number' && !(Number.isInteger(cell) && cell >= 2000 && cell <= 2100)) return false;
    const text = cellText(cell);
    if (/\d\.\d/.test(text) && NOMENCLATURE_CODE_PATTERN.test(text)) return false;
    // Figures written as text ("5", "1.250.000") are data; a year or "(3)" may head a column.
    if (/^[\d.,\s]+$/.test(text) && !/^(20\d\d|\(\d{1,3}\))$/.test(text)) return false;
  }
  return texts.some((t) => HEADER_WORD.test(normalizeHeader(t)) || YEAR.test(t));
}

/** "1 2 3 4 …" or "(1) (2) (3) …": the column numbers some tables print under the header. */
function isNumberingRow(row: ImportCell[]): boolean {
  const values = row
    .map(cellText)
    .filter((t) => t !== '')
    .map((t) => /^\(?(\d{1,3})\)?$/.exec(t)?.[1]);
  if (values.length < 3 || values.some((v) => v === undefined)) return false;
  return values.every((v, i) => i === 0 || Number(v) === Number(values[i - 1]) + 1);
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

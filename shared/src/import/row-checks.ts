import { canonicalJson } from '../hash/canonical-json';
import { type BoardState, type Indicator, kegiatanOf, own } from '../domain/types';
import { type NomenclatureEntry, parentCode } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import {
  type Entity,
  type EntityLevel,
  type ProgramIndex,
  type RowRecord,
  type Sourced,
  type WantedIndicator,
  programCodeOf,
} from './entity-model';
import { normalizeHeader } from './headers';
import type { RowIssue } from './import-types';
import { rowIssue } from './messages';
import type { ParsedRow } from './rows';

/** The checks a row passes before it joins its entity (see entities.ts). */

/** Adds a row's values to its entity, or says which value contradicts an earlier row. */
export function mergeInto(entity: Entity, record: RowRecord, parsed: ParsedRow): RowIssue | undefined {
  const wanted: Array<[keyof Entity, string, unknown, string | undefined]> = [
    ['name', 'nama', parsed.name, parsed.letters.name],
    ['lokasi', 'lokasi', parsed.lokasi, parsed.letters.lokasi],
    ['sumberDana', 'sumber dana', parsed.sumberDana, parsed.letters.sumberDana],
    ['notes', 'catatan', parsed.notes, parsed.letters.notes],
  ];
  for (const [field, label, value, letter] of wanted) {
    const had = entity[field] as Sourced<unknown> | undefined;
    if (value === null || had === undefined) continue;
    if (
      field === 'name'
        ? normalizeHeader(String(value)) !== normalizeHeader(String(had.value))
        : canonicalJson(value) !== canonicalJson(had.value)
    )
      return contradiction(record.row, had.row, label, letter);
  }
  for (const year of PLAN_YEARS) {
    const value = parsed.pagu[year];
    const had = entity.pagu[year];
    if (value !== undefined && had !== undefined && had.value !== value)
      return contradiction(record.row, had.row, `pagu ${year}`, parsed.letters[`pagu.${year}`]);
  }
  // Only now, when the row is known to fit, take its values.
  const sourced = <T>(value: T) => ({ value, row: record.row });
  if (parsed.name !== null && !entity.name) entity.name = sourced(parsed.name);
  if (parsed.lokasi !== null && !entity.lokasi) entity.lokasi = sourced(parsed.lokasi);
  if (parsed.sumberDana !== null && !entity.sumberDana) entity.sumberDana = sourced(parsed.sumberDana);
  if (parsed.notes !== null && !entity.notes) entity.notes = sourced(parsed.notes);
  for (const year of PLAN_YEARS) {
    const value = parsed.pagu[year];
    if (value !== undefined && !entity.pagu[year]) entity.pagu[year] = sourced(value);
  }
  return undefined;
}

function contradiction(row: number, earlier: number, label: string, letter: string | undefined): RowIssue {
  return rowIssue(
    'ConflictingValues',
    `Baris ${row}: ${label} berbeda dengan baris ${earlier} untuk kode dan OPD yang sama; satukan nilainya.`,
    `Row ${row}: ${label} differs from row ${earlier} for the same code and OPD; make them agree.`,
    letter,
  );
}

/** OPD by id, name or short name, compared loosely ("Dinas Kesehatan", "dinkes", "DINKES"). */
export function opdLookup(board: BoardState): (text: string) => string | null {
  const index = new Map<string, string>();
  for (const opd of Object.values(board.opds)) {
    for (const name of [opd.id, opd.name, opd.short]) index.set(normalizeHeader(name), opd.id);
  }
  return (text) => index.get(normalizeHeader(text)) ?? null;
}

/** The row's indicator: named in the file, or (for a sub-kegiatan) the nomenclature's, or why not. */
export function wantedIndicator(
  parsed: ParsedRow,
  level: EntityLevel,
  entry: NomenclatureEntry | undefined,
  existing: ReadonlySet<string>,
): RowIssue | { wanted?: WantedIndicator; warning?: RowIssue } {
  const hasData =
    parsed.unit !== null ||
    parsed.kinerja !== null ||
    parsed.baseline !== null ||
    Object.keys(parsed.targets).length > 0;
  let name = parsed.indicator;
  let warning: RowIssue | undefined;
  if (name === null) {
    if (!hasData) return {};
    if (level === 'subKegiatan' && entry?.indikator) {
      name = entry.indikator;
      warning = rowIssue(
        'IndicatorFromNomenclature',
        `Baris ${parsed.row}: indikator tidak diisi; dipakai indikator nomenklatur "${name}".`,
        `Row ${parsed.row}: no indicator given; the nomenclature's indicator "${name}" is used.`,
      );
    } else
      return rowIssue(
        'MissingIndicator',
        `Baris ${parsed.row}: ada target, satuan atau kondisi awal tanpa nama indikator; isi kolom indikator.`,
        `Row ${parsed.row}: a target, unit or baseline without an indicator name; fill in the indicator column.`,
        parsed.letters.indicator,
      );
  }
  const key = normalizeHeader(name);
  const fromNomenclature = entry?.indikator !== undefined && normalizeHeader(entry.indikator) === key;
  const isNew = !existing.has(key);
  const unit = parsed.unit ?? (isNew && fromNomenclature ? (entry?.satuan ?? null) : null);
  if (isNew && unit === null)
    return rowIssue(
      'MissingUnit',
      `Baris ${parsed.row}: indikator baru "${name}" perlu satuannya; isi kolom satuan.`,
      `Row ${parsed.row}: the new indicator "${name}" needs its unit; fill in the unit column.`,
      parsed.letters.unit,
    );
  return {
    wanted: {
      key,
      name,
      unit,
      kinerja: parsed.kinerja ?? (isNew && fromNomenclature ? (entry?.kinerja ?? null) : null),
      baseline: parsed.baseline,
      targets: parsed.targets,
      row: parsed.row,
    },
    ...(warning && { warning }),
  };
}

/** The (normalised) indicator names the board already has for this program, kegiatan or sub-kegiatan. */
export function existingIndicatorNames(
  index: ProgramIndex,
  level: EntityLevel,
  code: string,
  opdId: string,
): Set<string> {
  const program = index.program(programCodeOf(code, level), opdId);
  let indicators: Indicator[] = [];
  if (program && level === 'program') indicators = program.indicators;
  else if (program && level === 'kegiatan') indicators = own(kegiatanOf(program), code)?.indicators ?? [];
  else if (program) {
    const kegiatan = own(kegiatanOf(program), parentCode(code)!);
    indicators = (kegiatan && own(kegiatan.subKegiatan, code)?.indicators) ?? [];
  }
  return new Set(indicators.map((i) => normalizeHeader(i.name)));
}

/** A name in the file unlike the nomenclature's (and, for a program, unlike the board's title). */
export function nameDiffers(
  index: ProgramIndex,
  entity: Entity,
  parsed: ParsedRow,
  official: string | undefined,
): RowIssue | undefined {
  if (parsed.name === null || official === undefined) return undefined;
  const name = normalizeHeader(parsed.name);
  if (name === normalizeHeader(official)) return undefined;
  if (entity.level === 'program') {
    const current = index.program(entity.code, entity.opdId);
    if (current && normalizeHeader(current.title) === name) return undefined;
  }
  return rowIssue(
    'NameDiffers',
    `Baris ${parsed.row}: nama "${parsed.name}" berbeda dengan nomenklatur ${entity.code} "${official}"; periksa kodenya.`,
    `Row ${parsed.row}: the name "${parsed.name}" differs from the nomenclature's ${entity.code} "${official}"; check the code.`,
    parsed.letters.name,
  );
}

import { canonicalJson } from '../hash/canonical-json';
import { type Actor, type BoardState, type Indicator, type Program, kegiatanOf, own } from '../domain/types';
import {
  type Nomenclature,
  type NomenclatureEntry,
  type NomenclatureLevel,
  codeLevel,
  parentCode,
} from '../reference/nomenclature';
import { PLAN_YEARS, type PlanYear } from '../reference/opds';
import { normalizeHeader } from './headers';
import type { ImportFieldChange, RowIssue, RowStatus } from './import-types';
import { rowIssue } from './messages';
import type { DataRow, ParsedRow } from './rows';

/**
 * From rows to the things they describe. Each data row names a program, kegiatan or sub-kegiatan of
 * one OPD (its entity) and, optionally, one of its indicators. Rows of one entity are merged; a row
 * that contradicts an earlier one, repeats it, or cannot be placed is an error and contributes nothing.
 */
export type EntityLevel = 'program' | 'kegiatan' | 'subKegiatan';

export interface RowRecord {
  row: number;
  parsed: ParsedRow | null;
  level: NomenclatureLevel | null;
  code: string;
  title: string;
  opdId: string | null;
  entity: Entity | null;
  status: RowStatus;
  errors: RowIssue[];
  warnings: RowIssue[];
  changes: ImportFieldChange[];
}

export interface Sourced<T> {
  value: T;
  row: number;
}

export interface WantedIndicator {
  key: string;
  name: string;
  unit: string | null;
  kinerja: string | null;
  baseline: number | null;
  targets: Partial<Record<PlanYear, number>>;
  row: number;
}

export interface Entity {
  key: string;
  level: EntityLevel;
  code: string;
  opdId: string;
  programCode: string;
  /** The program entity's key (for kegiatan and sub-kegiatan: their program's). */
  programKey: string;
  rows: RowRecord[];
  name?: Sourced<string>;
  pagu: Partial<Record<PlanYear, Sourced<number>>>;
  lokasi?: Sourced<string[]>;
  sumberDana?: Sourced<string>;
  notes?: Sourced<string>;
  indicators: WantedIndicator[];
}

export interface EntityReading {
  records: RowRecord[];
  entities: Map<string, Entity>;
  /** Program keys whose rows all failed: their kegiatan say so instead of "missing program". */
  failedPrograms: Map<string, number>;
  ignored: number;
}

export const programKeyOf = (code: string, opdId: string) => `program|${code}|${opdId}`;
export const entityKeyOf = (level: EntityLevel, code: string, opdId: string) => `${level}|${code}|${opdId}`;

/** The program a code belongs to (itself for a program; its grandparent for a sub-kegiatan). */
export function programCodeOf(code: string, level: EntityLevel): string {
  if (level === 'program') return code;
  // `U.BB.PP` is everything before the third dot (called for every row: no split and join).
  return code.slice(0, code.indexOf('.', code.indexOf('.', code.indexOf('.') + 1) + 1));
}

export function readEntities(
  rows: DataRow[],
  board: BoardState,
  nomenclature: Nomenclature,
  actor: Actor,
  defaultOpd: string | null,
  index: ProgramIndex,
): EntityReading {
  const opdOf = opdLookup(board);
  const records: RowRecord[] = [];
  const entities = new Map<string, Entity>();
  const failedPrograms = new Map<string, number>();
  const seen = new Map<string, number>();
  const lastProgramOpd = new Map<string, string>();
  let headingOpd: string | null = null;
  let ignored = 0;
  for (const dataRow of rows) {
    if (dataRow.kind === 'ignored') {
      ignored++;
      continue;
    }
    if (dataRow.kind === 'heading') {
      const opd = opdOf(dataRow.text);
      if (opd) headingOpd = opd;
      ignored++;
      continue;
    }
    const parsed = dataRow.parsed;
    const entry = parsed.code === null ? undefined : nomenclature.entries.get(parsed.code);
    const level = parsed.code === null ? null : (entry?.level ?? codeLevel(parsed.code) ?? null);
    const record: RowRecord = {
      row: parsed.row,
      parsed,
      level,
      code: parsed.code ?? '',
      title: entry?.title ?? parsed.name ?? '',
      opdId: null,
      entity: null,
      status: 'error',
      errors: [...parsed.errors],
      warnings: [],
      changes: [],
    };
    records.push(record);
    const fail = (issue: RowIssue, programKey?: string) => {
      record.errors.push(issue);
      if (programKey && record.level === 'program' && !failedPrograms.has(programKey))
        failedPrograms.set(programKey, record.row);
    };
    if (parsed.code !== null && !entry) {
      fail(
        rowIssue(
          'UnknownCode',
          `Baris ${parsed.row}: kode ${parsed.code} tidak ada dalam nomenklatur papan ini (${nomenclature.version}).`,
          `Row ${parsed.row}: code ${parsed.code} is not in this board's nomenclature (${nomenclature.version}).`,
          parsed.letters.code,
        ),
      );
    }
    if (level === null) continue;
    if (record.errors.length > 0) {
      // A program row with a bad cell still says which program its kegiatan rows wait for.
      const opdId =
        level === 'program' ? (parsed.opd !== null ? opdOf(parsed.opd) : (headingOpd ?? defaultOpd)) : null;
      const key = opdId ? programKeyOf(parsed.code!, opdId) : undefined;
      if (key && !failedPrograms.has(key)) failedPrograms.set(key, record.row);
      continue;
    }
    if (level === 'urusan' || level === 'bidang') {
      // Structure rows of an RPJMD-style table: context, nothing to import.
      record.status = 'unchanged';
      const hasNumbers =
        Object.keys(parsed.pagu).length + Object.keys(parsed.targets).length > 0 || parsed.baseline !== null;
      if (hasNumbers)
        record.warnings.push(
          rowIssue(
            'ContextRow',
            `Baris ${parsed.row}: baris ${level === 'urusan' ? 'urusan' : 'bidang urusan'} hanya konteks; angkanya (jumlah) tidak diimpor.`,
            `Row ${parsed.row}: an ${level === 'urusan' ? 'urusan' : 'bidang'} row is context only; its figures (totals) are not imported.`,
          ),
        );
      continue;
    }
    const programCode = programCodeOf(parsed.code!, level);
    // The OPD: the row's own, else the program row above it, a heading, the chosen OPD, or the only
    // board program with that code.
    let opdId: string | null = null;
    if (parsed.opd !== null) {
      opdId = opdOf(parsed.opd);
      if (!opdId) {
        fail(
          rowIssue(
            'UnknownOpd',
            `Baris ${parsed.row}: OPD "${parsed.opd}" tidak terdaftar di papan ini.`,
            `Row ${parsed.row}: OPD "${parsed.opd}" is not on this board.`,
            parsed.letters.opd,
          ),
        );
        continue;
      }
    } else {
      opdId =
        (level !== 'program' ? lastProgramOpd.get(programCode) : undefined) ??
        headingOpd ??
        defaultOpd ??
        index.onlyHolder(programCode);
    }
    if (!opdId) {
      fail(
        rowIssue(
          'MissingOpd',
          `Baris ${parsed.row}: OPD-nya tidak diketahui; isi kolom OPD atau pilih OPD saat mengimpor.`,
          `Row ${parsed.row}: its OPD is unknown; fill in the OPD column or choose an OPD when importing.`,
        ),
      );
      continue;
    }
    record.opdId = opdId;
    const programKey = programKeyOf(programCode, opdId);
    if (level === 'program') lastProgramOpd.set(programCode, opdId);
    if (actor.role === 'opd' && opdId !== actor.opdId) {
      const name = board.opds[opdId]?.name ?? opdId;
      fail(
        rowIssue(
          'OtherOpd',
          `Baris ${parsed.row}: baris ini milik ${name}; OPD hanya dapat mengimpor untuk dirinya sendiri.`,
          `Row ${parsed.row}: this row belongs to ${name}; an OPD can only import for itself.`,
          parsed.letters.opd,
        ),
        programKey,
      );
      continue;
    }
    const bidang = parentCode(programCode)!;
    const mapped = board.opdBidang?.[opdId];
    if (mapped && mapped.length > 0 && !mapped.includes(bidang)) {
      const name = board.opds[opdId]?.name ?? opdId;
      fail(
        rowIssue(
          'OtherBidang',
          `Baris ${parsed.row}: ${parsed.code} termasuk bidang urusan ${bidang}, di luar bidang ${name} (${mapped.join(', ')}); minta sekretariat memetakan bidang itu ke OPD ini bila memang dipegangnya.`,
          `Row ${parsed.row}: ${parsed.code} is in bidang urusan ${bidang}, outside ${name}'s bidang (${mapped.join(', ')}); ask the secretariat to map that bidang to this OPD if it really holds it.`,
          parsed.letters.code,
        ),
        programKey,
      );
      continue;
    }
    const key = entityKeyOf(level, parsed.code!, opdId);
    const indicatorName = parsed.indicator;
    const duplicateKey = `${key}|${indicatorName === null ? '' : normalizeHeader(indicatorName)}`;
    const first = seen.get(duplicateKey);
    if (first !== undefined) {
      fail(
        rowIssue(
          'DuplicateRow',
          `Baris ${parsed.row}: mengulang baris ${first} (kode ${parsed.code}, ${board.opds[opdId]?.name ?? opdId}${indicatorName ? `, indikator "${indicatorName}"` : ''}).`,
          `Row ${parsed.row}: repeats row ${first} (code ${parsed.code}, ${board.opds[opdId]?.name ?? opdId}${indicatorName ? `, indicator "${indicatorName}"` : ''}).`,
        ),
      );
      continue;
    }
    const indicator = wantedIndicator(
      parsed,
      level,
      entry,
      existingIndicatorNames(index, level, parsed.code!, opdId),
    );
    if ('code' in indicator) {
      fail(indicator, programKey);
      continue;
    }
    const entity = entities.get(key) ?? {
      key,
      level,
      code: parsed.code!,
      opdId,
      programCode,
      programKey,
      rows: [],
      pagu: {},
      indicators: [],
    };
    const clash = mergeInto(entity, record, parsed);
    if (clash) {
      fail(clash, programKey);
      continue;
    }
    seen.set(duplicateKey, parsed.row);
    if (indicator.wanted) entity.indicators.push(indicator.wanted);
    if (indicator.warning) record.warnings.push(indicator.warning);
    const differs = nameDiffers(index, entity, parsed, entry?.title);
    if (differs) record.warnings.push(differs);
    entities.set(key, entity);
    entity.rows.push(record);
    record.entity = entity;
    record.status = 'unchanged';
  }
  return { records, entities, failedPrograms, ignored };
}

/** Adds a row's values to its entity, or says which value contradicts an earlier row. */
function mergeInto(entity: Entity, record: RowRecord, parsed: ParsedRow): RowIssue | undefined {
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
function opdLookup(board: BoardState): (text: string) => string | null {
  const index = new Map<string, string>();
  for (const opd of Object.values(board.opds)) {
    for (const name of [opd.id, opd.name, opd.short]) index.set(normalizeHeader(name), opd.id);
  }
  return (text) => index.get(normalizeHeader(text)) ?? null;
}

/** The row's indicator: named in the file, or (for a sub-kegiatan) the nomenclature's, or why not. */
function wantedIndicator(
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
function existingIndicatorNames(
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

/** The board's programs by code and OPD: the active one, else the last archived one. Built once per plan. */
export class ProgramIndex {
  private readonly byKey = new Map<string, Program>();
  private readonly holders = new Map<string, string[]>();

  constructor(board: BoardState) {
    for (const program of Object.values(board.programs)) {
      const key = programKeyOf(program.code, program.opdId);
      const had = this.byKey.get(key);
      if (!had || (had.archived && (!program.archived || program.updatedRevision > had.updatedRevision)))
        this.byKey.set(key, program);
      if (!program.archived) {
        const list = this.holders.get(program.code) ?? [];
        list.push(program.opdId);
        this.holders.set(program.code, list);
      }
    }
  }

  program(code: string, opdId: string): Program | undefined {
    return this.byKey.get(programKeyOf(code, opdId));
  }

  /** The OPD of the only active program with this code, if exactly one holds it. */
  onlyHolder(code: string): string | null {
    const list = this.holders.get(code);
    return list?.length === 1 ? list[0]! : null;
  }
}

/** A name in the file unlike the nomenclature's (and, for a program, unlike the board's title). */
function nameDiffers(
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

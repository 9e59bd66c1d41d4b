import type { Actor, BoardState } from '../domain/types';
import { type Nomenclature, codeLevel, parentCode } from '../reference/nomenclature';
import {
  type Entity,
  type EntityReading,
  type ProgramIndex,
  type RowRecord,
  entityKeyOf,
  programCodeOf,
  programKeyOf,
} from './entity-model';
import { normalizeHeader } from './headers';
import type { RowIssue } from './import-types';
import { rowIssue } from './messages';
import type { DataRow } from './rows';
import { existingIndicatorNames, mergeInto, nameDiffers, opdLookup, wantedIndicator } from './row-checks';

export * from './entity-model';

/**
 * From rows to the things they describe. Each data row names a program, kegiatan or sub-kegiatan of
 * one OPD (its entity) and, optionally, one of its indicators. Rows of one entity are merged; a row
 * that contradicts an earlier one, repeats it, or cannot be placed is an error and contributes nothing.
 */
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

import {
  canonicalJson,
  commandDataSchemas,
  PLAN_YEARS,
  validate,
  type Indicator,
  type Kegiatan,
  type KegiatanFields,
  type NomenclatureEntry,
  type PlanYear,
  type SubKegiatan,
  type SubKegiatanFields,
} from '@selaras/shared';
import type { Language } from '../../i18n/i18n';
import {
  fieldIssue,
  indicatorRow,
  parseIndicatorRows,
  type FieldIssue,
  type IndicatorRow,
} from '../editor-draft';
import { paguInputText, parsePagu } from '../editor-numbers';

/**
 * The forms of a kegiatan and a sub-kegiatan in the card editor. A form opens with the item's values
 * and the board revision at that moment; saving sends only the fields (pagu: the years) that differ
 * from what the form opened with, with that revision as the base, so a change someone else made
 * meanwhile to the same field comes back as a conflict to decide, never silently overwritten.
 */

export interface KegiatanFormValues {
  indicators: IndicatorRow[];
  notes: string;
}

export interface SubFormValues extends KegiatanFormValues {
  pagu: Record<PlanYear, string>;
  lokasi: string[];
}

export type Built<F> = { ok: true; changes: Partial<F> | null } | { ok: false; issues: FieldIssue[] };

export function kegiatanFormValues(kegiatan: Kegiatan, language: Language): KegiatanFormValues {
  return { indicators: kegiatan.indicators.map((i) => indicatorRow(i, language)), notes: kegiatan.notes };
}

export function subFormValues(sub: SubKegiatan, language: Language): SubFormValues {
  return {
    indicators: sub.indicators.map((i) => indicatorRow(i, language)),
    notes: sub.notes,
    lokasi: sub.lokasi,
    pagu: Object.fromEntries(PLAN_YEARS.map((y) => [y, paguInputText(sub.pagu[y])])) as Record<
      PlanYear,
      string
    >,
  };
}

export function buildKegiatanChanges(
  target: { programId: string; code: string },
  opened: KegiatanFormValues,
  typed: KegiatanFormValues,
  language: Language,
): Built<KegiatanFields> {
  const issues: FieldIssue[] = [];
  const changes: Partial<KegiatanFields> = {};
  commonChanges(opened, typed, language, issues, changes);
  return finish(commandDataSchemas.ReviseKegiatan, target, changes, issues);
}

export function buildSubChanges(
  target: { programId: string; code: string },
  opened: SubFormValues,
  typed: SubFormValues,
  language: Language,
): Built<SubKegiatanFields> {
  const issues: FieldIssue[] = [];
  const changes: Partial<SubKegiatanFields> = {};
  commonChanges(opened, typed, language, issues, changes);
  const pagu: SubKegiatanFields['pagu'] = {};
  for (const year of PLAN_YEARS) {
    const value = parsePagu(typed.pagu[year]);
    if (value === 'invalid') {
      issues.push({
        path: `pagu.${year}`,
        message: 'Pagu harus angka Rupiah utuh, mis. 1.250.000.000; kosongkan bila belum ada.',
        messageEn: 'Pagu must be whole Rupiah, e.g. 1.250.000.000; leave it empty when not known.',
      });
      continue;
    }
    const before = parsePagu(opened.pagu[year]);
    if (value !== before) pagu[year] = value;
  }
  if (Object.keys(pagu).length > 0) changes.pagu = pagu;
  const sorted = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b, 'id'));
  if (canonicalJson(sorted(typed.lokasi)) !== canonicalJson(sorted(opened.lokasi)))
    changes.lokasi = typed.lokasi;
  return finish(commandDataSchemas.ReviseSubKegiatan, target, changes, issues);
}

function commonChanges(
  opened: KegiatanFormValues,
  typed: KegiatanFormValues,
  language: Language,
  issues: FieldIssue[],
  changes: Partial<KegiatanFields>,
): void {
  const indicators = parseIndicatorRows(typed.indicators, language, issues);
  const before = parseIndicatorRows(opened.indicators, language, []);
  if (indicators && canonicalJson(indicators) !== canonicalJson(before)) changes.indicators = indicators;
  if (typed.notes !== opened.notes) changes.notes = typed.notes;
}

function finish<F extends object>(
  schema: typeof commandDataSchemas.ReviseKegiatan | typeof commandDataSchemas.ReviseSubKegiatan,
  target: { programId: string; code: string },
  changes: Partial<F>,
  issues: FieldIssue[],
): Built<F> {
  if (Object.keys(changes).length > 0) {
    const checked = validate(schema, { ...target, changes });
    if (!checked.success) issues.push(...checked.issues.map(fieldIssue));
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, changes: Object.keys(changes).length > 0 ? changes : null };
}

/**
 * The indicator the decree gives a sub-kegiatan (kinerja, indikator, satuan), as a prefill: targets and
 * baseline stay empty (not known until the OPD fills them). Undefined when the annex has none.
 */
export function prefillIndicator(entry: NomenclatureEntry | undefined, id: string): Indicator | undefined {
  if (!entry?.indikator || !entry.satuan) return undefined;
  return {
    id,
    ...(entry.kinerja ? { kinerja: entry.kinerja } : {}),
    name: entry.indikator,
    unit: entry.satuan,
    baseline: null,
    targets: {},
  };
}

import {
  canonicalJson,
  commandDataSchemas,
  PLAN_YEARS,
  validate,
  type Indicator,
  type PlanYear,
  type ProgramFields,
} from '@selaras/shared';
import type { Language } from '../i18n/i18n';
import { decimalInputText, paguInputText, parseDecimal, parsePagu } from './editor-numbers';

/**
 * The card editor's draft: what the person typed, field by field, on top of the live program.
 *
 * A field the person has not touched shows the live value, so another OPD's change appears while the
 * editor is open; a touched field keeps what they typed. Each pagu year is its own field, because the
 * server merges pagu per year: saving 2026 must say nothing about 2027. Save sends only what differs
 * from the value the field had when the person first touched it, with the board revision of that
 * first touch as the base revision, so the server can tell a conflicting edit made meanwhile.
 */

export type PaguKey = `pagu.${PlanYear}`;

/** One indicator row as typed: numbers stay text until saved (a half-typed "85," is not a number). */
export interface IndicatorRow {
  id: string;
  /** The performance statement (sub-kegiatan indicators from the decree); absent when it has none. */
  kinerja?: string;
  name: string;
  unit: string;
  baseline: string;
  targets: Record<PlanYear, string>;
}

export type FormValues = {
  code: string;
  title: string;
  opdId: string;
  sumberDana: string;
  notes: string;
  lokasi: string[];
  indicators: IndicatorRow[];
} & Record<PaguKey, string>;

export type FormKey = keyof FormValues;

export interface Draft {
  /** The confirmed board revision when the person first touched a field; null while untouched. */
  baseRevision: number | null;
  /** Touched fields: what the person typed. */
  values: Partial<FormValues>;
  /** Touched fields: the live value at the moment of the first touch (what "changed" is measured from). */
  base: Partial<FormValues>;
}

/** A problem with one field; `path` is the shared schema's ("title", "pagu.2026", "indicators.0.name"). */
export interface FieldIssue {
  path: string;
  message: string;
  messageEn: string;
}

export const emptyDraft: Draft = { baseRevision: null, values: {}, base: {} };

export const paguKey = (year: PlanYear): PaguKey => `pagu.${year}`;

export function indicatorRow(indicator: Indicator, language: Language): IndicatorRow {
  return {
    id: indicator.id,
    ...(indicator.kinerja !== undefined ? { kinerja: indicator.kinerja } : {}),
    name: indicator.name,
    unit: indicator.unit,
    baseline: decimalInputText(indicator.baseline, language),
    targets: Object.fromEntries(
      PLAN_YEARS.map((y) => [y, decimalInputText(indicator.targets[y], language)]),
    ) as Record<PlanYear, string>,
  };
}

export function emptyIndicatorRow(id: string): IndicatorRow {
  return {
    id,
    name: '',
    unit: '',
    baseline: '',
    targets: Object.fromEntries(PLAN_YEARS.map((y) => [y, ''])) as Record<PlanYear, string>,
  };
}

/** The live program as the form shows it. */
export function formValues(program: ProgramFields, language: Language): FormValues {
  const values = {
    code: program.code,
    title: program.title,
    opdId: program.opdId,
    sumberDana: program.sumberDana ?? '',
    notes: program.notes,
    lokasi: program.lokasi,
    indicators: program.indicators.map((i) => indicatorRow(i, language)),
  } as FormValues;
  for (const year of PLAN_YEARS) values[paguKey(year)] = paguInputText(program.pagu[year]);
  return values;
}

/** Records what the person typed; the first touch of a field remembers its live value and revision. */
export function touch<K extends FormKey>(
  draft: Draft,
  key: K,
  value: FormValues[K],
  live: FormValues,
  revision: number,
): Draft {
  const first = !Object.hasOwn(draft.values, key);
  return {
    baseRevision: draft.baseRevision ?? revision,
    values: { ...draft.values, [key]: value },
    base: first ? { ...draft.base, [key]: live[key] } : draft.base,
  };
}

/** Drops what the person typed in one field: it shows (and follows) the live value again. */
export function untouch(draft: Draft, key: FormKey): Draft {
  const values = { ...draft.values };
  const base = { ...draft.base };
  delete values[key];
  delete base[key];
  return { baseRevision: Object.keys(values).length > 0 ? draft.baseRevision : null, values, base };
}

/** What each field shows: the person's text where they touched it, the live value elsewhere. */
export function shownValues(draft: Draft, live: FormValues): FormValues {
  return { ...live, ...draft.values };
}

export function isTouched(draft: Draft, key: FormKey): boolean {
  return Object.hasOwn(draft.values, key);
}

/** Whether anything typed differs from what the field held at the first touch (unsaved work). */
export function hasUnsavedWork(draft: Draft): boolean {
  return (Object.keys(draft.values) as FormKey[]).some(
    (key) => canonicalJson(draft.values[key]) !== canonicalJson(draft.base[key]),
  );
}

/**
 * Touched fields that someone else changed since the person started typing in them: the editor says
 * so next to the field, and saving will be answered with a conflict to decide.
 */
export function changedMeanwhile(draft: Draft, live: FormValues): FormKey[] {
  return (Object.keys(draft.base) as FormKey[]).filter(
    (key) => canonicalJson(draft.base[key]) !== canonicalJson(live[key]),
  );
}

export interface RevisionContext {
  programId: string;
  language: Language;
  /** Whether a code is in the board's nomenclature list. */
  knownCode: (code: string) => boolean;
}

export type RevisionResult =
  | { ok: true; changes: Partial<ProgramFields>; baseRevision: number }
  | { ok: true; changes: null }
  | { ok: false; issues: FieldIssue[] };

const msg = (path: string, message: string, messageEn: string): FieldIssue => ({ path, message, messageEn });

export function unknownCodeIssue(path: string, code: string): FieldIssue {
  return code.trim() === ''
    ? msg(path, 'Kode wajib diisi.', 'The code is required.')
    : msg(
        path,
        `Kode ${code.trim()} tidak ada dalam daftar nomenklatur papan ini. Pilih dari daftar.`,
        `Code ${code.trim()} is not in this board's nomenclature list. Choose one from the list.`,
      );
}

/**
 * The ReviseProgram changes of a draft: only the fields (and pagu years) whose value differs from the
 * value at the first touch. Invalid input gives issues and no changes: nothing is sent.
 */
export function buildRevision(draft: Draft, ctx: RevisionContext): RevisionResult {
  const issues: FieldIssue[] = [];
  const changes: Partial<ProgramFields> = {};
  const pagu: ProgramFields['pagu'] = {};
  for (const key of Object.keys(draft.values) as FormKey[]) {
    const typed = parseField(key, draft.values[key]!, ctx.language, issues);
    if (typed === INVALID) continue;
    const before = parseField(key, draft.base[key]!, ctx.language, []);
    if (canonicalJson(comparable(key, typed)) === canonicalJson(comparable(key, before))) continue;
    if (key === 'code' && !ctx.knownCode(typed as string)) {
      issues.push(unknownCodeIssue('code', typed as string));
      continue;
    }
    if (key.startsWith('pagu.')) pagu[key.slice(5) as PlanYear] = typed as number | null;
    else (changes as Record<string, unknown>)[key] = typed;
  }
  if (Object.keys(pagu).length > 0) changes.pagu = pagu;
  if (Object.keys(changes).length > 0) {
    // The shared schema, as dispatch will apply it, so every issue shows at once next to its field.
    const checked = validate(commandDataSchemas.ReviseProgram, { programId: ctx.programId, changes });
    if (!checked.success) issues.push(...checked.issues.map(fieldIssue));
  }
  if (issues.length > 0) return { ok: false, issues };
  if (Object.keys(changes).length === 0) return { ok: true, changes: null };
  return { ok: true, changes, baseRevision: draft.baseRevision ?? -1 };
}

/** A schema issue with the path of the form field ("changes.pagu.2026" → "pagu.2026"). */
export function fieldIssue(issue: { path: string; message: string; messageEn: string }): FieldIssue {
  return { path: issue.path.replace(/^changes\.?/, ''), message: issue.message, messageEn: issue.messageEn };
}

/** The field a domain error is about, so it shows there as well as in the alert. */
export function domainErrorPath(code: string): string | null {
  if (code === 'UnknownCode' || code === 'DuplicateProgram') return 'code';
  if (code === 'UnknownOpd') return 'opdId';
  return null;
}

/** Issues at `path` exactly; `indicators` also matches "indicators" but not "indicators.0.name". */
export function issuesAt(issues: readonly FieldIssue[], path: string): FieldIssue[] {
  return issues.filter((i) => i.path === path);
}

const INVALID = Symbol('invalid');

/** Lokasi is a set: ticking the same kecamatan in another order is no change. */
function comparable(key: FormKey, value: unknown): unknown {
  return key === 'lokasi' ? [...(value as string[])].sort((a, b) => a.localeCompare(b, 'id')) : value;
}

function parseField(
  key: FormKey,
  value: FormValues[FormKey],
  language: Language,
  issues: FieldIssue[],
): unknown {
  switch (key) {
    case 'code':
    case 'title':
      return (value as string).trim();
    case 'sumberDana':
      return (value as string).trim() || null;
    case 'opdId':
    case 'notes':
      return value;
    case 'lokasi':
      return value;
    case 'indicators':
      return parseIndicatorRows(value as IndicatorRow[], language, issues) ?? INVALID;
    default: {
      const parsed = parsePagu(value as string);
      if (parsed !== 'invalid') return parsed;
      issues.push(
        msg(
          key,
          'Pagu harus angka Rupiah utuh, mis. 1.250.000.000; kosongkan bila belum ada.',
          'Pagu must be whole Rupiah, e.g. 1.250.000.000; leave it empty when not known.',
        ),
      );
      return INVALID;
    }
  }
}

/**
 * Indicator rows as typed → indicators, or undefined when a number is not one (each problem is pushed to
 * `issues` at its path, `indicators.<i>.targets.<year>`). A kinerja is kept (trimmed) when there is one.
 */
export function parseIndicatorRows(
  rows: IndicatorRow[],
  language: Language,
  issues: FieldIssue[],
): Indicator[] | undefined {
  let valid = true;
  const number = (text: string, path: string) => {
    const parsed = parseDecimal(text, language);
    if (parsed !== 'invalid') return parsed;
    valid = false;
    // Each message shows the decimal mark of its own language.
    issues.push(msg(path, 'Harus angka, mis. 85,5.', 'Must be a number, e.g. 85.5.'));
    return null;
  };
  const indicators = rows.map((row, i) => {
    const targets: Indicator['targets'] = {};
    for (const year of PLAN_YEARS) {
      const target = number(row.targets[year], `indicators.${i}.targets.${year}`);
      // An empty year is "not set": left out, as the server stores it.
      if (target !== null) targets[year] = target;
    }
    const kinerja = row.kinerja?.trim();
    return {
      id: row.id,
      ...(kinerja ? { kinerja } : {}),
      name: row.name.trim(),
      unit: row.unit.trim(),
      baseline: number(row.baseline, `indicators.${i}.baseline`),
      targets,
    };
  });
  return valid ? indicators : undefined;
}

import type { Indicator } from '../domain/types';
import { PLAN_YEARS } from '../reference/opds';
import { normalizeHeader } from './headers';
import type { ImportFieldChange } from './import-types';
import type { WantedIndicator } from './entities';

export interface IndicatorMerge {
  list: Indicator[];
  changed: boolean;
  /** Each change with the row it comes from. */
  changes: Array<{ row: number; change: ImportFieldChange }>;
}

/**
 * The indicators after an import: the file's indicators matched to the board's by name (case and
 * punctuation ignored), filled-in cells overwriting, empty cells keeping what is there; indicators the
 * file does not name stay (an import never deletes); new ones are appended.
 */
export function mergeIndicators(
  existing: readonly Indicator[],
  wanted: readonly WantedIndicator[],
  newId: (name: string, taken: ReadonlySet<string>) => string,
): IndicatorMerge {
  const list = existing.map((i) => ({ ...i, targets: { ...i.targets } }));
  const changes: IndicatorMerge['changes'] = [];
  const taken = new Set(list.map((i) => i.id));
  for (const w of wanted) {
    const at = list.findIndex((i) => normalizeHeader(i.name) === w.key);
    if (at < 0) {
      const id = newId(w.name, taken);
      taken.add(id);
      const added: Indicator = {
        id,
        ...(w.kinerja !== null && { kinerja: w.kinerja }),
        name: w.name,
        unit: w.unit ?? '',
        baseline: w.baseline,
        targets: { ...w.targets },
      };
      list.push(added);
      changes.push({
        row: w.row,
        change: {
          field: 'indicator',
          indicator: w.name,
          before: null,
          after: { unit: added.unit, baseline: added.baseline, targets: added.targets },
        },
      });
      continue;
    }
    const indicator = list[at]!;
    const note = (field: string, before: unknown, after: unknown) =>
      changes.push({ row: w.row, change: { field, indicator: indicator.name, before, after } });
    if (w.unit !== null && w.unit !== indicator.unit) {
      note('unit', indicator.unit, w.unit);
      indicator.unit = w.unit;
    }
    if (w.kinerja !== null && w.kinerja !== (indicator.kinerja ?? null)) {
      note('kinerja', indicator.kinerja ?? null, w.kinerja);
      indicator.kinerja = w.kinerja;
    }
    if (w.baseline !== null && w.baseline !== indicator.baseline) {
      note('baseline', indicator.baseline, w.baseline);
      indicator.baseline = w.baseline;
    }
    for (const year of PLAN_YEARS) {
      const value = w.targets[year];
      if (value === undefined || value === (indicator.targets[year] ?? null)) continue;
      note(`targets.${year}`, indicator.targets[year] ?? null, value);
      indicator.targets[year] = value;
    }
  }
  return { list, changed: changes.length > 0, changes };
}

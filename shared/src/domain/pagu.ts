import { PLAN_YEARS, type PlanYear } from '../reference/opds';
import { kegiatanOf, type Kegiatan, type Program } from './types';

/**
 * A program's pagu indikatif per year (issue 11): the sum of its active sub-kegiatan, unless the program's
 * own pagu for that year was set by hand, which then wins and says so. `source` tells the reader which.
 */
export type PaguSource = 'manual' | 'rincian' | 'none';

export interface YearPagu {
  /** What the program counts for in totals: the manual figure, else the sub-kegiatan sum, else null. */
  value: number | null;
  source: PaguSource;
  /** The program's own (manual) figure, if set. */
  manual: number | null;
  /** The sum of its active sub-kegiatan's pagu that year, null when none has one. */
  rincian: number | null;
}

/** Sum of one year's pagu over a kegiatan's active sub-kegiatan; null when none has a figure. */
export function kegiatanPagu(kegiatan: Kegiatan, year: PlanYear): number | null {
  if (kegiatan.archived) return null;
  let sum: number | null = null;
  for (const sub of Object.values(kegiatan.subKegiatan)) {
    const value = sub.archived ? null : (sub.pagu[year] ?? null);
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

export function programPaguYear(program: Pick<Program, 'pagu' | 'kegiatan'>, year: PlanYear): YearPagu {
  let rincian: number | null = null;
  for (const kegiatan of Object.values(kegiatanOf(program))) {
    const value = kegiatanPagu(kegiatan, year);
    if (value !== null) rincian = (rincian ?? 0) + value;
  }
  const manual = program.pagu[year] ?? null;
  if (manual !== null) return { value: manual, source: 'manual', manual, rincian };
  if (rincian !== null) return { value: rincian, source: 'rincian', manual, rincian };
  return { value: null, source: 'none', manual, rincian };
}

/** Every plan year's pagu of a program. */
export function programPagu(program: Pick<Program, 'pagu' | 'kegiatan'>): Record<PlanYear, YearPagu> {
  return Object.fromEntries(PLAN_YEARS.map((year) => [year, programPaguYear(program, year)])) as Record<
    PlanYear,
    YearPagu
  >;
}

/** The program's pagu over all plan years (what column totals and charts add up). */
export function programPaguTotal(program: Pick<Program, 'pagu' | 'kegiatan'>): number {
  let total = 0;
  for (const year of PLAN_YEARS) total += programPaguYear(program, year).value ?? 0;
  return total;
}

import {
  type BoardState,
  type Indicator,
  type PlanYear,
  type Program,
  PLAN_YEARS,
  kegiatanOf,
  kegiatanPagu,
  nomenclatureByVersion,
  own,
  parentCode,
  programPaguYear,
} from '@selaras/shared';
import { compareCodes } from './compare';

/**
 * The RPJMD table "Indikasi Rencana Program Prioritas yang Disertai Kebutuhan Pendanaan" (Permendagri
 * 86/2017 style), as rows: urusan, bidang urusan, program (one per OPD holding it), kegiatan and
 * sub-kegiatan in nomenclature order, each with its indicators (the first on its own row, more below
 * it), target and pagu per plan year, the end condition (2029 target, five-year pagu), the OPD and
 * lokasi. A program's row is its total (its own pagu, or the sum of its sub-kegiatan); urusan and
 * bidang rows total their programs; then the overall total and a total per OPD. One fold of the board:
 * the XLSX and the HTML are two renderings of these rows.
 */
export type RpjmdKind =
  'urusan' | 'bidang' | 'program' | 'kegiatan' | 'subKegiatan' | 'indicator' | 'total' | 'opdHeading' | 'opd';

export interface RpjmdRow {
  kind: RpjmdKind;
  code: string;
  name: string;
  indicator: string | null;
  unit: string | null;
  baseline: number | null;
  targets: Array<number | null>;
  /** Pagu per plan year (whole Rupiah), null where nothing is set. */
  pagu: Array<number | null>;
  endTarget: number | null;
  /** The five years' pagu together. */
  endPagu: number | null;
  opd: string;
  lokasi: string;
}

const empty = () => PLAN_YEARS.map(() => null as number | null);

function add(a: Array<number | null>, b: Array<number | null>): Array<number | null> {
  return a.map((x, i) => (x === null && b[i] === null ? null : (x ?? 0) + (b[i] ?? 0)));
}

function total(values: Array<number | null>): number | null {
  return values.some((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
}

export function rpjmdRows(board: BoardState): RpjmdRow[] {
  const nomenclature = nomenclatureByVersion(board.nomenclatureVersion);
  const titleOf = (code: string, fallback: string) => nomenclature?.entries.get(code)?.title ?? fallback;
  const opdName = (p: Program) => own(board.opds, p.opdId)?.name ?? p.opdId;
  const programs = Object.values(board.programs)
    .filter((p) => !p.archived)
    .sort((a, b) => compareCodes(a.code, b.code) || opdName(a).localeCompare(opdName(b)));
  const paguOf = (p: Program) => PLAN_YEARS.map((y) => programPaguYear(p, y).value);
  const rows: RpjmdRow[] = [];
  const items = (
    kind: 'program' | 'kegiatan' | 'subKegiatan',
    code: string,
    name: string,
    indicators: Indicator[],
    pagu: Array<number | null>,
    opd: string,
    lokasi: string[],
  ) => {
    const [first, ...more] = indicators;
    rows.push({
      ...indicatorCells(first),
      kind,
      code,
      name,
      pagu,
      endPagu: total(pagu),
      opd,
      lokasi: lokasi.join(', '),
    });
    for (const indicator of more)
      rows.push({
        ...indicatorCells(indicator),
        kind: 'indicator',
        code: '',
        name: '',
        pagu: empty(),
        endPagu: null,
        opd: '',
        lokasi: '',
      });
  };
  const group = (level: 'urusan' | 'bidang', key: (p: Program) => string) => {
    const sums = new Map<string, Array<number | null>>();
    for (const p of programs) sums.set(key(p), add(sums.get(key(p)) ?? empty(), paguOf(p)));
    return (code: string) => {
      const pagu = sums.get(code) ?? empty();
      const fallback = level === 'urusan' ? `Urusan ${code}` : `Bidang urusan ${code}`;
      rows.push({ ...blank(level, code, titleOf(code, fallback)), pagu, endPagu: total(pagu) });
    };
  };
  const urusanOf = (p: Program) => p.code.split('.')[0]!;
  const bidangOf = (p: Program) => parentCode(p.code) ?? p.code;
  const urusanRow = group('urusan', urusanOf);
  const bidangRow = group('bidang', bidangOf);
  let urusan = '';
  let bidang = '';
  for (const p of programs) {
    if (urusanOf(p) !== urusan) urusanRow((urusan = urusanOf(p)));
    if (bidangOf(p) !== bidang) bidangRow((bidang = bidangOf(p)));
    items('program', p.code, p.title, p.indicators, paguOf(p), opdName(p), p.lokasi);
    for (const kegiatan of active(kegiatanOf(p))) {
      const pagu = PLAN_YEARS.map((y) => kegiatanPagu(kegiatan, y));
      items('kegiatan', kegiatan.code, kegiatan.title, kegiatan.indicators, pagu, opdName(p), []);
      for (const sub of active(kegiatan.subKegiatan))
        items(
          'subKegiatan',
          sub.code,
          sub.title,
          sub.indicators,
          PLAN_YEARS.map((y) => sub.pagu[y] ?? null),
          opdName(p),
          sub.lokasi,
        );
    }
  }
  const overall = programs.reduce((sum, p) => add(sum, paguOf(p)), empty());
  rows.push({ ...blank('total', '', 'JUMLAH TOTAL'), pagu: overall, endPagu: total(overall) });
  rows.push({ ...blank('opdHeading', '', 'Rekapitulasi kebutuhan pendanaan per perangkat daerah') });
  const byOpd = new Map<string, Array<number | null>>();
  for (const p of programs) byOpd.set(opdName(p), add(byOpd.get(opdName(p)) ?? empty(), paguOf(p)));
  for (const [opd, pagu] of [...byOpd].sort(([a], [b]) => a.localeCompare(b)))
    rows.push({ ...blank('opd', '', opd), opd, pagu, endPagu: total(pagu) });
  return rows;
}

function blank(kind: RpjmdKind, code: string, name: string): RpjmdRow {
  return {
    kind,
    code,
    name,
    indicator: null,
    unit: null,
    baseline: null,
    targets: empty(),
    pagu: empty(),
    endTarget: null,
    endPagu: null,
    opd: '',
    lokasi: '',
  };
}

function indicatorCells(indicator: Indicator | undefined) {
  return {
    indicator: indicator?.name ?? null,
    unit: indicator?.unit ?? null,
    baseline: indicator?.baseline ?? null,
    targets: PLAN_YEARS.map((y: PlanYear) => indicator?.targets[y] ?? null),
    endTarget: indicator?.targets['2029'] ?? null,
  };
}

function active<T extends { code: string; archived: boolean }>(items: Record<string, T>): T[] {
  return Object.values(items)
    .filter((i) => !i.archived)
    .sort((a, b) => compareCodes(a.code, b.code));
}

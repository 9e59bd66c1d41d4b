import { type ImportCell, type Nomenclature, PLAN_YEARS, nomenclatureChildren } from '@selaras/shared';

/**
 * Renstra-style tables made from the real nomenclature, for the sample files (docs/contoh), the tests and
 * the import benchmark. Codes, names, indicators and units come from the nomenclature files; every
 * target and pagu is FICTITIOUS (round, patterned numbers) and the tables say so in their title rows.
 */
export interface SampleOpd {
  /** As the board names it (the OPD column holds this). */
  name: string;
  /** Bidang urusan (`1.02`) whose programs it lists. */
  bidang: string[];
}

export interface SampleSpec {
  nomenclature: Nomenclature;
  opds: SampleOpd[];
  programsPerOpd: number;
  kegiatanPerProgram: number;
  subPerKegiatan: number;
  /** Stop after this many data rows (the bench's 5,000). */
  maxRows?: number;
  /** Also list each bidang's support program (X.XX.01, as SIPD instantiates it). */
  includeSupport?: boolean;
}

/** One data row: kode, nama, indikator, satuan, kondisi awal, (target, pagu) × 5 years, OPD, lokasi. */
export type SampleRow = ImportCell[];

export const SAMPLE_COLUMNS = [
  'Kode',
  'Program/Kegiatan/Sub Kegiatan',
  'Indikator Kinerja',
  'Satuan',
  'Kondisi Awal',
  ...PLAN_YEARS.flatMap((y) => [`Target ${y}`, `Pagu Indikatif ${y}`]),
  'Perangkat Daerah',
  'Lokasi',
] as const;

/**
 * Programs of each OPD's bidang (the support program X.XX.01 only if asked), with their first kegiatan and
 * sub-kegiatan. Sub-kegiatan carry the nomenclature's indicator and unit, a fictitious target and pagu;
 * program and kegiatan rows carry the sum of their sub-kegiatan, as a Renstra table does.
 */
export function sampleRows(spec: SampleSpec): SampleRow[] {
  const { nomenclature } = spec;
  const rows: SampleRow[] = [];
  const full = () => spec.maxRows !== undefined && rows.length >= spec.maxRows;
  let n = 0;
  for (const opd of spec.opds) {
    const programs = opd.bidang
      .flatMap((b) => nomenclatureChildren(nomenclature, b))
      .filter(
        (code) =>
          (spec.includeSupport || !nomenclature.entries.get(code)?.support) &&
          nomenclatureChildren(nomenclature, code).length > 0,
      )
      .slice(0, spec.programsPerOpd);
    for (const program of programs) {
      if (full()) return rows;
      const programRow = rows.length;
      rows.push(row(program, nomenclature.entries.get(program)!.title, null, null, null, opd.name));
      const programSum = PLAN_YEARS.map(() => 0);
      for (const kegiatan of nomenclatureChildren(nomenclature, program).slice(0, spec.kegiatanPerProgram)) {
        const subs = nomenclatureChildren(nomenclature, kegiatan).slice(0, spec.subPerKegiatan);
        if (subs.length === 0 || full()) continue;
        const kegiatanRow = rows.length;
        rows.push(row(kegiatan, nomenclature.entries.get(kegiatan)!.title, null, null, null, opd.name));
        const kegiatanSum = PLAN_YEARS.map(() => 0);
        for (const sub of subs) {
          if (full()) break;
          const entry = nomenclature.entries.get(sub)!;
          n++;
          // Fictitious: 100 million Rupiah steps, growing 10% a year; targets 1, 2, 3, … per year.
          const base = 100_000_000 * (1 + (n % 9));
          const pagu = PLAN_YEARS.map((_, i) => Math.round((base * (100 + 10 * i)) / 100));
          const targets = PLAN_YEARS.map((_, i) => (n % 4) + 1 + i);
          pagu.forEach((v, i) => {
            kegiatanSum[i]! += v;
            programSum[i]! += v;
          });
          // A sub-kegiatan the annex gives no indicator gets none (and no target): nothing is made up.
          const indicator = entry.indikator && entry.satuan ? entry.indikator : null;
          rows.push(
            row(
              sub,
              entry.title,
              indicator,
              indicator ? entry.satuan! : null,
              null,
              opd.name,
              indicator ? targets : [],
              pagu,
            ),
          );
        }
        setPagu(rows[kegiatanRow]!, kegiatanSum);
      }
      setPagu(rows[programRow]!, programSum);
    }
  }
  return rows;
}

function row(
  code: string,
  name: string,
  indicator: string | null,
  unit: string | null,
  baseline: number | null,
  opd: string,
  targets: number[] = [],
  pagu: number[] = [],
): SampleRow {
  return [
    code,
    name,
    indicator,
    unit,
    baseline,
    ...PLAN_YEARS.flatMap((_, i) => [targets[i] ?? null, pagu[i] ?? null]),
    opd,
    null,
  ];
}

function setPagu(target: SampleRow, sums: number[]): void {
  sums.forEach((sum, i) => {
    target[5 + 2 * i + 1] = sum;
  });
}

/** OPDs of the demo kabupaten with the bidang urusan their names say they hold. */
export const SAMPLE_OPDS: Record<string, SampleOpd> = {
  dinkes: { name: 'Dinas Kesehatan', bidang: ['1.02'] },
  disdik: { name: 'Dinas Pendidikan', bidang: ['1.01'] },
  putr: { name: 'Dinas PUTR', bidang: ['1.03'] },
  perkim: { name: 'Dinas Perkim', bidang: ['1.04'] },
  dinsos: { name: 'Dinas Sosial', bidang: ['1.06'] },
};

/**
 * Every bidang urusan of the nomenclature dealt out to the board's OPDs in turn (synthetic: for the
 * benchmark and load tests, not a claim about who holds what), so a table can reach thousands of rows.
 */
export function spreadOpds(nomenclature: Nomenclature, opdNames: readonly string[]): SampleOpd[] {
  const bidang = [...nomenclature.entries.values()]
    .filter((e) => e.level === 'bidang')
    .map((e) => e.code)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return opdNames.map((name, i) => ({ name, bidang: bidang.filter((_, j) => j % opdNames.length === i) }));
}

import type { Writable } from 'node:stream';
import {
  type BoardState,
  type Indicator,
  type PlanYear,
  type Program,
  PLAN_YEARS,
  kegiatanOf,
  kegiatanPagu,
  own,
  programPaguYear,
} from '@selaras/shared';
import { exceljs } from '../xlsx/exceljs';
import { compareCodes } from './compare';
import { guardCell } from './csv';

export interface ExportStamp {
  boardId: string;
  revision: number;
  headHash: string;
  /** The time of the event at `revision`: the board is shown as of then. */
  at: string;
  exportedAt: string;
}

type Cell = string | number | null;

/**
 * The alignment matrix laid out like the Renstra / RKPD program tables (DOMAIN.md): one row per program
 * indicator in nomenclature order, with the OPD, the alignment (a column per reference list of the
 * board), the indicator, baseline, target and pagu per plan year, the end condition, location, funding
 * source and stage; each program followed by its kegiatan and sub-kegiatan (issue 11) the same way,
 * the last column naming the level. Pagu sits on an item's first row: a program's is its pagu (its own
 * figure, or the sum of its sub-kegiatan), so the program rows add up to the board's total. The import
 * reads this sheet back (round trip: export, then import, changes nothing).
 */
export function matrixRows(board: BoardState): { header: [Cell[], Cell[]]; rows: Cell[][] } {
  const lists = Object.values(board.referenceLists);
  const years = PLAN_YEARS.flatMap((y) => [y, null]);
  const top: Cell[] = [
    'Kode',
    'Program / kegiatan / sub-kegiatan (nomenklatur)',
    'OPD penanggung jawab',
    ...lists.map((l) => `Keselarasan: ${l.title}`),
    'Indikator kinerja',
    'Satuan',
    'Kondisi awal (baseline)',
    ...years,
    'Kondisi akhir 2029',
    null,
    'Lokasi (kecamatan)',
    'Sumber dana',
    'Tahap di papan',
    'Tingkat',
  ];
  const second: Cell[] = top.map(() => null);
  const firstYear = 3 + lists.length + 3;
  PLAN_YEARS.forEach((_, i) => {
    second[firstYear + 2 * i] = 'Target';
    second[firstYear + 2 * i + 1] = 'Pagu indikatif (Rp)';
  });
  second[firstYear + 10] = 'Target';
  second[firstYear + 11] = 'Total pagu (Rp)';

  const stage = new Map(board.columns.map((c) => [c.id, c.title]));
  const programs = Object.values(board.programs)
    .filter((p) => !p.archived)
    .sort((a, b) => compareCodes(a.code, b.code) || opdName(board, a).localeCompare(opdName(board, b)));
  const rows: Cell[][] = [];
  const item = (entry: MatrixItem) => {
    const indicators = entry.indicators.length ? entry.indicators : [undefined];
    indicators.forEach((indicator, i) => {
      const first = i === 0;
      const perYear = PLAN_YEARS.flatMap((y) => [
        indicator?.targets[y] ?? null,
        first ? entry.pagu(y) : null,
      ]);
      const total = PLAN_YEARS.map((y) => entry.pagu(y)).filter((v): v is number => v !== null);
      rows.push([
        entry.code,
        entry.title,
        entry.opd,
        ...(first ? entry.alignment : lists.map(() => null)),
        indicator?.name ?? null,
        indicator?.unit ?? null,
        indicator?.baseline ?? null,
        ...perYear,
        indicator?.targets['2029'] ?? null,
        first && total.length ? total.reduce((a, b) => a + b, 0) : null,
        first && entry.lokasi.length ? entry.lokasi.join(', ') : null,
        first ? entry.sumberDana : null,
        first ? entry.stage : null,
        entry.level,
      ]);
    });
  };
  for (const p of programs) {
    const opd = opdName(board, p);
    item({
      code: p.code,
      title: p.title,
      opd,
      alignment: lists.map((l) =>
        p.tags
          .filter((t) => t.listId === l.id)
          .map((t) => l.items.find((i) => i.id === t.itemId)?.short ?? t.itemId)
          .join('; '),
      ),
      indicators: p.indicators,
      pagu: (y) => programPaguYear(p, y).value,
      lokasi: p.lokasi,
      sumberDana: p.sumberDana,
      stage: stage.get(p.columnId) ?? p.columnId,
      level: 'program',
    });
    const rincian = { opd, alignment: lists.map(() => null), sumberDana: null, stage: null };
    for (const kegiatan of active(kegiatanOf(p))) {
      item({
        ...rincian,
        code: kegiatan.code,
        title: kegiatan.title,
        indicators: kegiatan.indicators,
        pagu: (y) => kegiatanPagu(kegiatan, y),
        lokasi: [],
        level: 'kegiatan',
      });
      for (const sub of active(kegiatan.subKegiatan)) {
        item({
          ...rincian,
          code: sub.code,
          title: sub.title,
          indicators: sub.indicators,
          pagu: (y) => sub.pagu[y] ?? null,
          lokasi: sub.lokasi,
          level: 'sub-kegiatan',
        });
      }
    }
  }
  return { header: [top, second], rows };
}

interface MatrixItem {
  code: string;
  title: string;
  opd: string;
  alignment: Cell[];
  indicators: Indicator[];
  pagu: (year: PlanYear) => number | null;
  lokasi: string[];
  sumberDana: string | null;
  stage: string | null;
  level: 'program' | 'kegiatan' | 'sub-kegiatan';
}

function active<T extends { code: string; archived: boolean }>(items: Record<string, T>): T[] {
  return Object.values(items)
    .filter((i) => !i.archived)
    .sort((a, b) => compareCodes(a.code, b.code));
}

/** Streams the workbook to `out` (exceljs' streaming writer: rows are flushed as they are committed). */
export async function writeMatrixXlsx(out: Writable, board: BoardState, stamp: ExportStamp): Promise<void> {
  const workbook = new (await exceljs()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Selaras';
  const sheet = workbook.addWorksheet('Matriks keselarasan', { views: [{ state: 'frozen', ySplit: 6 }] });
  const { header, rows } = matrixRows(board);
  sheet.columns = header[0].map((_, i) => ({ width: i === 1 ? 48 : i < 3 ? 14 : 16 }));
  const marker = board.sample
    ? ' (Data contoh)'
    : board.synthetic
      ? ' (Data sintetis, bukan data nyata)'
      : '';
  const add = (values: Cell[], bold = false) => {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? guardCell(v) : v)));
    if (bold) row.font = { bold: true };
    row.commit();
  };
  add([`Matriks keselarasan program: ${board.title}${marker}`], true);
  add([`Papan ${stamp.boardId}, revisi ${stamp.revision}, head hash ${stamp.headHash}`]);
  add([`Keadaan per ${stamp.at}; diekspor ${stamp.exportedAt} dari Selaras (bukan dokumen resmi SIPD)`]);
  add([]);
  add(header[0], true);
  add(header[1], true);
  for (const row of rows) add(row);
  sheet.commit();
  await workbook.commit();
}

function opdName(board: BoardState, p: Program): string {
  return own(board.opds, p.opdId)?.name ?? p.opdId;
}

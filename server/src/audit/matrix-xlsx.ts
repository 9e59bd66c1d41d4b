import type { Writable } from 'node:stream';
import { type BoardState, type Program, PLAN_YEARS, own, programPaguYear } from '@selaras/shared';
import ExcelJS from 'exceljs';
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
 * source and stage. Pagu sits on a program's first row only, so a column sum is the board's total.
 */
export function matrixRows(board: BoardState): { header: [Cell[], Cell[]]; rows: Cell[][] } {
  const lists = Object.values(board.referenceLists);
  const years = PLAN_YEARS.flatMap((y) => [y, null]);
  const top: Cell[] = [
    'Kode',
    'Program (nomenklatur)',
    'OPD penanggung jawab',
    ...lists.map((l) => `Keselarasan: ${l.title}`),
    'Indikator kinerja program',
    'Satuan',
    'Kondisi awal (baseline)',
    ...years,
    'Kondisi akhir 2029',
    null,
    'Lokasi (kecamatan)',
    'Sumber dana',
    'Tahap di papan',
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
  for (const p of programs) {
    const alignment = lists.map((l) =>
      p.tags
        .filter((t) => t.listId === l.id)
        .map((t) => l.items.find((i) => i.id === t.itemId)?.short ?? t.itemId)
        .join('; '),
    );
    const indicators = p.indicators.length ? p.indicators : [undefined];
    indicators.forEach((indicator, i) => {
      const first = i === 0;
      const perYear = PLAN_YEARS.flatMap((y) => [
        indicator?.targets[y] ?? null,
        // The effective pagu: the sum of its sub-kegiatan unless set by hand (issue 11).
        first ? programPaguYear(p, y).value : null,
      ]);
      rows.push([
        p.code,
        p.title,
        opdName(board, p),
        ...alignment,
        indicator?.name ?? null,
        indicator?.unit ?? null,
        indicator?.baseline ?? null,
        ...perYear,
        indicator?.targets['2029'] ?? null,
        first ? totalPagu(p) : null,
        first ? p.lokasi.join(', ') : null,
        first ? p.sumberDana : null,
        first ? (stage.get(p.columnId) ?? p.columnId) : null,
      ]);
    });
  }
  return { header: [top, second], rows };
}

/** Streams the workbook to `out` (exceljs' streaming writer: rows are flushed as they are committed). */
export async function writeMatrixXlsx(out: Writable, board: BoardState, stamp: ExportStamp): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
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

function totalPagu(p: Program): number | null {
  const values = PLAN_YEARS.map((y) => programPaguYear(p, y).value).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

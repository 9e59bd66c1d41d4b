import type { Writable } from 'node:stream';
import { type BoardState, PLAN_YEARS } from '@selaras/shared';
import type ExcelJS from 'exceljs';
import { exceljs } from '../xlsx/exceljs';
import { guardCell } from './csv';
import type { ExportStamp } from './matrix-xlsx';
import { type RpjmdRow, rpjmdRows } from './rpjmd-rows';

/** OOXML's paper size 8 is A3; exceljs' enum lists only some sizes. */
const A3 = 8 as unknown as ExcelJS.PaperSize;
const RUPIAH = '"Rp"#,##0';
const HEADER_TOP = 4;
const COLUMNS = 5 + PLAN_YEARS.length * 2 + 4;

export const RPJMD_TITLE = 'Indikasi Rencana Program Prioritas yang Disertai Kebutuhan Pendanaan';

export function boardMarker(board: BoardState): string {
  return board.sample ? ' (Data contoh)' : board.synthetic ? ' (Data sintetis, bukan data nyata)' : '';
}

export function stampLine(stamp: ExportStamp): string {
  return `Papan ${stamp.boardId}, revisi ${stamp.revision}, head hash ${stamp.headHash}; keadaan per ${stamp.at}; diekspor ${stamp.exportedAt} dari Selaras (bukan dokumen resmi SIPD)`;
}

/**
 * The RPJMD table as a workbook laid out for print: a three-row header with merged cells, Rupiah
 * formats, frozen panes, A3 landscape fitted to the width with the header repeated on every page, and
 * the revision and head hash in the sheet and in the page footer. Text is formula-guarded.
 */
export async function writeRpjmdXlsx(out: Writable, board: BoardState, stamp: ExportStamp): Promise<void> {
  const workbook = new (await exceljs()).Workbook();
  workbook.creator = 'Selaras';
  const sheet = workbook.addWorksheet('RPJMD', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_TOP + 3 }],
    pageSetup: {
      paperSize: A3,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_TOP}:${HEADER_TOP + 3}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.3 },
    },
    headerFooter: {
      oddFooter: `&L&8Selaras — revisi ${stamp.revision}, head hash ${stamp.headHash}&R&8Halaman &P dari &N`,
    },
  });
  sheet.columns = [14, 48, 40, 12, 12, ...PLAN_YEARS.flatMap(() => [10, 18]), 10, 20, 26, 20].map(
    (width) => ({ width }),
  );
  const text = (v: string | null) => (v === null || v === '' ? null : guardCell(v));
  sheet.addRow([`${RPJMD_TITLE}: ${board.title}${boardMarker(board)}`]).font = { bold: true, size: 13 };
  sheet.addRow([stampLine(stamp)]).font = { italic: true, size: 9 };
  sheet.addRow([]);
  header(sheet);
  for (const row of rpjmdRows(board)) {
    const added = sheet.addRow([
      text(row.code),
      text(row.name),
      text(row.indicator),
      text(row.unit),
      row.baseline,
      ...PLAN_YEARS.flatMap((_, i) => [row.targets[i] ?? null, row.pagu[i] ?? null]),
      row.endTarget,
      row.endPagu,
      text(row.opd),
      text(row.lokasi),
    ]);
    style(added, row);
  }
  sheet.addRow([]);
  sheet.addRow([stampLine(stamp)]).font = { italic: true, size: 9 };
  await workbook.xlsx.write(out);
}

function header(sheet: ExcelJS.Worksheet): void {
  const top = HEADER_TOP;
  const years = PLAN_YEARS.length * 2;
  const row1: ExcelJS.CellValue[] = [
    'Kode',
    'Urusan / Bidang Urusan / Program / Kegiatan / Sub Kegiatan',
    'Indikator Kinerja Program (outcome) / Kegiatan (output)',
    'Satuan',
    'Kondisi Kinerja Awal',
    'Capaian Kinerja Program dan Kerangka Pendanaan',
    ...Array<null>(years - 1).fill(null),
    'Kondisi Kinerja pada Akhir Periode RPJMD',
    null,
    'Perangkat Daerah Penanggung Jawab',
    'Lokasi',
  ];
  const row2: ExcelJS.CellValue[] = [
    null,
    null,
    null,
    null,
    null,
    ...PLAN_YEARS.flatMap((y) => [y, null]),
    '2029',
    null,
    null,
    null,
  ];
  const row3: ExcelJS.CellValue[] = [
    null,
    null,
    null,
    null,
    null,
    ...PLAN_YEARS.flatMap(() => ['Target', 'Rp']),
    'Target',
    'Rp',
    null,
    null,
  ];
  const numbers = Array.from({ length: COLUMNS }, (_, i) => `(${i + 1})`);
  for (const values of [row1, row2, row3, numbers]) {
    const r = sheet.addRow(values);
    r.font = { bold: true };
    r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    r.eachCell({ includeEmpty: true }, (cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
      cell.border = {
        top: { style: 'thin' },
        bottom: { style: 'thin' },
        left: { style: 'thin' },
        right: { style: 'thin' },
      };
    });
  }
  for (const c of [1, 2, 3, 4, 5, COLUMNS - 1, COLUMNS]) sheet.mergeCells(top, c, top + 2, c);
  sheet.mergeCells(top, 6, top, 5 + years);
  PLAN_YEARS.forEach((_, i) => sheet.mergeCells(top + 1, 6 + 2 * i, top + 1, 7 + 2 * i));
  sheet.mergeCells(top, 6 + years, top, 7 + years);
  sheet.mergeCells(top + 1, 6 + years, top + 1, 7 + years);
}

const FILLS: Partial<Record<RpjmdRow['kind'], string>> = {
  urusan: 'FFD9E2EC',
  bidang: 'FFEDF1F6',
  total: 'FFFFF1C2',
  opdHeading: 'FFFFF1C2',
};

function style(row: ExcelJS.Row, data: RpjmdRow): void {
  PLAN_YEARS.forEach((_, i) => (row.getCell(7 + 2 * i).numFmt = RUPIAH));
  row.getCell(7 + PLAN_YEARS.length * 2).numFmt = RUPIAH;
  row.getCell(2).alignment = { wrapText: true, indent: indent(data.kind) };
  row.getCell(3).alignment = { wrapText: true };
  if (['urusan', 'bidang', 'program', 'total', 'opdHeading'].includes(data.kind)) row.font = { bold: true };
  const fill = FILLS[data.kind];
  if (fill)
    for (let c = 1; c <= COLUMNS; c++)
      row.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
}

function indent(kind: RpjmdRow['kind']): number {
  return { urusan: 0, bidang: 1, program: 2, kegiatan: 3, subKegiatan: 4, indicator: 4 }[kind as string] ?? 0;
}

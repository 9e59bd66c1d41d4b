import { PLAN_YEARS, formatIdNumber } from '@selaras/shared';
import type ExcelJS from 'exceljs';
import { exceljs } from '../xlsx/exceljs';
import { guardCell } from '../audit/csv';
import type { SampleRow } from './sample-tables';

/**
 * The sample tables as files people recognise: an XLSX laid out like a Renstra table (title rows, a
 * three-row header with merged cells, a column-numbering row, Rupiah formats, a total row) and a CSV
 * as an Indonesian Excel saves it (semicolons, "1.250.000.000"). Both say CONTOH and FIKTIF.
 */
export interface SampleFile {
  title: string;
  /** Lines under the title: where the codes come from, that the figures are fictitious. */
  notes: string[];
}

/** OOXML's paper size 8 is A3; exceljs' enum lists only some sizes. */
export const A3_PAPER = 8 as unknown as ExcelJS.PaperSize;

const WIDTHS = [20, 60, 40, 12, 10, ...PLAN_YEARS.flatMap(() => [9, 18]), 24, 20];

export async function sampleXlsx(rows: SampleRow[], file: SampleFile): Promise<Buffer> {
  const workbook = new (await exceljs()).Workbook();
  workbook.creator = 'Selaras (contoh)';
  workbook.created = workbook.modified = new Date('2025-02-14T00:00:00.000Z');
  const sheet = workbook.addWorksheet('CONTOH Renstra', {
    views: [{ state: 'frozen', ySplit: 7, xSplit: 2 }],
    pageSetup: {
      paperSize: A3_PAPER,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  sheet.addRow([file.title]).font = { bold: true, size: 13 };
  for (const note of file.notes) sheet.addRow([note]).font = { italic: true, color: { argb: 'FFB00020' } };
  const top = sheet.rowCount + 1;
  const last = 5 + PLAN_YEARS.length * 2 + 2;
  const header1: ExcelJS.CellValue[] = [
    'Kode',
    'Program/Kegiatan/Sub Kegiatan',
    'Indikator Kinerja',
    'Satuan',
    'Kondisi Awal',
  ];
  header1.push('Target dan Pagu Indikatif (FIKTIF)', ...Array<null>(PLAN_YEARS.length * 2 - 1).fill(null));
  header1.push('Perangkat Daerah', 'Lokasi');
  const header2: ExcelJS.CellValue[] = [
    null,
    null,
    null,
    null,
    null,
    ...PLAN_YEARS.flatMap((y) => [Number(y), null]),
    null,
    null,
  ];
  const header3: ExcelJS.CellValue[] = [
    null,
    null,
    null,
    null,
    null,
    ...PLAN_YEARS.flatMap(() => ['Target', 'Pagu Indikatif (Rp)']),
    null,
    null,
  ];
  for (const values of [header1, header2, header3]) {
    const r = sheet.addRow(values);
    r.font = { bold: true };
    r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
  // Merged: the columns of one level over all three header rows, the group label, each year over two.
  for (const c of [1, 2, 3, 4, 5, last - 1, last]) sheet.mergeCells(top, c, top + 2, c);
  sheet.mergeCells(top, 6, top, 5 + PLAN_YEARS.length * 2);
  PLAN_YEARS.forEach((_, i) => sheet.mergeCells(top + 1, 6 + 2 * i, top + 1, 7 + 2 * i));
  sheet.addRow(Array.from({ length: last }, (_, i) => `(${i + 1})`)).alignment = { horizontal: 'center' };
  const totals = PLAN_YEARS.map(() => 0);
  for (const values of rows) {
    const r = sheet.addRow(values.map((v) => (typeof v === 'string' ? guardCell(v) : v)));
    const level = String(values[0]).split('.').length;
    if (level <= 3) r.font = { bold: true };
    PLAN_YEARS.forEach((_, i) => {
      r.getCell(7 + 2 * i).numFmt = '"Rp"#,##0';
      if (level === 3) totals[i]! += Number(values[6 + 2 * i] ?? 0);
    });
  }
  const total = sheet.addRow([
    '',
    'Jumlah (FIKTIF)',
    ...Array<null>(3).fill(null),
    ...PLAN_YEARS.flatMap((_, i) => [null, totals[i]!]),
  ]);
  total.font = { bold: true };
  PLAN_YEARS.forEach((_, i) => (total.getCell(7 + 2 * i).numFmt = '"Rp"#,##0'));
  const readme = workbook.addWorksheet('Keterangan CONTOH');
  readme.columns = [{ width: 120 }];
  for (const line of [file.title, ...file.notes, '', ...LAYOUT_NOTES]) readme.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same table as the semicolon CSV an Indonesian Excel saves (UTF-8 with a byte-order mark). */
export function sampleCsv(rows: SampleRow[], file: SampleFile): string {
  const header = [
    'Kode',
    'Program/Kegiatan/Sub Kegiatan',
    'Indikator Kinerja',
    'Satuan',
    'Kondisi Awal',
    ...PLAN_YEARS.flatMap((y) => [`Target ${y}`, `Pagu Indikatif ${y}`]),
    'Perangkat Daerah',
    'Lokasi',
  ];
  const cell = (value: unknown, i: number): string => {
    if (value === null || value === undefined) return '';
    // Pagu columns as Indonesians type them: dots between thousands.
    if (typeof value === 'number')
      return i >= 5 && (i - 5) % 2 === 1 ? formatIdNumber(value) : String(value).replace('.', ',');
    const text = guardCell(String(value));
    return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [[file.title], ...file.notes.map((n) => [n]), header, ...rows].map((values) =>
    values.map(cell).join(';'),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const LAYOUT_NOTES = [
  'Tata letak yang dibaca impor Selaras (lihat README, bagian "Impor dari Excel dan CSV"):',
  '- satu baris per program, kegiatan atau sub-kegiatan (kode nomenklatur di kolom Kode); satu indikator per baris, baris tambahan untuk indikator berikutnya;',
  '- judul kolom dicocokkan longgar: Kode, Program/Kegiatan/Sub Kegiatan, Indikator, Satuan, Kondisi Awal, Target 2025…2029, Pagu (Indikatif) 2025…2029, Perangkat Daerah/OPD, Lokasi;',
  '- angka ditulis cara Indonesia (1.250.000.000); sel kosong berarti tidak diisi; singkatan seperti "1,25 M" ditolak;',
  '- pagu program dan kegiatan adalah jumlah sub-kegiatannya kecuali program diberi angka sendiri.',
];

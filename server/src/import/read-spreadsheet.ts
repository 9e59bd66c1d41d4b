import { type ImportCell, type ImportTable, readHeader, tableFromCsv } from '@selaras/shared';
import type ExcelJS from 'exceljs';
import { exceljs } from '../xlsx/exceljs';
import { ZipRefused, checkZip } from './zip-guard';

/**
 * Bytes to an import table: XLSX through exceljs (after the zip guard), CSV through the shared parser.
 * Formulas are never evaluated: a formula cell gives the value Excel stored with it, or a cell problem
 * when it has none. Every refusal is a `SpreadsheetError` with an HTTP status and both languages.
 */
export type SpreadsheetFormat = 'xlsx' | 'csv';

export const MAX_ROWS = 50_000;
export const MAX_COLUMNS = 200;

export class SpreadsheetError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    readonly code: 'MalformedFile' | 'FileTooLarge' | 'UnsupportedFileType' | 'FileRefused',
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** What the bytes are, by their content first (a name can lie), then by the name. */
export function sniffFormat(bytes: Buffer, fileName = ''): SpreadsheetFormat {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0)
    throw new SpreadsheetError(
      415,
      'UnsupportedFileType',
      'File .xls (Excel 97–2003) tidak didukung; simpan ulang sebagai .xlsx atau .csv, lalu impor.',
      'Old .xls files (Excel 97–2003) are not supported; save as .xlsx or .csv, then import.',
    );
  if (/\.(ods|numbers|pdf|docx?)$/i.test(fileName) || bytes.subarray(0, 1024).includes(0))
    throw new SpreadsheetError(
      415,
      'UnsupportedFileType',
      'Jenis file tidak didukung; impor menerima .xlsx dan .csv.',
      'Unsupported file type; import takes .xlsx and .csv.',
    );
  return 'csv';
}

export async function readSpreadsheet(bytes: Buffer, format: SpreadsheetFormat): Promise<ImportTable> {
  if (bytes.length === 0)
    throw new SpreadsheetError(400, 'MalformedFile', 'File kosong.', 'The file is empty.');
  return format === 'csv' ? readCsv(bytes) : readXlsx(bytes);
}

function readCsv(bytes: Buffer): ImportTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's "CSV (Comma delimited)" is Windows-1252, not UTF-8.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  let table: ImportTable;
  try {
    table = tableFromCsv(text);
  } catch {
    throw new SpreadsheetError(
      400,
      'MalformedFile',
      'File CSV rusak: ada tanda kutip yang tidak ditutup.',
      'The CSV file is malformed: a quote is not closed.',
    );
  }
  return limited(table);
}

async function readXlsx(bytes: Buffer): Promise<ImportTable> {
  try {
    checkZip(bytes);
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    throw zipError(error);
  }
  const workbook = new (await exceljs()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError(
      400,
      'MalformedFile',
      'File XLSX rusak atau bukan buku kerja Excel; buka dan simpan ulang di Excel atau LibreOffice.',
      'The XLSX file is damaged or not an Excel workbook; open and save it again in Excel or LibreOffice.',
    );
  }
  const tables = workbook.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map(sheetTable);
  if (tables.length === 0)
    throw new SpreadsheetError(
      400,
      'MalformedFile',
      'Buku kerja tidak punya lembar.',
      'The workbook has no sheet.',
    );
  // The sheet whose header names a code column (and most other fields) is the one to import.
  let best = tables[0]!;
  let bestScore = -1;
  for (const table of tables) {
    const header = readHeader(table);
    const score =
      header.columns.filter((c) => c.field !== null && c.field !== 'ignore').length +
      (header.columns.some((c) => c.field === 'code') ? 100 : 0);
    if (score > bestScore) {
      best = table;
      bestScore = score;
    }
  }
  return best;
}

function sheetTable(sheet: ExcelJS.Worksheet): ImportTable {
  if (sheet.rowCount > MAX_ROWS) throw tooManyRows(sheet.rowCount);
  const rows: ImportCell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: ImportCell[] = [];
    const width = Math.min(row.cellCount, MAX_COLUMNS);
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    rows[number - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { sheet: sheet.name, rows };
}

/** A cell's value as the import reads it. exceljs gives a merged cell its master's value. */
export function cellValue(value: ExcelJS.CellValue): ImportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if ('error' in value) return { problem: 'errorValue', text: String(value.error) };
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null)
      return { problem: 'formulaWithoutValue', text: `=${formula}` };
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result)
      return { problem: 'errorValue', text: String((result as { error: unknown }).error) };
    return cellValue(result as ExcelJS.CellValue);
  }
  if ('text' in value) return String((value as { text: unknown }).text);
  return null;
}

function limited(table: ImportTable): ImportTable {
  if (table.rows.length > MAX_ROWS) throw tooManyRows(table.rows.length);
  if (table.rows.some((r) => r.length > MAX_COLUMNS))
    table.rows = table.rows.map((r) => (r.length > MAX_COLUMNS ? r.slice(0, MAX_COLUMNS) : r));
  return table;
}

function tooManyRows(count: number): SpreadsheetError {
  return new SpreadsheetError(
    413,
    'FileTooLarge',
    `Lembar berisi ${count.toLocaleString('id-ID')} baris; impor menerima paling banyak ${MAX_ROWS.toLocaleString('id-ID')} baris.`,
    `The sheet has ${count.toLocaleString('en')} rows; import takes at most ${MAX_ROWS.toLocaleString('en')} rows.`,
  );
}

function zipError(error: ZipRefused): SpreadsheetError {
  switch (error.problem) {
    case 'notZip':
    case 'corrupt':
      return new SpreadsheetError(
        400,
        'MalformedFile',
        'File XLSX rusak (arsipnya tidak terbaca); buka dan simpan ulang di Excel atau LibreOffice.',
        'The XLSX file is damaged (its archive cannot be read); open and save it again in Excel or LibreOffice.',
      );
    case 'tooLarge':
      return new SpreadsheetError(
        413,
        'FileTooLarge',
        'Isi file XLSX terlalu besar setelah diekstrak (lebih dari 100 MB); pecah menjadi beberapa file.',
        'The XLSX file is too large once unpacked (over 100 MB); split it into several files.',
      );
    default:
      return new SpreadsheetError(
        422,
        'FileRefused',
        'File XLSX ditolak: strukturnya tidak wajar untuk lembar kerja (kompresi ekstrem, terlalu banyak bagian, terenkripsi atau berisi DTD).',
        'The XLSX file is refused: its structure is not that of a spreadsheet (extreme compression, too many parts, encryption or a DTD).',
      );
  }
}

/**
 * Spreadsheet-safe text. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could
 * be run as a formula by Excel or LibreOffice (CSV injection): it gets a leading apostrophe, which
 * spreadsheets read as "text". Numbers stay numbers.
 */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

/** One CSV line (RFC 4180: quoted when needed, quotes doubled), guarded, CRLF-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = guardCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The byte-order mark: Excel reads a CSV as UTF-8 (Rupiah dashes, names) only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

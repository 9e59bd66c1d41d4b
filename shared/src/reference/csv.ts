/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted with `"` (a quote inside a quoted field is
 * doubled), records ended by CRLF or LF. A leading byte-order mark is dropped. Pure, for both ends.
 * `delimiter` is for the semicolon CSV that Excel writes in Indonesian (and other comma-decimal) locales.
 */
export function parseCsv(text: string, delimiter: ',' | ';' | '\t' = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Characters from `start` up to the current one belong to the field but are not copied yet: a
  // field is sliced out in one piece rather than grown character by character (a 2 MB list of codes
  // is read at every start).
  let start = i;
  const sep = delimiter.charCodeAt(0);
  const take = (end: number) => {
    if (end > start) field += text.slice(start, end);
  };
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (const n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c !== QUOTE) continue;
      take(i);
      if (text.charCodeAt(i + 1) === QUOTE) {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === QUOTE && field === '' && start === i) quoted = true;
    else if (c === sep) {
      take(i);
      endField();
    } else if (c === LF) {
      take(i);
      endRow();
    } else if (c === CR) {
      take(i);
      if (text.charCodeAt(i + 1) !== LF) endRow();
    } else continue;
    start = i + 1;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  take(text.length);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Rows as records keyed by the header row's names; `required` columns must be present. */
export function csvRecords(text: string, required: readonly string[]): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Error(`CSV: missing column(s) ${missing.join(', ')}`);
  return rows.map((cells) => Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()])));
}

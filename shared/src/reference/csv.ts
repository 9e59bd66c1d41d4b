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
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else field += c;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Rows as records keyed by the header row's names; `required` columns must be present. */
export function csvRecords(text: string, required: readonly string[]): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Error(`CSV: missing column(s) ${missing.join(', ')}`);
  return rows.map((cells) => Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()])));
}

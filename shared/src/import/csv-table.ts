import { parseCsv } from '../reference/csv';
import type { ImportTable } from './import-types';

/**
 * A CSV file's text as an import table. Excel in an Indonesian locale writes semicolons (the comma is
 * the decimal sign there), others commas or tabs: the delimiter is the one that splits the first lines
 * most consistently. Every cell stays text; numbers are read by the column's field later.
 */
export function tableFromCsv(text: string, sheet = 'CSV'): ImportTable {
  const delimiter = sniffDelimiter(text);
  return {
    sheet,
    rows: parseCsv(text, delimiter).map((row) => row.map((cell) => (cell === '' ? null : cell))),
  };
}

function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const lines = outsideQuotes(text.slice(0, 64 * 1024))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  let best: ',' | ';' | '\t' = ',';
  let bestScore = -1;
  for (const candidate of [';', ',', '\t'] as const) {
    const counts = lines.map((l) => l.split(candidate).length - 1);
    const max = Math.max(0, ...counts);
    // Prefer the delimiter most lines agree on (the header and data rows have the same width).
    const agreeing = counts.filter((c) => c === max && c > 0).length;
    const score = agreeing * 1000 + max;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** The text with quoted fields blanked, so commas inside "Program A, B" do not count. */
function outsideQuotes(text: string): string {
  return text.replace(/"(?:[^"]|"")*"/g, '""');
}

import type { ImportCell } from './import-types';

/**
 * Numbers as Indonesian spreadsheets write them. A dot groups thousands and a comma starts the
 * decimals: "1.250.000.000" and "1.250.000,00" are 1250000000, "95,5" is 95.5. An empty cell (or "-")
 * is "not filled". Abbreviations ("Rp 1,25 M", "500 jt") and anything ambiguous ("95.5", "1,250,000")
 * are refused rather than guessed: a pagu read wrong by a factor of a thousand is worse than a question.
 */
export type NumberKind = 'rupiah' | 'target';

export type NumberProblem = 'abbreviated' | 'notANumber' | 'notWhole' | 'negative' | 'ambiguous' | 'tooLarge';

export type ParsedNumber = { ok: true; value: number | null } | { ok: false; problem: NumberProblem };

const EMPTY = /^[-–—]?$/;
const ABBREVIATED = /\d\s*(m|miliar|milyar|jt|juta|rb|ribu|k|t|tn|triliun|b|bn|mn|million|billion)\.?$/i;
const PLAIN = /^\d+$/;
const DOT_GROUPS = /^\d{1,3}(\.\d{3})+(,\d+)?$/;
const SPACE_GROUPS = /^\d{1,3}( \d{3})+(,\d+)?$/;
const DECIMAL_COMMA = /^\d+,\d+$/;
const COMMA_GROUPS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_POINT = /^\d+\.\d+$/;

export function parseIdNumber(cell: ImportCell, kind: NumberKind): ParsedNumber {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === 'number') return checked(cell, kind);
  if (typeof cell !== 'string') return { ok: false, problem: 'notANumber' };
  let text = cell.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (EMPTY.test(text)) return { ok: true, value: null };
  let negative = false;
  if (kind === 'rupiah') {
    text = text
      .replace(/^rp\.?\s*/i, '')
      .replace(/[,.]-$/, '')
      .trim();
  } else {
    text = text.replace(/\s*%$/, '');
    if (/^[-−]\s*\d/.test(text)) {
      negative = true;
      text = text.replace(/^[-−]\s*/, '');
    }
  }
  if (ABBREVIATED.test(text)) return { ok: false, problem: 'abbreviated' };
  if (kind === 'rupiah' && /^[-−]\s*\d/.test(text)) return { ok: false, problem: 'negative' };
  let whole: string;
  let fraction = '';
  if (PLAIN.test(text)) whole = text;
  else if (DOT_GROUPS.test(text) || SPACE_GROUPS.test(text)) {
    const [w, f = ''] = text.split(',');
    whole = w!.replace(/[. ]/g, '');
    fraction = f;
  } else if (DECIMAL_COMMA.test(text)) [whole, fraction] = text.split(',') as [string, string];
  else if (COMMA_GROUPS.test(text) || DECIMAL_POINT.test(text)) return { ok: false, problem: 'ambiguous' };
  else return { ok: false, problem: 'notANumber' };
  const value = Number(fraction ? `${whole}.${fraction}` : whole);
  return checked(negative ? -value : value, kind);
}

function checked(value: number, kind: NumberKind): ParsedNumber {
  if (!Number.isFinite(value)) return { ok: false, problem: 'notANumber' };
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return { ok: false, problem: 'tooLarge' };
  if (kind === 'rupiah') {
    if (value < 0) return { ok: false, problem: 'negative' };
    if (!Number.isInteger(value)) return { ok: false, problem: 'notWhole' };
  }
  return { ok: true, value };
}

/** Whole Rupiah written the Indonesian way ("1.250.000.000"), for messages. */
export function formatIdNumber(value: number): string {
  const [whole, fraction] = String(Math.abs(value)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

import { parseRupiah } from '../format/rupiah';
import type { Language } from '../i18n/i18n';

/**
 * Numbers as people type them in the editor. Pagu is whole Rupiah and is written the Indonesian way in
 * both languages ("1.250.000.000"); indicator values (baseline, targets) may have decimals, written
 * with the decimal mark of the UI language ("85,5" in Bahasa Indonesia, "85.5" in English).
 */

const grouping = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0, useGrouping: true });

/** The text a pagu input shows for a stored value: "1.250.000.000", or '' when not set. */
export function paguInputText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : grouping.format(value);
}

/**
 * What a person typed into a pagu input: whole Rupiah, null (empty = not set) or 'invalid'. Besides
 * what parseRupiah reads, accepts English digit grouping ("1,250,000,000"): people paste from
 * spreadsheets set to either locale, and Rupiah amounts have no decimals to confuse it with.
 */
export function parsePagu(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (/^(rp\.?\s*)?\d{1,3}(,\d{3})+$/i.test(trimmed)) return parseRupiah(trimmed.replace(/,/g, ''));
  return parseRupiah(trimmed);
}

/** Reformats a valid pagu input on blur ("1250000" → "1.250.000"); leaves invalid text as typed. */
export function tidyPaguInput(text: string): string {
  const value = parsePagu(text);
  return typeof value === 'number' ? paguInputText(value) : text;
}

/** The text an indicator number input shows: no grouping, the language's decimal mark. */
export function decimalInputText(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return language === 'id' ? text.replace('.', ',') : text;
}

/**
 * An indicator number: null when empty, 'invalid' when it is not a number. In Bahasa Indonesia the
 * comma is the decimal mark and dots group thousands ("1.250,5"); a lone dot with other than three
 * digits after it ("85.5") is still read as a decimal, since that is what the person meant. English
 * is the other way round.
 */
export function parseDecimal(text: string, language: Language): number | null | 'invalid' {
  let s = text.trim().replace(/\s/g, '');
  if (s === '') return null;
  if (language === 'id') {
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '');
    s = s.replace(',', '.');
  } else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return 'invalid';
  const value = Number(s);
  return Number.isFinite(value) ? value : 'invalid';
}

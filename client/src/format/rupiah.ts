import type { Language } from '../i18n/i18n';

const full = new Map<Language, Intl.NumberFormat>();
const compact = new Map<Language, Intl.NumberFormat>();

function formatter(
  cache: Map<Language, Intl.NumberFormat>,
  language: Language,
  options: Intl.NumberFormatOptions,
) {
  let f = cache.get(language);
  if (!f) {
    // Rupiah is written the Indonesian way in both languages: "Rp 1.250.000.000".
    f = new Intl.NumberFormat(language === 'en' ? 'en-ID' : 'id-ID', {
      style: 'currency',
      currency: 'IDR',
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
      ...options,
    });
    cache.set(language, f);
  }
  return f;
}

/** Whole Rupiah, e.g. "Rp 1.250.000.000". */
export function formatRupiah(value: number, language: Language = 'id'): string {
  return formatter(full, language, {}).format(value);
}

/** Short for totals on a column header, e.g. "Rp 1,25 M" (miliar) / "Rp 1.25B". */
export function formatRupiahCompact(value: number, language: Language = 'id'): string {
  return formatter(compact, language, { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

/** Parses what a person typed ("1.250.000", "Rp 1.250.000", "1250000") into whole Rupiah, or null. */
export function parseRupiah(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const digits = trimmed.replace(/^rp\.?\s*/i, '').replace(/[.\s]/g, '');
  if (!/^\d+$/.test(digits)) return 'invalid';
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : 'invalid';
}

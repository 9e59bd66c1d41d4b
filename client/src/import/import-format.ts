import type { ImportFieldChange, RowStatus } from '@selaras/shared';
import { formatRupiah } from '../format/rupiah';
import type { Language, Translate } from '../i18n/i18n';

/** A changed field as a person reads it: "Pagu 2026", "Target 2027 (Cakupan imunisasi)". */
export function fieldLabel(change: ImportFieldChange, t: Translate): string {
  const [field, year] = change.field.split('.');
  const label =
    field === 'pagu'
      ? t('import.field.pagu', { year: year ?? '' })
      : field === 'targets'
        ? t('import.field.target', { year: year ?? '' })
        : t(`import.field.${field}` as Parameters<Translate>[0]);
  return change.indicator !== undefined && field !== 'indicator' ? `${label} — ${change.indicator}` : label;
}

/** A value in the diff: Rupiah for pagu, Indonesian numbers, lists joined, "belum diisi" for none. */
export function formatValue(
  change: ImportFieldChange,
  value: unknown,
  language: Language,
  t: Translate,
): string {
  if (value === null || value === undefined || value === '') return t('common.notSet');
  if (change.field.startsWith('pagu.') && typeof value === 'number') return formatRupiah(value, language);
  if (typeof value === 'number') return value.toLocaleString(language === 'en' ? 'en-ID' : 'id-ID');
  if (typeof value === 'boolean') return t(value ? 'import.value.archived' : 'import.value.active');
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    const v = value as { unit?: string; targets?: Record<string, number> };
    const targets = Object.entries(v.targets ?? {})
      .map(([y, n]) => `${y}: ${n.toLocaleString(language === 'en' ? 'en-ID' : 'id-ID')}`)
      .join(', ');
    return [v.unit, targets].filter(Boolean).join('; ');
  }
  return String(value);
}

export const STATUS_KEYS: Record<RowStatus, Parameters<Translate>[0]> = {
  new: 'import.status.new',
  changed: 'import.status.changed',
  unchanged: 'import.status.unchanged',
  error: 'import.status.error',
};

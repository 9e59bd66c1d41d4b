import type { BoardState, FieldChange } from '@selaras/shared';
import { formatRupiah } from '../format/rupiah';
import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-id';

/** "Pagu 2026: Rp 1.000.000 → Rp 1.250.000", with the field named in the UI language. */
export function ChangeLine({
  change,
  board,
  t,
  language,
}: {
  change: FieldChange;
  board: BoardState | null;
  t: Translate;
  language: 'id' | 'en';
}) {
  const [field, year] = change.field.split('.');
  const label = field === 'pagu' && year ? t('field.pagu', { year }) : t(`field.${field}` as MessageKey);
  const show = (value: unknown) => formatValue(change.field, value, board, language);
  return (
    <>
      {label}: <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
    </>
  );
}

function formatValue(field: string, value: unknown, board: BoardState | null, language: 'id' | 'en'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field.startsWith('pagu') && typeof value === 'number') return formatRupiah(value, language);
  if (field === 'column' && typeof value === 'string')
    return board?.columns.find((c) => c.id === value)?.title ?? value;
  if (field === 'opdId' && typeof value === 'string') return board?.opds[value]?.short ?? value;
  if (Array.isArray(value))
    return value
      .map((v) =>
        typeof v === 'object' && v && 'name' in v ? String((v as { name: unknown }).name) : String(v),
      )
      .join(', ');
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}

import type { ReactNode } from 'react';
import { BANYUASIN_KECAMATAN } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import type { FieldIssue } from './editor-draft';
import { FieldError } from './fields';

/**
 * The kecamatan to pick from: Banyuasin's, plus any a card already names that is not among them (kept
 * visible so unticking it is possible; never dropped silently).
 */
export function lokasiChoices(selected: readonly string[]): string[] {
  return [...BANYUASIN_KECAMATAN, ...selected.filter((k) => !BANYUASIN_KECAMATAN.includes(k))];
}

/** Toggles one kecamatan, keeping the list in the order of the choices (stable diffs, stable display). */
export function toggleLokasi(selected: readonly string[], kecamatan: string, on: boolean): string[] {
  const next = new Set(selected);
  if (on) next.add(kecamatan);
  else next.delete(kecamatan);
  return lokasiChoices(selected).filter((k) => next.has(k));
}

export function LokasiPicker({
  idPrefix,
  value,
  onChange,
  issues,
  note,
}: {
  idPrefix: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  issues: readonly FieldIssue[];
  note?: ReactNode;
}) {
  const { t } = useI18n();
  const errorTarget = `${idPrefix}-lokasi`;
  return (
    <fieldset className="field-group lokasi" aria-describedby={`${idPrefix}-lokasi-count`}>
      <legend>{t('editor.lokasi')}</legend>
      <p id={`${idPrefix}-lokasi-count`} className="field-hint">
        {value.length === 0 ? t('editor.lokasiNone') : t('editor.lokasiCount', { count: value.length })}
      </p>
      <div className="lokasi-grid">
        {lokasiChoices(value).map((kecamatan) => (
          <label key={kecamatan} className="check">
            <input
              type="checkbox"
              checked={value.includes(kecamatan)}
              onChange={(event) => onChange(toggleLokasi(value, kecamatan, event.target.checked))}
            />
            {kecamatan}
          </label>
        ))}
      </div>
      {note}
      <FieldError inputId={errorTarget} issues={issues} />
    </fieldset>
  );
}

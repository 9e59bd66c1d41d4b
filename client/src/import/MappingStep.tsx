import { useState, type FormEvent } from 'react';
import {
  IMPORT_FIELDS,
  type ColumnAssignment,
  type ImportMapping,
  type ImportPreview,
} from '@selaras/shared';
import { useI18n, type Translate } from '../i18n/i18n';

/** What a field is called in the mapping select. */
export function assignmentLabel(field: ColumnAssignment, t: Translate): string {
  const [name, year] = field.split('.');
  if (name === 'target') return t('import.field.target', { year: year ?? '' });
  if (name === 'pagu') return t('import.field.pagu', { year: year ?? '' });
  return t(`import.field.${name}` as Parameters<Translate>[0]);
}

/** The mapping step: a select per column no header rule recognised. */
export function MappingStep({
  preview,
  mapping,
  onApply,
}: {
  preview: ImportPreview;
  mapping: ImportMapping;
  onApply: (mapping: ImportMapping) => void;
}) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<ImportMapping>(() => ({ ...mapping }));
  const unmapped = preview.unmapped.map((i) => preview.columns[i]!);
  const hasCode = preview.columns.some((c) => c.field === 'code') || Object.values(answers).includes('code');
  const complete = unmapped.every((c) => answers[String(c.index)] !== undefined) && hasCode;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (complete) onApply(answers);
  };
  const recognised = preview.columns.filter((c) => c.field !== null && c.field !== 'ignore');
  return (
    <form className="import-mapping" onSubmit={submit} data-testid="import-mapping">
      <h2>{t('import.mapping.title')}</h2>
      <p>{t('import.mapping.intro')}</p>
      {!hasCode && (
        <p className="error" role="alert">
          {t('import.mapping.noCode')}
        </p>
      )}
      {unmapped.map((column) => {
        const id = `map-${column.index}`;
        return (
          <div key={column.index} className="import-mapping-row">
            <label htmlFor={id}>
              {t('import.mapping.column', {
                letter: column.letter,
                header: column.header || t('import.mapping.noHeader'),
              })}
            </label>
            {column.samples.length > 0 && (
              <span className="muted">
                {t('import.mapping.samples', { samples: column.samples.join(' · ') })}
              </span>
            )}
            <select
              id={id}
              value={answers[String(column.index)] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value as ColumnAssignment | '';
                setAnswers((prev) => {
                  const next = { ...prev };
                  if (value === '') delete next[String(column.index)];
                  else next[String(column.index)] = value;
                  return next;
                });
              }}
              data-testid={`map-${column.letter}`}
            >
              <option value="">{t('import.mapping.choose')}</option>
              <option value="ignore">{t('import.field.ignore')}</option>
              {IMPORT_FIELDS.map((field) => (
                <option key={field} value={field}>
                  {assignmentLabel(field, t)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <p className="muted">
        {t('import.mapping.recognised', {
          columns: recognised.map((c) => `${c.letter} ${assignmentLabel(c.field!, t)}`).join(', '),
        })}
      </p>
      <button
        type="submit"
        className="button primary"
        disabled={!complete}
        data-testid="import-apply-mapping"
      >
        {t('import.mapping.apply')}
      </button>
    </form>
  );
}

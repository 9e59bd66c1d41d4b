import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { FieldIssue } from './editor-draft';

/** Joins the ids an input is described by (hint, error, note), skipping the absent ones. */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

/** The id of a field's error text, for aria-describedby. */
export const errorId = (inputId: string) => `${inputId}-error`;

/** aria-invalid for an input with issues (its error is tied to it with aria-describedby). */
export function invalidProps(issues: readonly FieldIssue[]) {
  return issues.length > 0 ? { 'aria-invalid': true as const } : {};
}

/** The issue text under a field, in the UI language. Outside the <label>, so the label stays "Kode". */
export function FieldError({ inputId, issues }: { inputId: string; issues: readonly FieldIssue[] }) {
  const { pick } = useI18n();
  if (issues.length === 0) return null;
  return (
    <p id={errorId(inputId)} className="field-error">
      {issues.map((issue) => pick(issue)).join(' ')}
    </p>
  );
}

/**
 * Said next to a field the person is typing in when someone else changed it meanwhile: saving now
 * would be a conflict to decide, so they may take the latest value instead.
 */
export function MeanwhileNote({
  id,
  latest,
  onUseLatest,
}: {
  id: string;
  latest: ReactNode;
  onUseLatest: () => void;
}) {
  const { t } = useI18n();
  return (
    <p id={id} className="field-meanwhile">
      <span>
        {t('editor.meanwhile')} {latest !== null && latest !== '' && <>{t('editor.meanwhileLatest')} </>}
        {latest !== null && latest !== '' && <strong>{latest}</strong>}
      </span>
      <button type="button" className="button ghost small" onClick={onUseLatest}>
        {t('editor.useLatest')}
      </button>
    </p>
  );
}

/** A labelled field: the label, the control, then its hint, note and error below. */
export function Field({
  inputId,
  label,
  children,
  className,
}: {
  inputId: string;
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {children}
    </div>
  );
}

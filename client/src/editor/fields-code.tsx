import { useCallback, useState, type ReactNode } from 'react';
import type { Nomenclature } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { CodeCombobox } from '../nomenclature/CodeCombobox';
import { isKnownCode, officialTitle, searchProgramCodes } from './editor-codes';
import { unknownCodeIssue, type FieldIssue } from './editor-draft';
import { describedBy, errorId, Field, FieldError } from './fields';

interface CodeFieldProps {
  inputId: string;
  value: string;
  onChange: (code: string) => void;
  nomenclature: Nomenclature | undefined;
  /** Issues from the last save or submit. */
  issues: readonly FieldIssue[];
  autoFocus?: boolean;
  /** Extra content under the field (the editor's "changed meanwhile" note). */
  note?: ReactNode;
  noteId?: string;
}

/**
 * The nomenclature code with an autocomplete of codes and official names. A code not in the board's
 * list is never accepted silently: once the person leaves the field it says so, and save refuses it.
 */
export function CodeField({
  inputId,
  value,
  onChange,
  nomenclature,
  issues,
  autoFocus,
  note,
  noteId,
}: CodeFieldProps) {
  const { t } = useI18n();
  const [left, setLeft] = useState(false);
  const hintId = `${inputId}-hint`;
  const search = useCallback((query: string) => searchProgramCodes(nomenclature, query), [nomenclature]);
  const known = isKnownCode(nomenclature, value);
  const official = officialTitle(nomenclature, value);
  // Said while typing only after the person left the field once: "1.0" is not wrong, just unfinished.
  const shown =
    issues.length > 0 ? issues : left && !known ? [unknownCodeIssue('code', value)] : ([] as FieldIssue[]);

  return (
    <Field inputId={inputId} label={t('editor.code')} className="field-code">
      <div onBlur={() => setLeft(true)}>
        <CodeCombobox
          inputId={inputId}
          value={value}
          onChange={onChange}
          onSelect={(entry) => onChange(entry.code)}
          search={search}
          placeholder="1.02.02"
          autoFocus={autoFocus}
          describedBy={describedBy(hintId, shown.length > 0 && errorId(inputId), noteId)}
          invalid={shown.length > 0}
        />
      </div>
      <p id={hintId} className="field-hint">
        {official
          ? t('editor.officialTitle', { title: official })
          : nomenclature
            ? t('editor.codeHint')
            : t('editor.noNomenclature')}
      </p>
      <FieldError inputId={inputId} issues={shown} />
      {note}
    </Field>
  );
}

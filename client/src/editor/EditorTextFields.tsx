import type { ReactNode } from 'react';
import type { Nomenclature, Opd } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { issuesAt, type FieldIssue, type FormKey, type FormValues } from './editor-draft';
import { CodeField } from './fields-code';
import { BidangWarning } from '../nomenclature/BidangWarning';
import { describedBy, errorId, Field, FieldError, invalidProps } from './fields';

/**
 * Suggestions only: the person may write any funding source. These are common names of Indonesian
 * regional funding sources, not facts about any program.
 */
export const SUMBER_DANA_SUGGESTIONS = ['APBD', 'APBN', 'DAK', 'DAU', 'Dana Desa', 'Lainnya'];

interface Props {
  idPrefix: string;
  shown: FormValues;
  live: FormValues;
  opds: Record<string, Opd>;
  nomenclature: Nomenclature | undefined;
  issues: readonly FieldIssue[];
  /** The official name of the code shown, when it is a known code. */
  official: string | undefined;
  set: <K extends FormKey>(key: K, value: FormValues[K]) => void;
  /** The "changed meanwhile" note of a field, or null. */
  note: (key: FormKey, latest: string | null) => ReactNode;
}

/** Kode, nomenklatur, OPD and sumber dana of the card editor. */
export function EditorTextFields({
  idPrefix,
  shown,
  live,
  opds,
  nomenclature,
  issues,
  official,
  set,
  note,
}: Props) {
  const { t } = useI18n();
  const ids = {
    code: `${idPrefix}-code`,
    title: `${idPrefix}-title`,
    opdId: `${idPrefix}-opd`,
    sumberDana: `${idPrefix}-sumber-dana`,
  };
  const meanwhileId = (key: FormKey) => `${idPrefix}-${key}-meanwhile`;
  const opdName = (id: string) => (Object.hasOwn(opds, id) ? opds[id]!.name : id);
  const opdList = Object.values(opds);
  // A card whose OPD left the board's list still shows it rather than a blank select.
  if (!Object.hasOwn(opds, shown.opdId))
    opdList.unshift({ id: shown.opdId, name: shown.opdId, short: shown.opdId });
  const at = (key: FormKey) => issuesAt(issues, key);
  const notes = {
    code: note('code', live.code),
    opdId: note('opdId', opdName(live.opdId)),
    title: note('title', live.title),
    sumberDana: note('sumberDana', live.sumberDana || t('common.notSet')),
  };
  const titleIssues = at('title');
  const opdIssues = at('opdId');
  const sumberIssues = at('sumberDana');

  return (
    <div className="editor-grid">
      <CodeField
        inputId={ids.code}
        value={shown.code}
        onChange={(code) => set('code', code)}
        nomenclature={nomenclature}
        issues={at('code')}
        note={notes.code}
        noteId={notes.code ? meanwhileId('code') : undefined}
      />
      <Field inputId={ids.opdId} label={t('editor.opd')}>
        <select
          id={ids.opdId}
          value={shown.opdId}
          onChange={(event) => set('opdId', event.target.value)}
          aria-describedby={describedBy(
            opdIssues.length > 0 && errorId(ids.opdId),
            notes.opdId ? meanwhileId('opdId') : null,
          )}
          {...invalidProps(opdIssues)}
        >
          {opdList.map((opd) => (
            <option key={opd.id} value={opd.id}>
              {opd.name}
            </option>
          ))}
        </select>
        {notes.opdId}
        <FieldError inputId={ids.opdId} issues={opdIssues} />
      </Field>
      <div className="span-2">
        {/* Revising to another code or OPD: the bidang warning, before saving. */}
        <BidangWarning
          id={`${idPrefix}-bidang-warning`}
          code={shown.code !== live.code || shown.opdId !== live.opdId ? shown.code : ''}
          opdId={shown.opdId}
        />
      </div>
      <Field inputId={ids.title} label={t('editor.title')} className="span-2">
        <input
          id={ids.title}
          value={shown.title}
          onChange={(event) => set('title', event.target.value)}
          aria-describedby={describedBy(
            titleIssues.length > 0 && errorId(ids.title),
            notes.title ? meanwhileId('title') : null,
          )}
          {...invalidProps(titleIssues)}
        />
        {official && official !== shown.title.trim() && (
          <p className="field-hint">
            <button type="button" className="button ghost small" onClick={() => set('title', official)}>
              {t('editor.useOfficialTitle')}
            </button>{' '}
            <span>{official}</span>
          </p>
        )}
        {notes.title}
        <FieldError inputId={ids.title} issues={titleIssues} />
      </Field>
      <Field inputId={ids.sumberDana} label={t('editor.sumberDana')}>
        <input
          id={ids.sumberDana}
          value={shown.sumberDana}
          list={`${ids.sumberDana}-list`}
          autoComplete="off"
          placeholder={t('editor.sumberDanaPlaceholder')}
          onChange={(event) => set('sumberDana', event.target.value)}
          aria-describedby={describedBy(
            sumberIssues.length > 0 && errorId(ids.sumberDana),
            notes.sumberDana ? meanwhileId('sumberDana') : null,
          )}
          {...invalidProps(sumberIssues)}
        />
        <datalist id={`${ids.sumberDana}-list`}>
          {SUMBER_DANA_SUGGESTIONS.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {notes.sumberDana}
        <FieldError inputId={ids.sumberDana} issues={sumberIssues} />
      </Field>
    </div>
  );
}

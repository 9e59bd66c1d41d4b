import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Column, Opd } from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { useI18n } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../sync/board-connection';
import { useBoardSelector, useConnection } from '../sync/use-connection';
import { uuid } from '../sync/uuid';
import { Dialog } from './Dialog';
import { boardNomenclature, titleAfterCodeChange } from './editor-codes';
import { domainErrorPath, fieldIssue, issuesAt, type FieldIssue } from './editor-draft';
import { SUMBER_DANA_SUGGESTIONS } from './EditorTextFields';
import { CodeField } from './fields-code';
import { BidangWarning } from '../nomenclature/BidangWarning';
import { describedBy, errorId, Field, FieldError, invalidProps } from './fields';
import { buildProposal, initialProposeForm, lockedOpd, type ProposeFormValues } from './propose-form';

const selectOpds = (s: ConnectionSnapshot) => s.view?.opds;
const selectColumns = (s: ConnectionSnapshot) => s.view?.columns;
const selectVersion = (s: ConnectionSnapshot) => s.view?.nomenclatureVersion;
const noOpds: Record<string, Opd> = {};
const noColumns: Column[] = [];

interface Props {
  onClose: () => void;
  /** Called with the new program's id; the board then opens it in the editor. */
  onProposed: (programId: string) => void;
}

/** "Usulkan program": a new card from a nomenclature code, for the person's own OPD (or any, for Bappeda). */
export function ProposeDialog({ onClose, onProposed }: Props) {
  const { t, pick } = useI18n();
  const ui = useBoardUi();
  const connection = useConnection();
  const opds = useBoardSelector(selectOpds) ?? noOpds;
  const columns = useBoardSelector(selectColumns) ?? noColumns;
  const nomenclature = boardNomenclature(useBoardSelector(selectVersion));
  const locked = lockedOpd(ui.session.user);
  // Made here, not by the server, so the card shown at once and the confirmed one are the same card.
  const [programId] = useState(uuid);
  const [form, setForm] = useState<ProposeFormValues>(() => initialProposeForm(columns, ui.session.user));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<{ message: string; messageEn: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  const id = 'propose';

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [issues]);

  const set = (patch: Partial<ProposeFormValues>) => {
    setForm((f) => ({ ...f, ...patch }));
    // What was said about a field no longer applies once the person changes it.
    setIssues((all) => all.filter((i) => !Object.hasOwn(patch, i.path)));
    setError(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const built = buildProposal(form, { programId, nomenclature, opds, lockedOpdId: locked });
    if (!built.ok) {
      focusInvalid.current = true;
      setIssues(built.issues);
      return;
    }
    const result = connection.dispatch('ProposeProgram', built.data);
    if (!result.ok) {
      const path = domainErrorPath(result.error.code);
      focusInvalid.current = true;
      setIssues([
        ...result.issues.map(fieldIssue),
        ...(path ? [{ path, message: result.error.message, messageEn: result.error.messageEn }] : []),
      ]);
      setError(result.error);
      return;
    }
    ui.announce(t('editor.propose.done', { code: built.data.code, title: built.data.title.trim() }));
    onProposed(programId);
  };

  const at = (path: string) => issuesAt(issues, path);
  const lockedName = locked && Object.hasOwn(opds, locked) ? opds[locked]!.name : locked;
  const field = {
    title: `${id}-title`,
    opd: `${id}-opd`,
    column: `${id}-column`,
    sumber: `${id}-sumber-dana`,
    notes: `${id}-notes`,
  };

  return (
    <Dialog
      title={t('editor.propose.title')}
      onClose={onClose}
      testId="propose-dialog"
      closeTestId="propose-close"
    >
      <form ref={formRef} className="editor-form propose-form" onSubmit={onSubmit} noValidate>
        <p className="muted">{t('editor.propose.intro')}</p>
        <CodeField
          inputId={`${id}-code`}
          value={form.code}
          onChange={(code) =>
            set({ code, title: titleAfterCodeChange(nomenclature, form.code, code, form.title) })
          }
          nomenclature={nomenclature}
          issues={at('code')}
          autoFocus
        />
        <Field inputId={field.title} label={t('editor.title')}>
          <input
            id={field.title}
            value={form.title}
            onChange={(event) => set({ title: event.target.value })}
            aria-describedby={describedBy(at('title').length > 0 && errorId(field.title))}
            {...invalidProps(at('title'))}
          />
          <FieldError inputId={field.title} issues={at('title')} />
        </Field>
        <Field inputId={field.opd} label={t('editor.opd')}>
          <select
            id={field.opd}
            value={form.opdId}
            disabled={locked !== null}
            onChange={(event) => set({ opdId: event.target.value })}
            aria-describedby={describedBy(
              locked !== null && `${field.opd}-hint`,
              at('opdId').length > 0 && errorId(field.opd),
            )}
            {...invalidProps(at('opdId'))}
          >
            {locked === null ? (
              <>
                <option value="">{t('editor.propose.chooseOpd')}</option>
                {Object.values(opds).map((opd) => (
                  <option key={opd.id} value={opd.id}>
                    {opd.name}
                  </option>
                ))}
              </>
            ) : (
              <option value={locked}>{lockedName || t('editor.propose.noOpd')}</option>
            )}
          </select>
          {locked !== null && (
            <p id={`${field.opd}-hint`} className="field-hint">
              {t('editor.propose.ownOpdOnly')}
            </p>
          )}
          <FieldError inputId={field.opd} issues={at('opdId')} />
        </Field>
        <BidangWarning id={`${id}-bidang-warning`} code={form.code} opdId={form.opdId} />
        <Field inputId={field.column} label={t('editor.propose.column')}>
          <select
            id={field.column}
            value={form.columnId}
            onChange={(event) => set({ columnId: event.target.value })}
          >
            {columns.map((column) => (
              <option key={column.id} value={column.id}>
                {column.title}
              </option>
            ))}
          </select>
        </Field>
        <Field inputId={field.sumber} label={t('editor.sumberDana')}>
          <input
            id={field.sumber}
            value={form.sumberDana}
            list={`${field.sumber}-list`}
            autoComplete="off"
            placeholder={t('editor.sumberDanaPlaceholder')}
            onChange={(event) => set({ sumberDana: event.target.value })}
            {...invalidProps(at('sumberDana'))}
          />
          <datalist id={`${field.sumber}-list`}>
            {SUMBER_DANA_SUGGESTIONS.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <FieldError inputId={field.sumber} issues={at('sumberDana')} />
        </Field>
        <Field inputId={field.notes} label={t('editor.notes')}>
          <textarea
            id={field.notes}
            rows={3}
            value={form.notes}
            onChange={(event) => set({ notes: event.target.value })}
            {...invalidProps(at('notes'))}
          />
          <FieldError inputId={field.notes} issues={at('notes')} />
        </Field>
        {error && (
          <p role="alert" className="error" data-testid="propose-error">
            {pick(error)}
          </p>
        )}
        {!error && issues.length > 0 && (
          <p role="alert" className="error">
            {t('editor.fixIssues', { count: issues.length })}
          </p>
        )}
        <p className="field-hint">{t('editor.propose.afterwards')}</p>
        <div className="editor-savebar">
          <button type="submit" className="button primary" data-testid="propose-submit">
            {t('editor.propose.submit')}
          </button>
          <button type="button" className="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type FormEvent,
  type SetStateAction,
} from 'react';
import { PLAN_YEARS, type Nomenclature, type Opd, type PlanYear, type Program } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { useConnection, usePendingOn } from '../sync/use-connection';
import { isKnownCode, officialTitle } from './editor-codes';
import {
  buildRevision,
  changedMeanwhile,
  domainErrorPath,
  emptyDraft,
  fieldIssue,
  formValues,
  hasUnsavedWork,
  issuesAt,
  paguKey,
  shownValues,
  touch,
  untouch,
  type Draft,
  type FieldIssue,
  type FormKey,
  type FormValues,
} from './editor-draft';
import { tidyPaguInput } from './editor-numbers';
import { EditorTextFields } from './EditorTextFields';
import { IndicatorsEditor } from './IndicatorsEditor';
import { LokasiPicker } from './fields-lokasi';
import { describedBy, errorId, Field, FieldError, invalidProps, MeanwhileNote } from './fields';
import { PaguTable } from './PaguTable';

type SaveState = 'idle' | 'saved' | 'unchanged';

interface Props {
  program: Program;
  opds: Record<string, Opd>;
  nomenclature: Nomenclature | undefined;
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
}

/**
 * Every field of a program card, saved as one ReviseProgram with only what the person changed. The
 * draft logic (what is shown, what is sent, with which base revision) lives in editor-draft.ts.
 */
export function EditorForm({ program, opds, nomenclature, draft, setDraft }: Props) {
  const { t, pick, language } = useI18n();
  const connection = useConnection();
  const pending = usePendingOn(program.id);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<{ message: string; messageEn: string } | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  const id = `edit-${program.id}`;

  const live = useMemo(() => formValues(program, language), [program, language]);
  const shown = shownValues(draft, live);
  const meanwhile = new Set(changedMeanwhile(draft, live));
  const dirty = hasUnsavedWork(draft);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [issues]);

  function set<K extends FormKey>(key: K, value: FormValues[K]) {
    // The confirmed revision now: if this is the first touch, the command's base revision.
    const revision = connection.getSnapshot().revision;
    setDraft((d) => touch(d, key, value, live, revision));
    setSaveState('idle');
    // What was said about this field no longer applies once the person changes it.
    setIssues((all) => all.filter((i) => i.path !== key && !i.path.startsWith(`${key}.`)));
    setError(null);
  }
  const takeLatest = (key: FormKey) => setDraft((d) => untouch(d, key));
  const note = (key: FormKey, latest: string | null) =>
    meanwhile.has(key) ? (
      <MeanwhileNote id={`${id}-${key}-meanwhile`} latest={latest} onUseLatest={() => takeLatest(key)} />
    ) : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const built = buildRevision(draft, {
      programId: program.id,
      language,
      knownCode: (code) => isKnownCode(nomenclature, code),
    });
    if (!built.ok) {
      focusInvalid.current = true;
      setIssues(built.issues);
      setSaveState('idle');
      return;
    }
    if (built.changes === null) {
      setIssues([]);
      setSaveState('unchanged');
      setDraft(emptyDraft);
      return;
    }
    const result = connection.dispatch(
      'ReviseProgram',
      { programId: program.id, changes: built.changes },
      { baseRevision: built.baseRevision },
    );
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
    setIssues([]);
    setDraft(emptyDraft);
    setSaveState('saved');
  };

  const official = officialTitle(nomenclature, shown.code);
  const notesIssues = issuesAt(issues, 'notes');
  const paguValues = Object.fromEntries(PLAN_YEARS.map((y) => [y, shown[paguKey(y)]])) as Record<
    PlanYear,
    string
  >;
  const paguLatest = Object.fromEntries(PLAN_YEARS.map((y) => [y, live[paguKey(y)]])) as Record<
    PlanYear,
    string
  >;

  return (
    <form
      ref={formRef}
      className="editor-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={t('editor.fields')}
    >
      <EditorTextFields
        idPrefix={id}
        shown={shown}
        live={live}
        opds={opds}
        nomenclature={nomenclature}
        issues={issues}
        official={official}
        set={set}
        note={note}
      />
      <LokasiPicker
        idPrefix={id}
        value={shown.lokasi}
        onChange={(next) => set('lokasi', next)}
        issues={issues.filter((i) => i.path === 'lokasi' || i.path.startsWith('lokasi.'))}
        note={note('lokasi', live.lokasi.join(', ') || t('common.notSet'))}
      />
      <PaguTable
        idPrefix={id}
        values={paguValues}
        latest={paguLatest}
        meanwhile={new Set(PLAN_YEARS.filter((y) => meanwhile.has(paguKey(y))))}
        issues={issues}
        onChange={(year, text) => set(paguKey(year), text)}
        onBlur={(year) => {
          const key = paguKey(year);
          const text = draft.values[key];
          if (text !== undefined && tidyPaguInput(text) !== text)
            setDraft((d) => ({ ...d, values: { ...d.values, [key]: tidyPaguInput(text) } }));
        }}
        onUseLatest={(year) => takeLatest(paguKey(year))}
      />
      <IndicatorsEditor
        idPrefix={id}
        rows={shown.indicators}
        onChange={(rows) => set('indicators', rows)}
        issues={issues}
        meanwhile={meanwhile.has('indicators')}
        onUseLatest={() => takeLatest('indicators')}
      />
      <Field inputId={`${id}-notes`} label={t('editor.notes')}>
        <textarea
          id={`${id}-notes`}
          rows={4}
          value={shown.notes}
          onChange={(event) => set('notes', event.target.value)}
          aria-describedby={describedBy(
            notesIssues.length > 0 && errorId(`${id}-notes`),
            meanwhile.has('notes') && `${id}-notes-meanwhile`,
          )}
          {...invalidProps(notesIssues)}
        />
        {note('notes', live.notes)}
        <FieldError inputId={`${id}-notes`} issues={notesIssues} />
      </Field>
      {error && (
        <p role="alert" className="error" data-testid="editor-error">
          {pick(error)}
        </p>
      )}
      {!error && issues.length > 0 && (
        <p role="alert" className="error">
          {t('editor.fixIssues', { count: issues.length })}
        </p>
      )}
      <div className="editor-savebar">
        <button type="submit" className="button primary" data-testid="editor-save">
          {t('common.save')}
        </button>
        {dirty && (
          <button
            type="button"
            className="button ghost"
            onClick={() => {
              setDraft(emptyDraft);
              setIssues([]);
              setError(null);
            }}
          >
            {t('editor.discard')}
          </button>
        )}
        <span role="status" className="save-state" data-testid="editor-status">
          {saveState === 'saved' && (
            <>
              <span className="saved">
                <span aria-hidden="true">✓ </span>
                <span data-testid="editor-saved">{t('editor.saved')}</span>
              </span>
              {pending === 'pending' && <span className="muted"> · {t('editor.savedPending')}</span>}
              {pending === 'conflict' && <span className="field-error"> · {t('editor.savedConflict')}</span>}
            </>
          )}
          {saveState === 'unchanged' && t('editor.unchanged')}
          {saveState === 'idle' && dirty && t('editor.unsaved')}
        </span>
      </div>
    </form>
  );
}

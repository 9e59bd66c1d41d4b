import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  type Kegiatan,
  type Nomenclature,
  type PlanYear,
  type Program,
  type SubKegiatan,
} from '@selaras/shared';
import { useBoardUi } from '../../board/board-context';
import { useI18n } from '../../i18n/i18n';
import { useConnection } from '../../sync/use-connection';
import { fieldIssue, indicatorRow, issuesAt, type FieldIssue } from '../editor-draft';
import { tidyPaguInput } from '../editor-numbers';
import { describedBy, errorId, Field, FieldError, invalidProps } from '../fields';
import { LokasiPicker } from '../fields-lokasi';
import { IndicatorsEditor, newIndicatorId } from '../IndicatorsEditor';
import { PaguTable } from '../PaguTable';
import {
  buildKegiatanChanges,
  buildSubChanges,
  kegiatanFormValues,
  prefillIndicator,
  subFormValues,
  type KegiatanFormValues,
  type SubFormValues,
} from './rincian-draft';

const nothing = new Set<PlanYear>();
const noop = () => {};

/** A kegiatan's form: indicators and notes (its pagu is the sum of its sub-kegiatan). */
export function KegiatanForm({
  id,
  program,
  kegiatan,
  onClose,
}: {
  id: string;
  program: Program;
  kegiatan: Kegiatan;
  onClose: () => void;
}) {
  const { language } = useI18n();
  const form = useItemForm<KegiatanFormValues>(id, program.id, kegiatan, () =>
    kegiatanFormValues(kegiatan, language),
  );
  return (
    <ItemForm form={form} item={kegiatan} onClose={onClose}>
      <IndicatorsEditor
        idPrefix={id}
        rows={form.values.indicators}
        onChange={(indicators) => form.set({ indicators })}
        issues={form.issues}
        meanwhile={false}
        onUseLatest={noop}
      />
      <NotesField id={id} form={form} />
    </ItemForm>
  );
}

/** A sub-kegiatan's form: indicators (prefilled from the decree), pagu per year, lokasi, notes. */
export function SubKegiatanForm({
  id,
  program,
  sub,
  nomenclature,
  onClose,
}: {
  id: string;
  program: Program;
  sub: SubKegiatan;
  nomenclature: Nomenclature | undefined;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const form = useItemForm<SubFormValues>(id, program.id, sub, () => subFormValues(sub, language));
  const prefill = prefillIndicator(nomenclature?.entries.get(sub.code), newIndicatorId());
  return (
    <ItemForm form={form} item={sub} onClose={onClose}>
      <IndicatorsEditor
        idPrefix={id}
        withKinerja
        rows={form.values.indicators}
        onChange={(indicators) => form.set({ indicators })}
        issues={form.issues}
        meanwhile={false}
        onUseLatest={noop}
      />
      {prefill && form.values.indicators.length === 0 && (
        <button
          type="button"
          className="button ghost"
          onClick={() => form.set({ indicators: [indicatorRow(prefill, language)] })}
        >
          {t('rincian.prefill')}
        </button>
      )}
      <PaguTable
        idPrefix={id}
        values={form.values.pagu}
        latest={form.values.pagu}
        meanwhile={nothing}
        issues={form.issues}
        onChange={(year, text) => form.set({ pagu: { ...form.values.pagu, [year]: text } })}
        onBlur={(year) => {
          const tidy = tidyPaguInput(form.values.pagu[year]);
          if (tidy !== form.values.pagu[year]) form.set({ pagu: { ...form.values.pagu, [year]: tidy } });
        }}
        onUseLatest={noop}
      />
      <LokasiPicker
        idPrefix={id}
        value={form.values.lokasi}
        onChange={(lokasi) => form.set({ lokasi })}
        issues={form.issues.filter((i) => i.path === 'lokasi' || i.path.startsWith('lokasi.'))}
      />
      <NotesField id={id} form={form} />
    </ItemForm>
  );
}

interface ItemFormState<V> {
  id: string;
  values: V;
  issues: FieldIssue[];
  error: string | null;
  status: 'idle' | 'unchanged';
  /** Queued: the owner closes the form (and the focus goes back to the button that opened it). */
  saved: boolean;
  set: (patch: Partial<V>) => void;
  submit: (event: FormEvent) => void;
  ref: React.RefObject<HTMLFormElement | null>;
}

/**
 * The state of one item's form. Opened with the item's values and the revision then: saving sends what
 * differs from those values with that base revision (a change made meanwhile comes back as a conflict).
 */
function useItemForm<V extends KegiatanFormValues>(
  id: string,
  programId: string,
  item: Kegiatan | SubKegiatan,
  initial: () => V,
): ItemFormState<V> {
  const { t, pick, language } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [opened] = useState(() => ({ values: initial(), revision: connection.getSnapshot().revision }));
  const [values, setValues] = useState<V>(opened.values);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<'idle' | 'unchanged'>('idle');
  const [saved, setSaved] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // Keyboard: the form takes the focus where the person's work starts.
    ref.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, []);

  const set = (patch: Partial<V>) => {
    setValues((v) => ({ ...v, ...patch }));
    setStatus('idle');
    setError(null);
    const keys = Object.keys(patch);
    setIssues((all) => all.filter((i) => !keys.some((k) => i.path === k || i.path.startsWith(`${k}.`))));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const form = ref.current;
    const target = { programId, code: item.code };
    const isSub = 'pagu' in item;
    const built = isSub
      ? buildSubChanges(
          target,
          opened.values as unknown as SubFormValues,
          values as unknown as SubFormValues,
          language,
        )
      : buildKegiatanChanges(target, opened.values, values, language);
    if (!built.ok) {
      setIssues(built.issues);
      setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (built.changes === null) {
      setStatus('unchanged');
      return;
    }
    const result = isSub
      ? connection.dispatch(
          'ReviseSubKegiatan',
          { ...target, changes: built.changes },
          { baseRevision: opened.revision },
        )
      : connection.dispatch(
          'ReviseKegiatan',
          { ...target, changes: built.changes },
          { baseRevision: opened.revision },
        );
    if (!result.ok) {
      setIssues(result.issues.map(fieldIssue));
      setError(pick(result.error));
      return;
    }
    ui.announce(t('rincian.saved', { code: item.code }));
    setSaved(true);
  };

  return { id, values, issues, error, status, saved, set, submit, ref };
}

function ItemForm<V extends KegiatanFormValues>({
  form,
  item,
  onClose,
  children,
}: {
  form: ItemFormState<V>;
  item: Kegiatan | SubKegiatan;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const close = () => {
    document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(form.id)}"]`)?.focus();
    onClose();
  };
  useEffect(() => {
    if (form.saved) close();
  });
  return (
    <form
      ref={form.ref}
      id={form.id}
      className="rincian-form editor-form"
      aria-label={t('rincian.formOf', { code: item.code, title: item.title })}
      onSubmit={form.submit}
      noValidate
      data-testid="rincian-form"
    >
      {children}
      {form.error && (
        <p role="alert" className="error">
          {form.error}
        </p>
      )}
      {!form.error && form.issues.length > 0 && (
        <p role="alert" className="error">
          {t('editor.fixIssues', { count: form.issues.length })}
        </p>
      )}
      <div className="editor-savebar">
        <button type="submit" className="button primary" data-testid="rincian-save">
          {t('common.save')}
        </button>
        <button type="button" className="button ghost" onClick={close}>
          {t('rincian.closeForm')}
        </button>
        <span role="status" className="save-state">
          {form.status === 'unchanged' && t('rincian.unchanged')}
        </span>
      </div>
    </form>
  );
}

function NotesField<V extends KegiatanFormValues>({ id, form }: { id: string; form: ItemFormState<V> }) {
  const { t } = useI18n();
  const here = issuesAt(form.issues, 'notes');
  return (
    <Field inputId={`${id}-notes`} label={t('editor.notes')}>
      <textarea
        id={`${id}-notes`}
        rows={2}
        value={form.values.notes}
        onChange={(event) => form.set({ notes: event.target.value } as Partial<V>)}
        aria-describedby={describedBy(here.length > 0 && errorId(`${id}-notes`))}
        {...invalidProps(here)}
      />
      <FieldError inputId={`${id}-notes`} issues={here} />
    </Field>
  );
}

import { opdMayMoveInto } from '@selaras/shared';
import { useEffect, useRef, useState } from 'react';
import type { Column, Program } from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';

type Failure = { message: string; messageEn: string } | null;

/**
 * When a button that had the focus disappears (archive ↔ restore swap places), the browser drops the
 * focus on <body>, outside the modal; put it on the control that replaced it instead.
 */
function useRescueFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) ref.current?.focus();
  }, []);
  return ref;
}

/** "Pindahkan ke tahap": the keyboard and screen-reader way to do what dragging the card does. */
export function StageSelect({ program, columns }: { program: Program; columns: readonly Column[] }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [error, setError] = useState<Failure>(null);
  const id = `stage-${program.id}`;
  return (
    <div className="field stage-field">
      <label htmlFor={id}>{t('editor.moveToStage')}</label>
      <select
        id={id}
        value={program.columnId}
        onChange={(event) => {
          const toColumnId = event.target.value;
          const result = connection.dispatch('MoveProgram', { programId: program.id, toColumnId });
          setError(result.ok ? null : result.error);
          const column = columns.find((c) => c.id === toColumnId)?.title ?? toColumnId;
          ui.announce(result.ok ? t('editor.moved', { column }) : pick(result.error));
        }}
      >
        {columns.map((column, index) => (
          // The domain's rule, shown before it is tried: an OPD moves only into columns open to OPDs.
          <option
            key={column.id}
            value={column.id}
            disabled={ui.session.user.role !== 'sekretariat' && !opdMayMoveInto(column, index)}
          >
            {column.title}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="error">
          {pick(error)}
        </p>
      )}
    </div>
  );
}

/** The top-of-panel banner of an archived card, with the way back. */
export function ArchivedBanner({ program, canRestore }: { program: Program; canRestore: boolean }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [error, setError] = useState<Failure>(null);
  const ref = useRescueFocus<HTMLButtonElement>();
  return (
    <div className="editor-archived" data-testid="archived-banner">
      <p>
        <strong>{t('editor.archived')}</strong> {t('editor.archivedHint')}
      </p>
      {canRestore && (
        <button
          ref={ref}
          type="button"
          className="button"
          onClick={() => {
            const result = connection.dispatch('UnarchiveProgram', { programId: program.id });
            setError(result.ok ? null : result.error);
            ui.announce(result.ok ? t('editor.restored') : pick(result.error));
          }}
        >
          {t('editor.restore')}
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {pick(error)}
        </p>
      )}
    </div>
  );
}

/** Archiving asks first (with an optional reason); the card leaves the board but can be restored. */
export function ArchiveSection({ program }: { program: Program }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Failure>(null);
  const start = useRescueFocus<HTMLButtonElement>();
  const reasonRef = useRef<HTMLInputElement>(null);
  const reasonId = `archive-reason-${program.id}`;

  const asked = useRef(false);
  useEffect(() => {
    // Into the question when it opens; back to the button that asked it when it is cancelled.
    if (confirming) reasonRef.current?.focus();
    else if (asked.current) start.current?.focus();
    asked.current = confirming;
  }, [confirming, start]);
  const cancel = () => {
    setConfirming(false);
    setError(null);
  };

  const archive = () => {
    const result = connection.dispatch('ArchiveProgram', { programId: program.id, reason });
    if (!result.ok) {
      setError(result.issues[0] ?? result.error);
      return;
    }
    ui.announce(t('editor.archivedAnnounce'));
  };

  return (
    <section className="editor-section archive-section" aria-labelledby={`archive-${program.id}`}>
      <h3 id={`archive-${program.id}`}>{t('editor.archiveTitle')}</h3>
      {!confirming ? (
        <button ref={start} type="button" className="button danger" onClick={() => setConfirming(true)}>
          {t('editor.archive')}
        </button>
      ) : (
        <div className="archive-confirm" role="group" aria-labelledby={`archive-q-${program.id}`}>
          <p id={`archive-q-${program.id}`}>{t('editor.archiveConfirm', { code: program.code })}</p>
          <div className="field">
            <label htmlFor={reasonId}>{t('editor.archiveReason')}</label>
            <input
              ref={reasonRef}
              id={reasonId}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  archive();
                } else if (event.key === 'Escape') {
                  // Cancels the question only, not the whole editor.
                  event.stopPropagation();
                  cancel();
                }
              }}
            />
          </div>
          <div className="button-row">
            <button type="button" className="button danger" onClick={archive}>
              {t('editor.archiveYes')}
            </button>
            <button type="button" className="button ghost" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {pick(error)}
        </p>
      )}
    </section>
  );
}

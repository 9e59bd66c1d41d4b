import { useEffect, useState } from 'react';
import { commandDataSchemas, rincianItem, type HistoryEntry, type Program } from '@selaras/shared';
import { HttpError } from '../api/http';
import { boardPath, navigate } from '../app/router';
import { useBoardUi } from '../board/board-context';
import { useI18n } from '../i18n/i18n';
import { useBoardSelector, useConnection } from '../sync/use-connection';
import { auditApi } from './audit-api';
import { ChangeLine } from './ChangeLine';
import { actorLabel, formatWib } from './describe-event';

/** RevertProgram arrives with the audit server work; until the shared schema has it, no revert button. */
const canRevertCommand = Object.hasOwn(commandDataSchemas, 'RevertProgram');

/**
 * A program's history as a timeline: who (name, OPD, role), when, and each field before → after,
 * moves with their stages, comments and tags. Loaded when opened, again when the program changes.
 */
export function HistoryPanel({ program }: { program: Program }) {
  const { t, pick, language } = useI18n();
  const { session, canEdit, announce } = useBoardUi();
  const connection = useConnection();
  const board = useBoardSelector((s) => s.view);
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    auditApi
      .history(session.token, connection.boardId, program.id)
      .then((answer) => live && setEntries(answer.entries))
      .catch((e: unknown) => live && setError(e instanceof HttpError ? pick(e.body) : (e as Error).message));
    return () => {
      live = false;
    };
  }, [open, session.token, connection.boardId, program.id, program.updatedRevision, pick]);

  const [reverting, setReverting] = useState<HistoryEntry | null>(null);
  const [reason, setReason] = useState('');

  const revert = (entry: HistoryEntry) => {
    // A kegiatan or sub-kegiatan change is brought back with the program's whole tree as it was then.
    const parts = entry.rincian
      ? ['rincian']
      : [...new Set(entry.changes.map((c) => (c.field === 'column' ? 'place' : c.field.split('.')[0]!)))];
    const result = connection.dispatch('RevertProgram' as never, {
      programId: program.id,
      toRevision: entry.revision - 1,
      parts,
      reason,
    });
    announce(result.ok ? t('history.reverted', { revision: entry.revision - 1 }) : pick(result.error));
    if (result.ok) {
      setReverting(null);
      setReason('');
    }
  };

  return (
    <details
      className="history"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      data-testid="history"
    >
      <summary>
        <h3 style={{ display: 'inline' }}>{t('history.title')}</h3>
      </summary>
      {error && <p className="error">{t('history.failed', { message: error })}</p>}
      {open && !entries && !error && <p role="status">{t('history.loading')}</p>}
      {entries && entries.length === 0 && <p>{t('history.empty')}</p>}
      {entries && entries.length > 0 && (
        <ol>
          {entries.map((entry) => (
            <li key={entry.revision} data-revision={entry.revision}>
              <div>
                <strong>
                  {actorLabel(
                    { meta: { ...entry, actor: entry.actor, commandId: '', prevHash: '', hash: '' } },
                    board,
                  )}
                </strong>{' '}
                <span className="muted">
                  · {formatWib(entry.at, language)} · {t('board.revision', { revision: entry.revision })}
                </span>
              </div>
              <div className="muted">{entry.type}</div>
              {entry.rincian && (
                <div data-testid="history-rincian">
                  {t(`history.rincian.${entry.rincian.level}`, {
                    code: entry.rincian.code,
                    title: entry.rincian.title ?? rincianItem(program, entry.rincian.code)?.title ?? '',
                  })}
                </div>
              )}
              {entry.fromColumnId && entry.toColumnId && (
                <div className="change">
                  <ChangeLine
                    change={{ field: 'column', before: entry.fromColumnId, after: entry.toColumnId }}
                    board={board}
                    t={t}
                    language={language}
                  />
                </div>
              )}
              {entry.changes
                .filter((c) => c.field !== 'column' || !entry.fromColumnId)
                .map((c) => (
                  <div key={c.field} className="change">
                    <ChangeLine change={c} board={board} t={t} language={language} />
                  </div>
                ))}
              {entry.text && <blockquote className="history-text">{entry.text}</blockquote>}
              <div className="button-row">
                <a
                  href={`${boardPath(connection.boardId)}?at=${entry.revision}`}
                  onClick={(e) => (
                    e.preventDefault(),
                    navigate(`${boardPath(connection.boardId)}?at=${entry.revision}`)
                  )}
                >
                  {t('history.viewAt')}
                </a>
                {canRevertCommand &&
                  canEdit &&
                  entry.changes.length > 0 &&
                  entry.type !== 'ProgramProposed' && (
                    <button type="button" className="button ghost" onClick={() => setReverting(entry)}>
                      {t('history.revert')}
                    </button>
                  )}
              </div>
              {reverting === entry && (
                <form
                  className="revert-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (reason.trim()) revert(entry);
                  }}
                >
                  <label>
                    {t('history.revertReason')}
                    <textarea required value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
                  </label>
                  <div className="button-row">
                    <button type="submit" className="button primary">
                      {t('history.revertConfirm')}
                    </button>
                    <button type="button" className="button ghost" onClick={() => setReverting(null)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

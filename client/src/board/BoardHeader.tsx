import type { ReactNode } from 'react';
import type { BoardState } from '@selaras/shared';
import { importPath, navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { ConnectionStatus } from './ConnectionStatus';
import { MeetingControls } from './MeetingControls';
import { ListsControls } from '../nomenclature/ListsControls';
import { Presence } from './Presence';
import { useBoardUi } from './board-context';

export function BoardHeader({
  board,
  onPropose,
  past,
}: {
  board: BoardState;
  onPropose?: () => void;
  /** Time travel: this replaces the live status, presence and actions. */
  past?: ReactNode;
}) {
  const { t } = useI18n();
  // The projector's account reads the live board only (the server refuses it the rest).
  const { role } = useBoardUi().session.user;
  const canAudit = role !== 'display';
  const mayImport = role === 'sekretariat' || role === 'opd';
  return (
    <div className="board-header">
      <div className="board-title">
        <h1>{board.title}</h1>
        {board.sample && <span className="badge sample">{t('board.sample')}</span>}
        {board.synthetic && <span className="badge">{t('board.synthetic')}</span>}
        <span className="muted" data-testid="revision">
          {t('board.revision', { revision: board.revision })}
        </span>
      </div>
      {past ?? (
        <div className="board-actions">
          {canAudit && (
            <>
              <a
                className="button ghost"
                href={`/papan/${board.id}?at=${board.revision}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/papan/${board.id}?at=${board.revision}`);
                }}
                data-testid="open-time-travel"
              >
                {t('travel.open')}
              </a>
              <a
                className="button ghost"
                href={`/papan/${board.id}/audit`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/papan/${board.id}/audit`);
                }}
                data-testid="open-audit"
              >
                {t('audit.nav')}
              </a>
            </>
          )}
          {mayImport && (
            <a
              className="button ghost"
              href={importPath(board.id)}
              onClick={(e) => {
                e.preventDefault();
                navigate(importPath(board.id));
              }}
              data-testid="open-import"
            >
              {t('import.nav')}
            </a>
          )}
          <MeetingControls board={board} />
          <ListsControls board={board} />
          <ConnectionStatus />
          <Presence />
          {onPropose && (
            <button type="button" className="button primary" onClick={onPropose} data-testid="propose">
              + {t('board.propose')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

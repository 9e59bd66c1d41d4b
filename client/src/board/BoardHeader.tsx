import type { BoardState } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { ConnectionStatus } from './ConnectionStatus';
import { Presence } from './Presence';

export function BoardHeader({ board, onPropose }: { board: BoardState; onPropose?: () => void }) {
  const { t } = useI18n();
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
      <div className="board-actions">
        <ConnectionStatus />
        <Presence />
        {onPropose && (
          <button type="button" className="button primary" onClick={onPropose} data-testid="propose">
            + {t('board.propose')}
          </button>
        )}
      </div>
    </div>
  );
}

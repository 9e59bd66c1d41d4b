import type { BoardState } from '@selaras/shared';
import { Dialog } from '../editor/Dialog';
import { useI18n } from '../i18n/i18n';

/**
 * Archived programs leave the columns but not the board: this list is the way back to them (the
 * editor restores). Newest change first.
 */
export function ArchiveDialog({
  board,
  onOpen,
  onClose,
}: {
  board: BoardState;
  onOpen: (programId: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const archived = Object.values(board.programs)
    .filter((p) => p.archived)
    .sort((a, b) => b.updatedRevision - a.updatedRevision);
  return (
    <Dialog title={t('archive.title', { count: archived.length })} onClose={onClose} testId="archive-dialog">
      {archived.length === 0 ? (
        <p>{t('archive.empty')}</p>
      ) : (
        <ul className="archive-list">
          {archived.map((p) => (
            <li key={p.id}>
              <button type="button" className="button archive-item" onClick={() => onOpen(p.id)}>
                <span className="card-code">{p.code}</span> <strong>{p.title}</strong>
                <span className="muted">
                  {board.opds[p.opdId]?.short ?? p.opdId} ·{' '}
                  {board.columns.find((c) => c.id === p.columnId)?.title ?? p.columnId}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

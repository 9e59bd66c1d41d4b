import { useEffect, useState } from 'react';
import type { BoardSummary } from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { boardPath, navigate } from './router';

export function BoardsPage({ session, onUnauthorized }: { session: Session; onUnauthorized: () => void }) {
  const { t, pick } = useI18n();
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api<BoardSummary[]>('/api/boards', { token: session.token })
      .then((list) => live && setBoards(list))
      .catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 401) onUnauthorized();
        if (live) setError(e instanceof HttpError ? pick(e.body) : (e as Error).message);
      });
    return () => {
      live = false;
    };
  }, [session.token, onUnauthorized, pick]);

  return (
    <main className="page" id="main">
      <h1>{t('boards.title')}</h1>
      {error && (
        <p role="alert" className="error">
          {t('board.loadFailed', { message: error })}
        </p>
      )}
      {!boards && !error && <p aria-live="polite">{t('boards.loading')}</p>}
      {boards && boards.length === 0 && <p>{t('boards.empty')}</p>}
      {boards && boards.length > 0 && (
        <ul className="board-list">
          {boards.map((board) => (
            <li key={board.id}>
              <a
                href={boardPath(board.id)}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(boardPath(board.id));
                }}
              >
                {/* The link's name starts with what it does and contains all it shows. */}
                <span className="visually-hidden">{t('boards.open')} </span>
                <strong>{board.title}</strong>
                <span className="muted">
                  {board.id} · {t('boards.revision', { revision: board.revision })}
                </span>
                {board.sample && <span className="badge sample">{t('boards.sample')}</span>}
                {board.synthetic && <span className="badge">{t('boards.synthetic')}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

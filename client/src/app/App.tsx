import { useCallback, useEffect, useState } from 'react';
import { loadSession, saveSession, type Session } from '../api/session';
import { AuditLogPage } from '../audit/AuditLogPage';
import { ComparePage } from '../audit/ComparePage';
import { BoardPage } from '../board/BoardPage';
import { useI18n } from '../i18n/i18n';
import { BoardsPage } from './BoardsPage';
import { LoginPage } from './LoginPage';
import { navigate, routeOf, useLocation } from './router';
import { TopBar } from './TopBar';

export function App() {
  const { pathname, search } = useLocation();
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const route = routeOf(pathname);

  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
    navigate(`/masuk?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, []);

  useEffect(() => {
    if (!session && route.name !== 'login')
      navigate(`/masuk?next=${encodeURIComponent(pathname + search)}`, { replace: true });
    // Expiry: sign out when the token ends, not at the next failing request.
    if (session) {
      const left = Date.parse(session.expiresAt) - Date.now();
      const timer = setTimeout(signOut, Math.max(0, Math.min(left, 2 ** 31 - 1)));
      return () => clearTimeout(timer);
    }
  }, [session, route.name, pathname, search, signOut]);

  if (route.name === 'login' || !session)
    return (
      <LoginPage
        onSignedIn={(next) => {
          saveSession(next);
          setSession(next);
          const target = new URLSearchParams(search).get('next');
          navigate(target && target.startsWith('/') && !target.startsWith('//') ? target : '/', {
            replace: true,
          });
        }}
      />
    );

  return (
    <div className="app">
      <TopBar session={session} onSignOut={signOut} />
      {route.name === 'boards' && <BoardsPage session={session} onUnauthorized={signOut} />}
      {route.name === 'board' && (
        <BoardPage key={route.boardId} boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'audit' && (
        <AuditLogPage boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'compare' && (
        <ComparePage boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'meeting' && (
        <ComparePage
          boardId={route.boardId}
          meetingId={route.meetingId}
          session={session}
          onUnauthorized={signOut}
        />
      )}
      {route.name === 'notFound' && (
        <main className="page" id="main">
          <h1>404</h1>
          <p>
            <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
              {t('nav.boards')}
            </a>
          </p>
        </main>
      )}
    </div>
  );
}

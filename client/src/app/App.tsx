import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/http';
import { loadSession, saveSession, type Session } from '../api/session';
import { BoardPage } from '../board/BoardPage';
import { useI18n } from '../i18n/i18n';
import { BoardsPage } from './BoardsPage';
import { landingAfterLogin } from './last-board';
import { lazyPage } from './lazy-page';
import { LoginPage } from './LoginPage';
import { navigate, routeOf, useLocation } from './router';
import { TopBar } from './TopBar';

// Login, the board list and the board are in the first download; every other page is its own chunk,
// loaded when it is first opened (a new page does the same: one line here, one route below).
const AccountsPage = lazyPage(() => import('../accounts/AccountsPage').then((m) => m.AccountsPage));
const AuditLogPage = lazyPage(() => import('../audit/AuditLogPage').then((m) => m.AuditLogPage));
const ComparePage = lazyPage(() => import('../audit/ComparePage').then((m) => m.ComparePage));
const DisplayPage = lazyPage(() => import('../display/DisplayPage').then((m) => m.DisplayPage));
const ImportPage = lazyPage(() => import('../import/ImportPage').then((m) => m.ImportPage));

export function App() {
  const { pathname, search } = useLocation();
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const route = routeOf(pathname);
  // A display link (`/layar/<board>?tautan=<token>`) is its own session: the projector never logs in.
  const linkToken = route.name === 'display' ? new URLSearchParams(search).get('tautan') : null;
  const linkSession = useMemo<Session | null>(
    () =>
      linkToken
        ? {
            token: linkToken,
            expiresAt: '9999-12-31T00:00:00.000Z',
            user: { id: 'display-link', name: 'Layar', role: 'display', opdId: null, username: '' },
          }
        : null,
    [linkToken],
  );

  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
    navigate(`/masuk?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, []);

  // "Keluar" ends the session on the server too (a copied token stops working), then locally.
  const logOut = useCallback(() => {
    if (session)
      void api('/api/auth/logout', { method: 'POST', token: session.token }).catch(() => undefined);
    signOut();
  }, [session, signOut]);

  useEffect(() => {
    if (linkSession) return;
    if (!session && route.name !== 'login')
      navigate(`/masuk?next=${encodeURIComponent(pathname + search)}`, { replace: true });
    // Expiry: sign out when the token ends, not at the next failing request.
    if (session) {
      const left = Date.parse(session.expiresAt) - Date.now();
      const timer = setTimeout(signOut, Math.max(0, Math.min(left, 2 ** 31 - 1)));
      return () => clearTimeout(timer);
    }
  }, [session, linkSession, route.name, pathname, search, signOut]);

  if (route.name === 'display' && linkSession)
    return (
      <DisplayPage
        key={route.boardId}
        boardId={route.boardId}
        session={linkSession}
        onUnauthorized={() => undefined}
      />
    );
  if (route.name === 'login' || !session)
    return (
      <LoginPage
        onSignedIn={async (next) => {
          saveSession(next);
          setSession(next);
          navigate(await landingAfterLogin(next, new URLSearchParams(search).get('next')), {
            replace: true,
          });
        }}
      />
    );

  // The projector's view: full screen, no top bar (nothing to click on a display nobody touches).
  if (route.name === 'display')
    return (
      <DisplayPage key={route.boardId} boardId={route.boardId} session={session} onUnauthorized={signOut} />
    );

  return (
    <div className="app">
      <TopBar session={session} onSignOut={logOut} />
      {route.name === 'boards' && <BoardsPage session={session} onUnauthorized={signOut} />}
      {route.name === 'board' && (
        <BoardPage key={route.boardId} boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'accounts' && <AccountsPage session={session} onUnauthorized={signOut} />}
      {route.name === 'audit' && (
        <AuditLogPage boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'compare' && (
        <ComparePage boardId={route.boardId} session={session} onUnauthorized={signOut} />
      )}
      {route.name === 'import' && (
        <ImportPage boardId={route.boardId} session={session} onUnauthorized={signOut} />
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

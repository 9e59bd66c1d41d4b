import { useEffect, useState } from 'react';

export type Route =
  | { name: 'login' }
  | { name: 'boards' }
  | { name: 'board'; boardId: string }
  | { name: 'audit'; boardId: string }
  | { name: 'compare'; boardId: string }
  | { name: 'meeting'; boardId: string; meetingId: string }
  | { name: 'import'; boardId: string }
  | { name: 'display'; boardId: string }
  | { name: 'accounts' }
  | { name: 'notFound' };

export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '/papan' || pathname === '/papan/') return { name: 'boards' };
  if (pathname === '/masuk') return { name: 'login' };
  if (pathname === '/akun') return { name: 'accounts' };
  const board = /^\/papan\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/?$/.exec(pathname);
  if (board) return { name: 'board', boardId: board[1]! };
  const page = /^\/papan\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/(audit|banding|impor)\/?$/.exec(pathname);
  if (page)
    return {
      name: page[2] === 'audit' ? 'audit' : page[2] === 'impor' ? 'import' : 'compare',
      boardId: page[1]!,
    };
  const meeting =
    /^\/papan\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/rapat\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/?$/.exec(pathname);
  if (meeting) return { name: 'meeting', boardId: meeting[1]!, meetingId: meeting[2]! };
  const display = /^\/layar\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/?$/.exec(pathname);
  if (display) return { name: 'display', boardId: display[1]! };
  return { name: 'notFound' };
}

export const boardPath = (boardId: string) => `/papan/${boardId}`;
/** Import from Excel or CSV (issue 11). */
export const importPath = (boardId: string) => `/papan/${boardId}/impor`;
/** The meeting display (projector): read-only, full screen. */
export const displayPath = (boardId: string) => `/layar/${boardId}`;

const listeners = new Set<() => void>();

/** Client-side navigation; `replace` for redirects and filter changes so Back stays meaningful. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** The current location, re-rendering on navigation and Back/Forward. */
export function useLocation(): { pathname: string; search: string } {
  const [value, setValue] = useState(() => ({ pathname: location.pathname, search: location.search }));
  useEffect(() => {
    const update = () => setValue({ pathname: location.pathname, search: location.search });
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return value;
}

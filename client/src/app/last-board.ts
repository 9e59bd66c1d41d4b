import type { BoardSummary } from '@selaras/shared';
import { api } from '../api/http';
import type { Session } from '../api/session';
import { boardPath } from './router';

// The board each person opened last, per user id, in this browser (no secret in it: an id).
const key = (userId: string) => `selaras:lastBoard:${userId}`;

export function rememberBoard(userId: string, boardId: string): void {
  try {
    localStorage.setItem(key(userId), boardId);
  } catch {
    // Private mode or a full storage: the next sign-in shows the list instead.
  }
}

export function lastBoard(userId: string): string | null {
  try {
    return localStorage.getItem(key(userId));
  } catch {
    return null;
  }
}

export function forgetBoard(userId: string): void {
  try {
    localStorage.removeItem(key(userId));
  } catch {
    // nothing to forget
  }
}

/**
 * Where a sign-in lands: the page the person was sent away from (`next`), else the board they opened
 * last, else the only board there is; the list of boards only when there is a real choice (or none).
 */
export async function landingAfterLogin(session: Session, next: string | null): Promise<string> {
  if (next && next !== '/' && next.startsWith('/') && !next.startsWith('//')) return next;
  const last = lastBoard(session.user.id);
  if (last) return boardPath(last);
  try {
    const boards = await api<BoardSummary[]>('/api/boards', { token: session.token });
    if (boards.length === 1) return boardPath(boards[0]!.id);
  } catch {
    // The list page says what went wrong.
  }
  return '/';
}

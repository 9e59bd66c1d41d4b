import type { PendingCommand } from './board-sync';

const key = (boardId: string, userId: string) => `selaras:pending:${boardId}:${userId}`;

/** The person's unsent commands for a board, as saved by the last page that had them. */
export function loadPending(boardId: string, userId: string): PendingCommand[] {
  try {
    const raw = localStorage.getItem(key(boardId, userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PendingCommand[]) : [];
  } catch {
    return [];
  }
}

export function savePending(boardId: string, userId: string, pending: readonly PendingCommand[]): void {
  try {
    if (pending.length === 0) localStorage.removeItem(key(boardId, userId));
    else localStorage.setItem(key(boardId, userId), JSON.stringify(pending));
  } catch {
    // Storage full or disabled: the queue still lives in memory for this page.
  }
}

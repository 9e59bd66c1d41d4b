import type { PendingCommand } from './board-sync';

const key = (boardId: string, userId: string) => `selaras:pending:${boardId}:${userId}`;

/** The person's unsent commands for a board, as saved by every tab that had some. */
export function loadPending(boardId: string, userId: string): PendingCommand[] {
  try {
    const raw = localStorage.getItem(key(boardId, userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PendingCommand[]) : [];
  } catch {
    return [];
  }
}

/**
 * Saves this tab's queue without losing another tab's: the stored list keeps every command this tab
 * does not hold and has not seen finish (confirmed, refused or replaced), then this tab's own. A tab
 * that later loads both sends both; command ids make a command sent twice land once.
 */
export function savePending(
  boardId: string,
  userId: string,
  pending: readonly PendingCommand[],
  finished: ReadonlySet<string> = new Set(),
): void {
  try {
    const mine = new Set(pending.map((p) => p.commandId));
    const others = loadPending(boardId, userId).filter(
      (p) => !mine.has(p.commandId) && !finished.has(p.commandId),
    );
    const merged = [...others, ...pending];
    if (merged.length === 0) localStorage.removeItem(key(boardId, userId));
    else localStorage.setItem(key(boardId, userId), JSON.stringify(merged));
  } catch {
    // Storage full or disabled: the queue still lives in memory for this page.
  }
}

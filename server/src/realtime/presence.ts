import type { PresenceMember, SessionUser } from '@selaras/shared';

interface Connection {
  user: SessionUser;
  openProgramId: string | null;
  since: number;
}

/**
 * Who is on which board and which card they have open. Ephemeral by design (DESIGN.md §3): kept per
 * server process and never stored as events.
 */
export class PresenceRegistry {
  private readonly boards = new Map<string, Map<string, Connection>>();

  join(boardId: string, socketId: string, user: SessionUser): void {
    let board = this.boards.get(boardId);
    if (!board) this.boards.set(boardId, (board = new Map()));
    board.set(socketId, { user, openProgramId: null, since: Date.now() });
  }

  /** Returns false when the socket is not on that board. */
  open(boardId: string, socketId: string, programId: string | null): boolean {
    const connection = this.boards.get(boardId)?.get(socketId);
    if (!connection) return false;
    connection.openProgramId = programId;
    connection.since = Date.now();
    return true;
  }

  leave(boardId: string, socketId: string): boolean {
    const board = this.boards.get(boardId);
    const had = board?.delete(socketId) ?? false;
    if (board && board.size === 0) this.boards.delete(boardId);
    return had;
  }

  /** One entry per person; their open card is the one from their most recent action. */
  members(boardId: string): PresenceMember[] {
    const byUser = new Map<string, PresenceMember & { since: number }>();
    for (const c of this.boards.get(boardId)?.values() ?? []) {
      const known = byUser.get(c.user.id);
      if (!known) {
        byUser.set(c.user.id, {
          userId: c.user.id,
          name: c.user.name,
          role: c.user.role,
          opdId: c.user.opdId,
          openProgramId: c.openProgramId,
          connections: 1,
          since: c.since,
        });
        continue;
      }
      known.connections++;
      if (c.since >= known.since) {
        known.since = c.since;
        known.openProgramId = c.openProgramId ?? known.openProgramId;
      }
    }
    return [...byUser.values()]
      .map(({ since: _since, ...member }) => member)
      .sort((a, b) => a.name.localeCompare(b.name, 'id'));
  }
}

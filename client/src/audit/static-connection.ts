import type { BoardState } from '@selaras/shared';
import type { BoardSource, ConnectionSnapshot } from '../sync/board-connection';
import type { ProposeResult } from '../sync/board-sync';

const READ_ONLY = {
  code: 'ValidationFailed' as const,
  message: 'Papan masa lalu hanya dapat dibaca. Kembali ke sekarang untuk mengubah.',
  messageEn: 'A board from the past is read only. Go back to now to make changes.',
};

/**
 * A board from the past for the board UI: the same components as the live board, fed a state that
 * changes only when time travel moves. Every command is refused: nobody edits the past.
 */
export class StaticBoard implements BoardSource {
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(readonly boardId: string) {
    this.snapshot = {
      loaded: false,
      loadError: null,
      view: null,
      confirmed: null,
      revision: -1,
      pending: [],
      status: 'online',
      presence: [],
      notices: [],
      lastEventAt: null,
    };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  show(board: BoardState): void {
    this.publish({ loaded: true, loadError: null, view: board, confirmed: board, revision: board.revision });
  }

  fail(message: string, messageEn: string): void {
    this.publish({ loadError: { message, messageEn } });
  }

  dispatch(): ProposeResult {
    return { ok: false, error: READ_ONLY, issues: [] };
  }

  resolveConflict(): void {}
  setOpenProgram(): void {}
  dismissNotice(): void {}

  private publish(patch: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

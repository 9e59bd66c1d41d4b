import { createContext, useContext } from 'react';
import type { Session } from '../api/session';
import type { DndController } from './dnd';

/** What every card and column of one open board needs besides the connection. */
export interface BoardUi {
  session: Session;
  dnd: DndController;
  /** Whether this person may move or edit cards at all (auditors and the display may not). */
  canEdit: boolean;
  openProgram: (programId: string) => void;
  /** Ends a drag (pointer or keyboard) and sends the move; announces the result. */
  dropCard: () => void;
  cancelDrag: () => void;
  announce: (text: string) => void;
  /** Set just before a moved card re-mounts elsewhere, so it takes the focus back. */
  focusAfterMove: { current: string | null };
}

export const BoardUiContext = createContext<BoardUi | null>(null);

export function useBoardUi(): BoardUi {
  const value = useContext(BoardUiContext);
  if (!value) throw new Error('useBoardUi outside a board');
  return value;
}

/** Every card has this height (plus the gap): fixed, so a column of 5,000 renders only what shows. */
export const CARD_HEIGHT = 112;
export const CARD_GAP = 8;
export const ROW = CARD_HEIGHT + CARD_GAP;

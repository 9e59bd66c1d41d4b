import { useEffect, useState } from 'react';
import type { EventsResponse } from '@selaras/shared';
import { api } from '../api/http';
import type { Session } from '../api/session';
import { BoardConnection } from '../sync/board-connection';
import { DisplayFeed } from './feed';
import { DisplayView } from './DisplayView';
import { TICKER_SIZE } from './ticker';
import { WakeWatcher } from './wake';
import './display.css';

interface Props {
  boardId: string;
  /**
   * Whose eyes the display reads with. Today the signed-in session (the demo account `layar`, role
   * display; any signed-in person may open it). The revocable display link (issue 5) slots in here: the
   * route turns the link's token into this same `{token, user}` and nothing below changes; the display
   * only reads (board, events, socket) and has no way to send a command.
   */
  session: Session;
  onUnauthorized: () => void;
}

interface Parts {
  connection: BoardConnection;
  feed: DisplayFeed;
}

/** The meeting display at /layar/<boardId>: the live board for the projector, read-only, unattended. */
export function DisplayPage({ boardId, session, onUnauthorized }: Props) {
  const [parts, setParts] = useState<Parts | null>(null);
  useEffect(() => {
    const connection = new BoardConnection(boardId, session, { onUnauthorized });
    const feed = new DisplayFeed();
    const unsubscribe = connection.onEvents((events) => feed.receive(events));
    // Back from sleep or a frozen tab: catch up now rather than when the socket's heartbeat notices.
    const wake = new WakeWatcher(() => connection.resync());
    setParts({ connection, feed });
    void connection.start().then(() => seedTicker(connection, feed, session));
    wake.start();
    return () => {
      unsubscribe();
      wake.stop();
      feed.stop();
      connection.stop();
    };
  }, [boardId, session, onUnauthorized]);
  if (!parts) return null;
  return <DisplayView connection={parts.connection} feed={parts.feed} />;
}

/** The ticker starts with the board's last few changes, not empty, when the display opens mid-meeting. */
async function seedTicker(connection: BoardConnection, feed: DisplayFeed, session: Session): Promise<void> {
  const { loaded, revision } = connection.getSnapshot();
  if (!loaded || revision < 0) return;
  const after = Math.max(-1, revision - TICKER_SIZE);
  try {
    const page = await api<EventsResponse>(
      `/api/boards/${encodeURIComponent(connection.boardId)}/events?after=${after}&limit=${TICKER_SIZE}`,
      { token: session.token },
    );
    feed.seed(page.events);
  } catch {
    // Only the ticker's history is missing; live changes still show.
  }
}

import { useEffect, useState } from 'react';
import type { Session } from '../api/session';
import { lazyPage } from '../app/lazy-page';
import { useLocation } from '../app/router';
import { BoardConnection } from '../sync/board-connection';
import { ConnectionContext } from '../sync/use-connection';
import { BoardView } from './BoardView';
import { forgetBoard, lastBoard, rememberBoard } from '../app/last-board';

/** Time travel loads on demand: most people only ever see the live board. */
const PastBoard = lazyPage(() => import('../audit/PastBoard').then((m) => m.PastBoard));

interface Props {
  boardId: string;
  session: Session;
  onUnauthorized: () => void;
}

export function BoardPage(props: Props) {
  const { search } = useLocation();
  const at = new URLSearchParams(search).get('at');
  // `?at=<revision>`: time travel to a read-only board from the past.
  if (at !== null && /^\d+$/.test(at))
    return (
      <PastBoard
        boardId={props.boardId}
        session={props.session}
        at={Number(at)}
        onUnauthorized={props.onUnauthorized}
      />
    );
  return <LiveBoard {...props} />;
}

function LiveBoard({ boardId, session, onUnauthorized }: Props) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  useEffect(() => {
    const next = new BoardConnection(boardId, session, { onUnauthorized });
    setConnection(next);
    void next.start();
    // The board this person opened last is where the next sign-in takes them (once it loaded; one
    // that cannot load is forgotten, so the next sign-in shows the list).
    const unsubscribe = next.subscribe(() => {
      const { loaded, loadError } = next.getSnapshot();
      if (loaded) rememberBoard(session.user.id, boardId);
      else if (loadError && lastBoard(session.user.id) === boardId) forgetBoard(session.user.id);
      if (loaded || loadError) unsubscribe();
    });
    return () => {
      unsubscribe();
      next.stop();
    };
  }, [boardId, session, onUnauthorized]);
  if (!connection) return null;
  return (
    <ConnectionContext.Provider value={connection}>
      <BoardView connection={connection} session={session} />
    </ConnectionContext.Provider>
  );
}

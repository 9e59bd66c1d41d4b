import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { BoardState } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import type { BoardConnection, ConnectionStatus } from '../sync/board-connection';
import { AgreementChart, CoverageChart, StageChart } from './DisplayCharts';
import { DisplayBoard } from './DisplayBoard';
import type { DisplayFeed } from './feed';
import { currentMeeting } from './meeting';
import { MeetingPanel } from './MeetingPanel';
import { Ticker } from './Ticker';
import { formatWib } from './ticker';
import { perFrame, useNow } from './hooks';
import './display-panels.css';

/** The display's read surface of a connection: state only (it never dispatches). */
export type DisplaySource = Pick<BoardConnection, 'subscribe' | 'getSnapshot'>;

/** The whole screen: header, the board's columns, then the ticker and the charts below. */
export function DisplayView({ connection, feed }: { connection: DisplaySource; feed: DisplayFeed }) {
  const { t, pick } = useI18n();
  const onBoard = useMemo(() => perFrame(connection.subscribe), [connection]);
  const onFeed = useMemo(() => perFrame(feed.subscribe), [feed]);
  const snapshot = useSyncExternalStore(onBoard, connection.getSnapshot);
  const { recent, highlighted } = useSyncExternalStore(onFeed, feed.getSnapshot);
  const board = snapshot.view;

  const title = board?.title;
  useEffect(() => {
    if (title !== undefined) document.title = t('display.label', { title });
  }, [title, t]);

  if (snapshot.loadError)
    return (
      <main className="display display-message" data-testid="display">
        <p className="error">{t('board.loadFailed', { message: pick(snapshot.loadError) })}</p>
      </main>
    );
  if (!board)
    return (
      <main className="display display-message" data-testid="display" aria-busy="true">
        <p>{t('board.loading')}</p>
      </main>
    );
  return (
    <main
      className="display"
      data-testid="display"
      data-revision={board.revision}
      data-status={snapshot.status}
      aria-label={t('display.label', { title: board.title })}
      // The operator double-clicks once to fill the projector; a kiosk-mode browser needs nothing.
      onDoubleClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
    >
      <DisplayHeader board={board} status={snapshot.status} />
      <DisplayBoard board={board} highlighted={highlighted} />
      <section className="display-bottom">
        <Ticker recent={recent} board={board} />
        <StageChart board={board} />
        <AgreementChart board={board} />
        <CoverageChart board={board} />
      </section>
    </main>
  );
}

function DisplayHeader({ board, status }: { board: BoardState; status: ConnectionStatus }) {
  const { t, language } = useI18n();
  const now = useNow(10_000);
  // While not connected the room is told how old the board it sees may be.
  const [offlineSince, setOfflineSince] = useState<number | null>(null);
  useEffect(() => setOfflineSince((since) => (status === 'online' ? null : (since ?? Date.now()))), [status]);
  const meeting = currentMeeting(board);
  return (
    <header className="display-head">
      <div className="display-title">
        <h1>{board.title}</h1>
        <div className="display-subtitle">
          {board.sample && <span className="dbadge dbadge-sample">{t('board.sample')}</span>}
          {board.synthetic && <span className="dbadge">{t('board.synthetic')}</span>}
          <span className="display-readonly">{t('display.readOnly')}</span>
          <span data-testid="revision">{t('board.revision', { revision: board.revision })}</span>
        </div>
      </div>
      {meeting && <MeetingPanel meeting={meeting} board={board} now={now} />}
      <div className="display-meta">
        <span className={`dstatus dstatus-${status}`} data-testid="connection" data-status={status}>
          <span className="dstatus-dot" aria-hidden="true" />
          {t(`status.${status}`)}
          {offlineSince !== null &&
            ` · ${t('display.staleSince', { time: formatWib(offlineSince, language) })}`}
        </span>
        <time className="display-clock" dateTime={new Date(now).toISOString()}>
          {formatWib(now, language)} {t('display.timeZone')}
        </time>
      </div>
    </header>
  );
}

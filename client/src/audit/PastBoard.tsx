import { useEffect, useMemo, useRef, useState } from 'react';
import {
  fold,
  type BoardState,
  type EventsResponse,
  type RecordedEvent,
  type TimelineResponse,
} from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { navigate } from '../app/router';
import { BoardView } from '../board/BoardView';
import { useI18n } from '../i18n/i18n';
import { ConnectionContext } from '../sync/use-connection';
import { auditApi } from './audit-api';
import { formatWib } from './describe-event';
import { StaticBoard } from './static-connection';

interface Shown {
  revision: number;
  at: string;
  latest: number;
}

const SPEEDS = [1, 2, 5, 20];
const TICK_MS = 600;

/**
 * Time travel: the board as of `?at=<revision>`, read only, with a slider, play/pause and jumps to
 * meetings and milestones. A jump loads the server's fold at that point; playing forward folds the
 * following events here with the same shared `fold`, so it does not download the board per step.
 */
export function PastBoard({
  boardId,
  session,
  at,
  onUnauthorized,
}: {
  boardId: string;
  session: Session;
  at: number;
  onUnauthorized: () => void;
}) {
  const { t, pick, language } = useI18n();
  const source = useMemo(() => new StaticBoard(boardId), [boardId]);
  const [shown, setShown] = useState<Shown | null>(null);
  const [timeline, setTimeline] = useState<TimelineResponse | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [slider, setSlider] = useState(at);
  const board = useRef<BoardState | null>(null);
  const buffer = useRef<RecordedEvent[]>([]);

  // Load the fold at `at` unless the board shown is already there (playing updates the URL too).
  useEffect(() => {
    setSlider(at);
    if (board.current?.revision === at) return;
    const controller = new AbortController();
    auditApi
      .boardAt(session.token, boardId, at, controller.signal)
      .then((answer) => {
        board.current = answer.board;
        buffer.current = [];
        source.show(answer.board);
        setShown({ revision: answer.revision, at: answer.at, latest: answer.latestRevision });
      })
      .catch((error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        if (error instanceof HttpError && error.status === 401) onUnauthorized();
        const body =
          error instanceof HttpError ? error.body : { message: String(error), messageEn: String(error) };
        source.fail(body.message, body.messageEn ?? body.message);
      });
    return () => controller.abort();
  }, [at, boardId, session.token, source, onUnauthorized]);

  useEffect(() => {
    auditApi
      .timeline(session.token, boardId)
      .then(setTimeline)
      .catch(() => setTimeline(null));
  }, [boardId, session.token]);

  // Play: every tick fold `speed` more events, read ahead in pages from the events endpoint.
  useEffect(() => {
    if (!playing) return;
    let cancelled = false;
    const tick = async () => {
      const current = board.current;
      if (!current || cancelled) return;
      if (buffer.current.length < speed) {
        const page = await api<EventsResponse>(
          `/api/boards/${encodeURIComponent(boardId)}/events?after=${current.revision + buffer.current.length}&limit=200`,
          { token: session.token },
        );
        buffer.current.push(...page.events);
      }
      const next = buffer.current.splice(0, speed);
      if (cancelled) return;
      if (next.length === 0) {
        setPlaying(false);
        return;
      }
      board.current = fold(current, next);
      source.show(board.current);
      const last = next.at(-1)!;
      setShown((prev) => ({
        revision: last.revision,
        at: last.meta.at,
        latest: Math.max(prev?.latest ?? 0, last.revision),
      }));
      navigate(`${location.pathname}${withAt(location.search, last.revision)}`, { replace: true });
    };
    const timer = setInterval(() => void tick().catch(() => setPlaying(false)), TICK_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [playing, speed, boardId, session.token, source]);

  // The slider moves freely; the board follows when the hand rests.
  useEffect(() => {
    if (slider === at) return;
    const timer = setTimeout(
      () => navigate(`${location.pathname}${withAt(location.search, slider)}`, { replace: true }),
      200,
    );
    return () => clearTimeout(timer);
  }, [slider, at]);

  const latest = shown?.latest ?? at;
  const points = [
    ...(timeline?.meetings ?? []).map((m) => ({
      revision: m.startRevision,
      label: t('travel.meeting', { title: m.title }),
    })),
    ...(timeline?.milestones ?? []).map((m) => ({
      revision: m.revision,
      label: t('travel.milestone', { title: m.title }),
    })),
  ].sort((a, b) => a.revision - b.revision);

  const bar = (
    <div className="travel" data-testid="time-travel">
      <p className="travel-banner" role="status">
        {shown
          ? t('travel.past', { revision: shown.revision, time: formatWib(shown.at, language) })
          : t('travel.loading', { revision: at })}
      </p>
      <div className="travel-controls">
        <button
          type="button"
          className="button"
          onClick={() => setPlaying((p) => !p)}
          disabled={!shown || shown.revision >= latest}
          data-testid="travel-play"
        >
          {playing ? t('travel.pause') : t('travel.play')}
        </button>
        <label className="travel-speed">
          {t('travel.speed')}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <div className="travel-track">
          <input
            type="range"
            min={0}
            max={latest}
            value={slider}
            aria-label={t('travel.label')}
            aria-valuetext={t('board.revision', { revision: slider })}
            onChange={(e) => {
              setPlaying(false);
              setSlider(Number(e.target.value));
            }}
            data-testid="travel-slider"
          />
          <div className="travel-marks" aria-hidden="true">
            {points.map((p) => (
              <span
                key={`${p.revision}-${p.label}`}
                className="travel-mark"
                style={{ left: `${(p.revision / Math.max(1, latest)) * 100}%` }}
                title={p.label}
              />
            ))}
          </div>
        </div>
        {points.length > 0 && (
          <label>
            {t('travel.jump')}
            <select
              value=""
              onChange={(e) =>
                e.target.value &&
                navigate(`${location.pathname}${withAt(location.search, Number(e.target.value))}`)
              }
            >
              <option value="">—</option>
              {points.map((p) => (
                <option key={`${p.revision}-${p.label}`} value={p.revision}>
                  {p.label} · {t('board.revision', { revision: p.revision })}
                </option>
              ))}
            </select>
          </label>
        )}
        <a
          className="button"
          href={`/papan/${boardId}/banding?from=${shown?.revision ?? at}&to=${latest}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/papan/${boardId}/banding?from=${shown?.revision ?? at}&to=${latest}`);
          }}
        >
          {t('travel.compare')}
        </a>
        <button
          type="button"
          className="button primary"
          onClick={() => navigate(`${location.pathname}${withAt(location.search, null)}`)}
          data-testid="travel-now"
        >
          {t('travel.now')}
        </button>
      </div>
      {source.getSnapshot().loadError && <p className="error">{pick(source.getSnapshot().loadError!)}</p>}
    </div>
  );

  return (
    <ConnectionContext.Provider value={source}>
      <BoardView connection={source} session={session} past={bar} />
    </ConnectionContext.Provider>
  );
}

/** The query with `at` set (or removed), other parameters (the filter) kept. */
export function withAt(search: string, revision: number | null): string {
  const params = new URLSearchParams(search);
  if (revision === null) params.delete('at');
  else params.set('at', String(revision));
  const text = params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `?${text}` : '';
}

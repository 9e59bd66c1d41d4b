import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  BOARD_EVENT_TYPES,
  type BoardResponse,
  type BoardState,
  type RecordedEvent,
  type VerifyResponse,
} from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { boardPath, navigate, useLocation } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { auditApi, type AuditFilter } from './audit-api';
import { actorLabel, describeEvent, formatWib } from './describe-event';
import { ExportButtons } from './ExportButtons';

/** Every kind of change, in the domain's order: the filter can never miss a new one. */
const TYPES = BOARD_EVENT_TYPES;

function filterFrom(search: string): AuditFilter {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(k) ?? undefined;
  return {
    actor: get('actor'),
    opd: get('opd'),
    program: get('program'),
    type: p.get('type')?.split(',').filter(Boolean),
    from: get('from'),
    to: get('to'),
  };
}

function searchFrom(filter: AuditFilter): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    const value = Array.isArray(v) ? v.join(',') : v;
    if (value) p.set(k, value);
  }
  const text = p.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** The board's audit log: every event newest first, filtered and paged on the server. */
export function AuditLogPage({
  boardId,
  session,
  onUnauthorized,
}: {
  boardId: string;
  session: Session;
  onUnauthorized: () => void;
}) {
  const { t, pick, language } = useI18n();
  const { search } = useLocation();
  const filter = filterFrom(search);
  const [board, setBoard] = useState<BoardState | null>(null);
  const [headHash, setHeadHash] = useState('');
  const [entries, setEntries] = useState<RecordedEvent[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerifyResponse | 'running' | null>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof HttpError && e.status === 401) onUnauthorized();
      setError(e instanceof HttpError ? pick(e.body) : (e as Error).message);
    },
    [onUnauthorized, pick],
  );

  useEffect(() => {
    api<BoardResponse>(`/api/boards/${encodeURIComponent(boardId)}`, { token: session.token })
      .then((answer) => {
        setBoard(answer.board);
        setHeadHash(answer.headHash);
      })
      .catch(fail);
  }, [boardId, session.token, fail]);

  useEffect(() => {
    setEntries(null);
    auditApi
      .audit(session.token, boardId, filterFrom(search))
      .then((page) => {
        setEntries(page.entries);
        setNextBefore(page.nextBefore);
      })
      .catch(fail);
  }, [boardId, session.token, search, fail]);

  const more = () =>
    auditApi
      .audit(session.token, boardId, filter, nextBefore)
      .then((page) => {
        setEntries((prev) => [...(prev ?? []), ...page.entries]);
        setNextBefore(page.nextBefore);
      })
      .catch(fail);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    const toIso = (k: string) => (text(k) ? new Date(`${text(k)}:00+07:00`).toISOString() : undefined);
    navigate(
      `${location.pathname}${searchFrom({ actor: text('actor'), opd: text('opd'), program: text('program'), type: form.getAll('type').map(String), from: toIso('from'), to: toIso('to') })}`,
      { replace: true },
    );
  };

  const runVerify = () => {
    setVerify('running');
    auditApi.verify(session.token, boardId).then(setVerify).catch(fail);
  };

  const programs = board ? Object.values(board.programs) : [];
  return (
    <main className="audit-page" id="main">
      <p className="no-print">
        <a href={boardPath(boardId)} onClick={(e) => (e.preventDefault(), navigate(boardPath(boardId)))}>
          ← {t('common.back')}
        </a>
      </p>
      <h1>{t('audit.title', { board: board?.title ?? boardId })}</h1>
      <p className="muted">{t('audit.intro')}</p>
      {board && (
        <p className="muted" data-testid="audit-head">
          {t('audit.headHash', { revision: board.revision, hash: headHash })}
        </p>
      )}
      <div className="audit-actions no-print">
        <button type="button" className="button" onClick={runVerify} data-testid="verify">
          {t('audit.verify')}
        </button>
        {verify === 'running' && <span role="status">{t('audit.verify.running')}</span>}
        {verify && verify !== 'running' && (
          <span role="status" className={verify.ok ? 'verify-ok' : 'error'} data-testid="verify-result">
            {verify.ok
              ? t('audit.verify.ok', { events: verify.events, hash: verify.headHash })
              : t('audit.verify.broken', {
                  revision: verify.brokenAt,
                  reason: language === 'en' ? verify.reasonEn : verify.reason,
                })}
          </span>
        )}
      </div>
      <ExportButtons
        boardId={boardId}
        session={session}
        choices={[
          {
            label: 'audit.export.csv',
            name: 'audit.csv',
            params: { ...filter, type: filter.type?.join(',') },
          },
          {
            label: 'audit.export.jsonl',
            name: 'audit.jsonl',
            params: { ...filter, type: filter.type?.join(',') },
          },
          { label: 'audit.export.xlsx', name: 'matrix.xlsx', params: { at: board?.revision } },
          { label: 'rpjmd.export.xlsx', name: 'rpjmd.xlsx', params: { at: board?.revision } },
          { label: 'rpjmd.export.html', name: 'rpjmd.html', params: { at: board?.revision } },
        ]}
      />
      <form className="audit-filters no-print" onSubmit={apply} key={search}>
        <label>
          {t('audit.filter.actor')}
          <input name="actor" defaultValue={filter.actor ?? ''} placeholder="u-dinkes" />
        </label>
        <label>
          {t('audit.filter.opd')}
          <select name="opd" defaultValue={filter.opd ?? ''}>
            <option value="">{t('audit.filter.all')}</option>
            {board &&
              Object.values(board.opds).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.short}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('audit.filter.program')}
          <input name="program" list="audit-programs" defaultValue={filter.program ?? ''} />
          <datalist id="audit-programs">
            {programs.slice(0, 500).map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} {p.title}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t('audit.filter.from')}
          <input type="datetime-local" name="from" defaultValue={toLocal(filter.from)} />
        </label>
        <label>
          {t('audit.filter.to')}
          <input type="datetime-local" name="to" defaultValue={toLocal(filter.to)} />
        </label>
        <details className="multi-select">
          <summary>
            {t('audit.filter.type')}: {filter.type?.length ? filter.type.length : t('audit.filter.all')}
          </summary>
          <fieldset>
            <legend className="visually-hidden">{t('audit.filter.type')}</legend>
            {TYPES.map((type) => (
              <label key={type}>
                <input
                  type="checkbox"
                  name="type"
                  value={type}
                  defaultChecked={filter.type?.includes(type)}
                />{' '}
                {type}
              </label>
            ))}
          </fieldset>
        </details>
        <button type="submit" className="button primary">
          {t('audit.filter.apply')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {t('common.loadFailed', { message: error })}
        </p>
      )}
      {!entries && !error && <p role="status">{t('audit.loading')}</p>}
      {entries && entries.length === 0 && <p>{t('audit.empty')}</p>}
      {entries && entries.length > 0 && (
        <table className="audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.col.revision')}</th>
              <th scope="col">{t('audit.col.time')}</th>
              <th scope="col">{t('audit.col.actor')}</th>
              <th scope="col">{t('audit.col.what')}</th>
              <th scope="col">{t('audit.col.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((event) => (
              <tr key={event.revision} data-revision={event.revision}>
                <td>
                  <a
                    href={`${boardPath(boardId)}?at=${event.revision}`}
                    aria-label={t('audit.viewAt', { revision: event.revision })}
                    onClick={(e) => (
                      e.preventDefault(),
                      navigate(`${boardPath(boardId)}?at=${event.revision}`)
                    )}
                  >
                    {event.revision}
                  </a>
                </td>
                <td>{formatWib(event.meta.at, language)}</td>
                <td>{actorLabel(event, board)}</td>
                <td>{describeEvent(event, board, t)}</td>
                <td className="hash" title={event.meta.hash}>
                  {event.meta.hash.slice(0, 12)}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && entries && (
        <button
          type="button"
          className="button no-print"
          onClick={() => void more()}
          data-testid="audit-more"
        >
          {t('audit.more')}
        </button>
      )}
    </main>
  );
}

/** An ISO time as the value of a datetime-local input, in WIB. */
function toLocal(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(Date.parse(iso) + 7 * 3600_000);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 16);
}

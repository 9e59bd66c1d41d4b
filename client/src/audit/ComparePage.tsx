import { useEffect, useState } from 'react';
import type { BoardResponse, BoardState, CompareResponse, Meeting } from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { boardPath, navigate, useLocation } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { auditApi } from './audit-api';
import { ChangeLine } from './ChangeLine';
import { formatWib } from './describe-event';
import { ExportButtons } from './ExportButtons';
import { CompareRincian } from './CompareRincian';

/**
 * What changed between two revisions (or during a meeting): programs added, archived, restored, moved
 * and revised field by field, grouped by OPD. Printable: the meeting's change report is this page.
 */
export function ComparePage({
  boardId,
  session,
  meetingId,
  onUnauthorized,
}: {
  boardId: string;
  session: Session;
  meetingId?: string;
  onUnauthorized: () => void;
}) {
  const { t, pick, language } = useI18n();
  const { search } = useLocation();
  const [board, setBoard] = useState<BoardState | null>(null);
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [result, setResult] = useState<CompareResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => {
      if (e instanceof HttpError && e.status === 401) onUnauthorized();
      if (live) setError(e instanceof HttpError ? pick(e.body) : (e as Error).message);
    };
    (async () => {
      const current = await api<BoardResponse>(`/api/boards/${encodeURIComponent(boardId)}`, {
        token: session.token,
      });
      if (!live) return;
      setBoard(current.board);
      const params = new URLSearchParams(search);
      let from = Number(params.get('from') ?? 0);
      let to = Number(params.get('to') ?? current.revision);
      if (meetingId) {
        const timeline = await auditApi.timeline(session.token, boardId);
        const found = timeline.meetings.find((m) => m.meetingId === meetingId) ?? null;
        if (!live) return;
        setMeeting(found);
        if (found) {
          from = found.startRevision;
          to = found.endRevision ?? current.revision;
        }
      }
      const answer = await auditApi.compare(session.token, boardId, from, to);
      if (live) setResult(answer);
    })().catch(fail);
    return () => {
      live = false;
    };
  }, [boardId, session.token, search, meetingId, onUnauthorized, pick]);

  const opdName = (id: string) => board?.opds[id]?.short ?? id;
  const column = (id: string) => board?.columns.find((c) => c.id === id)?.title ?? id;
  const title = meeting
    ? t('meeting.report', { title: meeting.title })
    : result
      ? t('compare.title', { from: result.from.revision, to: result.to.revision })
      : '';
  const empty =
    result &&
    result.added.length +
      result.archived.length +
      result.restored.length +
      result.moved.length +
      result.revised.length +
      (result.rincian?.length ?? 0) ===
      0;

  return (
    <main className="audit-page" id="main" data-testid="compare-page">
      <p className="no-print">
        <a href={boardPath(boardId)} onClick={(e) => (e.preventDefault(), navigate(boardPath(boardId)))}>
          ← {t('common.back')}
        </a>
      </p>
      <h1>{title || t('audit.loading')}</h1>
      {error && (
        <p role="alert" className="error">
          {t('common.loadFailed', { message: error })}
        </p>
      )}
      {result && (
        <>
          <p>
            {t('compare.range', {
              from: result.from.revision,
              fromTime: formatWib(result.from.at, language),
              to: result.to.revision,
              toTime: formatWib(result.to.at, language),
            })}
            {meeting && !meeting.endedAt && ` · ${t('meeting.running')}`}
          </p>
          <p className="muted hash-line">
            {t('audit.headHash', { revision: result.to.revision, hash: result.to.headHash })}
          </p>
          <div className="audit-actions no-print">
            <button type="button" className="button" onClick={() => window.print()}>
              {t('compare.print')}
            </button>
          </div>
          <div className="no-print">
            <ExportButtons
              boardId={boardId}
              session={session}
              choices={[
                {
                  label: 'audit.export.compare',
                  name: 'compare.csv',
                  params: { from: result.from.revision, to: result.to.revision },
                },
              ]}
            />
          </div>
          {empty && <p>{t('compare.none')}</p>}
          <Section title={t('compare.added', { count: result.added.length })} testId="compare-added">
            {groupByOpd(result.added, opdName).map(([opd, items]) => (
              <OpdGroup key={opd} opd={opd}>
                {items.map((p) => (
                  <li key={p.programId}>
                    <b>{p.code}</b> {p.title} — {column(p.columnId)}
                  </li>
                ))}
              </OpdGroup>
            ))}
          </Section>
          <Section title={t('compare.moved', { count: result.moved.length })} testId="compare-moved">
            {groupByOpd(result.moved, opdName).map(([opd, items]) => (
              <OpdGroup key={opd} opd={opd}>
                {items.map((p) => (
                  <li key={p.programId}>
                    <b>{p.code}</b> {p.title}: {column(p.fromColumnId)} → <b>{column(p.toColumnId)}</b>
                  </li>
                ))}
              </OpdGroup>
            ))}
          </Section>
          <Section title={t('compare.revised', { count: result.revised.length })} testId="compare-revised">
            {groupByOpd(result.revised, opdName).map(([opd, items]) => (
              <OpdGroup key={opd} opd={opd}>
                {items.map((p) => (
                  <li key={p.programId}>
                    <b>{p.code}</b> {p.title}
                    <ul>
                      {p.changes.map((c) => (
                        <li key={c.field} className="change">
                          <ChangeLine change={c} board={board} t={t} language={language} />
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </OpdGroup>
            ))}
          </Section>
          <CompareRincian result={result} board={board} opdName={opdName} />
          <Section title={t('compare.archived', { count: result.archived.length })} testId="compare-archived">
            {groupByOpd(result.archived, opdName).map(([opd, items]) => (
              <OpdGroup key={opd} opd={opd}>
                {items.map((p) => (
                  <li key={p.programId}>
                    <b>{p.code}</b> {p.title}
                  </li>
                ))}
              </OpdGroup>
            ))}
          </Section>
          {result.restored.length > 0 && (
            <Section
              title={t('compare.restored', { count: result.restored.length })}
              testId="compare-restored"
            >
              <ul>
                {result.restored.map((p) => (
                  <li key={p.programId}>
                    <b>{p.code}</b> {p.title} ({opdName(p.opdId)})
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {result.actors.length > 0 && (
            <Section title={t('compare.actors')} testId="compare-actors">
              <ul>
                {result.actors.map(({ actor, events }) => (
                  <li key={actor.id}>
                    {actor.name}
                    {actor.opdId ? ` (${opdName(actor.opdId)})` : ''}:{' '}
                    {t('compare.events', { count: events })}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </main>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section className="compare-section" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function OpdGroup({ opd, children }: { opd: string; children: React.ReactNode }) {
  return (
    <div className="opd-group">
      <h3>{opd}</h3>
      <ul>{children}</ul>
    </div>
  );
}

function groupByOpd<T extends { opdId: string }>(
  items: T[],
  name: (id: string) => string,
): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = name(item.opdId);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

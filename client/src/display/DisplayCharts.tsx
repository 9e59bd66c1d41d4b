import { useMemo } from 'react';
import type { BoardState } from '@selaras/shared';
import { formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { COVERAGE_LIST_IDS, coverage, opdAgreement, stageBars, type Coverage } from './charts';
import { useRotation } from './hooks';
import { pageOf } from './paging';

/** OPD rows per page of the agreement chart, and how long a page stays up. */
const OPD_ROWS = 7;
const OPD_ROTATE_MS = 10_000;

const share = (value: number, max: number) => `${max > 0 ? Math.max(0, (value / max) * 100) : 0}%`;

/** Programs and pagu indikatif per stage: two bars per column of the board, with the figures. */
export function StageChart({ board }: { board: BoardState }) {
  const { t, language } = useI18n();
  const bars = useMemo(() => stageBars(board), [board]);
  const maxCount = Math.max(1, ...bars.map((b) => b.count));
  const maxPagu = Math.max(0, ...bars.map((b) => b.pagu));
  return (
    <figure className="dpanel dchart dchart-stages" data-testid="chart-stages">
      <figcaption className="dpanel-title">{t('display.chart.stages')}</figcaption>
      <div className="dchart-legend" aria-hidden="true">
        <span>
          <span className="dkey dkey-count" /> {t('display.chart.programs')}
        </span>
        <span>
          <span className="dkey dkey-pagu" />{' '}
          {maxPagu === 0 ? t('display.chart.paguNone') : t('display.chart.pagu')}
        </span>
      </div>
      <ul className="dchart-rows">
        {bars.map((bar) => (
          <li
            key={bar.columnId}
            className="dchart-row dchart-row-stage"
            data-column-id={bar.columnId}
            data-count={bar.count}
            data-pagu={bar.pagu}
          >
            <span className="dchart-label" title={bar.title}>
              {bar.title}
            </span>
            <span className="dbar-line">
              <span className="dbar dbar-count" style={{ width: share(bar.count, maxCount) }} />
              <span className="dbar-value">{bar.count}</span>
            </span>
            <span className="dbar-line">
              {bar.pagu > 0 && (
                <span className="dbar dbar-pagu" style={{ width: share(bar.pagu, maxPagu) }} />
              )}
              <span className="dbar-value dbar-value-pagu">
                {bar.pagu > 0 ? formatRupiahCompact(bar.pagu, language) : '—'}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Per OPD: how many of its programs are agreed, as a filled share; long lists rotate by page. */
export function AgreementChart({ board }: { board: BoardState }) {
  const { t } = useI18n();
  const rows = useMemo(() => opdAgreement(board), [board]);
  const ids = useMemo(() => rows.map((r) => r.opdId), [rows]);
  const tick = useRotation(rows.length > OPD_ROWS, OPD_ROTATE_MS);
  const { page, pages } = pageOf(ids, OPD_ROWS, tick);
  const shown = rows.slice(page * OPD_ROWS, page * OPD_ROWS + OPD_ROWS);
  return (
    <figure className="dpanel dchart dchart-agreed" data-testid="chart-agreed">
      <figcaption className="dpanel-title">{t('display.chart.agreed')}</figcaption>
      {rows.length === 0 ? (
        <p className="dpanel-empty">{t('display.chart.agreedNone')}</p>
      ) : (
        <ul className="dchart-rows" key={page}>
          {shown.map((row) => (
            <li
              key={row.opdId}
              className={`dchart-row${row.agreed === row.total ? ' dchart-row-done' : ''}`}
              data-opd-id={row.opdId}
              data-agreed={row.agreed}
              data-total={row.total}
            >
              <span className="dchart-label" title={row.name}>
                {row.short}
              </span>
              <span className="dbar-track">
                <span className="dbar dbar-agreed" style={{ width: share(row.agreed, row.total) }} />
              </span>
              <span className="dbar-value">
                {t('display.chart.agreedOf', { agreed: row.agreed, total: row.total })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <p className="dpanel-page" data-testid="chart-agreed-page">
          {t('display.page', { page: page + 1, pages })}
        </p>
      )}
    </figure>
  );
}

/** Asta Cita and program prioritas Bupati as tiles: green with a count, or red "no program yet". */
export function CoverageChart({ board }: { board: BoardState }) {
  const { t } = useI18n();
  const lists = useMemo(() => COVERAGE_LIST_IDS.map((id) => ({ id, data: coverage(board, id) })), [board]);
  return (
    <figure className="dpanel dchart dchart-coverage" data-testid="chart-coverage">
      <figcaption className="dpanel-title">{t('display.chart.coverage')}</figcaption>
      {lists.map(({ id, data }) =>
        data ? (
          <CoverageGroup key={id} coverage={data} />
        ) : (
          <p key={id} className="dpanel-empty">
            {t('display.chart.noList', { list: id })}
          </p>
        ),
      )}
    </figure>
  );
}

function CoverageGroup({ coverage }: { coverage: Coverage }) {
  const { t } = useI18n();
  return (
    <div className="dcover" data-testid="coverage" data-list-id={coverage.listId}>
      <div className="dcover-head">
        <span className="dcover-title">{coverage.title}</span>
        <span className={`dcover-summary${coverage.unsupported > 0 ? ' dcover-summary-gap' : ''}`}>
          {coverage.unsupported > 0
            ? t('display.chart.unsupportedCount', { count: coverage.unsupported })
            : t('display.chart.allSupported')}
        </span>
      </div>
      <ul className="dcover-tiles">
        {coverage.items.map((item) => (
          <li
            key={item.id}
            className={`dtile${item.unsupported ? ' dtile-gap' : ''}`}
            title={item.title}
            data-testid="coverage-item"
            data-item-id={item.id}
            data-count={item.count}
            data-unsupported={item.unsupported ? 'true' : 'false'}
            aria-label={`${item.title}: ${item.unsupported ? t('display.chart.unsupported') : item.count}`}
          >
            <span className="dtile-label">{item.label}</span>
            <span className="dtile-count">{item.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { formatRupiah, formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import type { ColumnView } from './derive';

/**
 * Pagu and program count per stage as bars: the numbers a meeting compares ("how much is already
 * aligned?"). Drawn from the same filtered model as the columns; a table carries the figures for
 * screen readers.
 */
export function SummaryChart({ columns }: { columns: readonly ColumnView[] }) {
  const { t, language } = useI18n();
  const maxPagu = Math.max(1, ...columns.map((c) => c.paguTotal));
  const maxCount = Math.max(1, ...columns.map((c) => c.ids.length));
  return (
    <figure className="summary" data-testid="summary-chart">
      <figcaption>{t('summary.title')}</figcaption>
      <div className="summary-rows" aria-hidden="true">
        {columns.map((c) => (
          <div key={c.id} className="summary-row">
            <span className="summary-label" title={c.title}>
              {c.title}
            </span>
            <span className="summary-bars">
              <span className="bar bar-pagu" style={{ width: `${(c.paguTotal / maxPagu) * 100}%` }} />
              <span className="bar bar-count" style={{ width: `${(c.ids.length / maxCount) * 100}%` }} />
            </span>
            <span className="summary-value">
              {formatRupiahCompact(c.paguTotal, language)} ·{' '}
              {t('board.column.count', { count: c.ids.length })}
            </span>
          </div>
        ))}
      </div>
      <p className="summary-legend" aria-hidden="true">
        <span className="bar bar-pagu legend" /> {t('summary.pagu')} <span className="bar bar-count legend" />{' '}
        {t('summary.count')}
      </p>
      <table className="visually-hidden">
        <caption>{t('summary.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('filter.stage')}</th>
            <th scope="col">{t('summary.pagu')}</th>
            <th scope="col">{t('summary.count')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.title}</th>
              <td>{formatRupiah(c.paguTotal, language)}</td>
              <td>{c.ids.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

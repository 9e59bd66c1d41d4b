import { useMemo, useState } from 'react';
import {
  type BoardState,
  type ImportPreview,
  type PlannedRow,
  ROW_STATUSES,
  type RowStatus,
} from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { STATUS_KEYS, fieldLabel, formatValue } from './import-format';

const PAGE = 100;

/** The preview: counts, a filter by status, and every row with its status and its diff, paged. */
export function PreviewTable({ preview, board }: { preview: ImportPreview; board: BoardState | null }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<RowStatus | 'all'>(() => (preview.counts.error > 0 ? 'error' : 'all'));
  const [page, setPage] = useState(0);
  const rows = useMemo(
    () => (filter === 'all' ? preview.rows : preview.rows.filter((r) => r.status === filter)),
    [preview.rows, filter],
  );
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
  const opdName = (id: string | null) => (id ? (board?.opds[id]?.short ?? id) : '');
  const choose = (next: RowStatus | 'all') => {
    setFilter(next);
    setPage(0);
  };
  return (
    <section className="import-preview" aria-labelledby="import-preview-title" data-testid="import-preview">
      <h2 id="import-preview-title">{t('import.preview.title')}</h2>
      <p role="status" data-testid="import-counts">
        {t('import.preview.summary', { ...preview.counts })}{' '}
        {preview.counts.ignored > 0 && t('import.preview.ignored', { count: preview.counts.ignored })}
      </p>
      <p className="muted">
        {preview.layout === 'selaras-matriks' && `${t('import.preview.matrix')} `}
        {t('import.preview.meta', {
          sheet: preview.sheet,
          revision: preview.baseRevision,
          commands: preview.commands.length,
        })}
      </p>
      <fieldset className="import-filter">
        <legend>{t('import.filter.label')}</legend>
        <label className="import-filter-option">
          <input type="radio" name="status" checked={filter === 'all'} onChange={() => choose('all')} />
          {t('import.filter.all', { count: preview.counts.total })}
        </label>
        {ROW_STATUSES.map((status) => (
          <label key={status} className="import-filter-option">
            <input
              type="radio"
              name="status"
              checked={filter === status}
              onChange={() => choose(status)}
              data-testid={`filter-${status}`}
            />
            <span className={`status-chip status-${status}`}>{t(STATUS_KEYS[status])}</span> (
            {preview.counts[status]})
          </label>
        ))}
      </fieldset>
      <table className="audit-table import-table">
        <caption className="visually-hidden">{t('import.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.col.row')}</th>
            <th scope="col">{t('import.col.status')}</th>
            <th scope="col">{t('import.col.code')}</th>
            <th scope="col">{t('import.col.item')}</th>
            <th scope="col">{t('import.col.opd')}</th>
            <th scope="col">{t('import.col.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <PreviewRow key={row.row} row={row} opd={opdName(row.opdId)} />
          ))}
        </tbody>
      </table>
      {rows.length > PAGE && (
        <nav className="button-row" aria-label={t('import.table.caption')}>
          <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('import.prev')}
          </button>
          <span>
            {t('import.page', {
              from: page * PAGE + 1,
              to: Math.min(rows.length, page * PAGE + PAGE),
              total: rows.length,
            })}
          </span>
          <button
            type="button"
            className="button"
            disabled={(page + 1) * PAGE >= rows.length}
            onClick={() => setPage(page + 1)}
          >
            {t('import.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

function PreviewRow({ row, opd }: { row: PlannedRow; opd: string }) {
  const { t, pick, language } = useI18n();
  const level = row.level ? t(`import.level.${row.level}` as Parameters<typeof t>[0]) : '';
  return (
    <tr className={`import-row-${row.status}`} data-testid={`import-row-${row.row}`}>
      <td>{row.row}</td>
      <td>
        <span className={`status-chip status-${row.status}`}>{t(STATUS_KEYS[row.status])}</span>
      </td>
      <td className="code">{row.code}</td>
      <td>
        {row.title}
        {level && <span className="muted"> · {level}</span>}
      </td>
      <td>{opd}</td>
      <td>
        {row.errors.map((e, i) => (
          <p key={`e${i}`} className="import-issue error">
            {pick(e)}
          </p>
        ))}
        {row.changes.length > 0 ? (
          <ul className="import-changes">
            {row.changes.map((change, i) => (
              <li key={i}>
                <strong>{fieldLabel(change, t)}</strong>: {formatValue(change, change.before, language, t)} →{' '}
                {formatValue(change, change.after, language, t)}
              </li>
            ))}
          </ul>
        ) : (
          row.errors.length === 0 && (
            <span className="muted">{t(row.status === 'new' ? 'import.added' : 'import.noChanges')}</span>
          )
        )}
        {row.warnings.map((w, i) => (
          <p key={`w${i}`} className="import-issue warning">
            {pick(w)}
          </p>
        ))}
      </td>
    </tr>
  );
}

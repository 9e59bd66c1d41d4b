import { PLAN_YEARS, type PlanYear, type Program } from '@selaras/shared';
import { formatRupiah, formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { issuesAt, paguKey, type FieldIssue } from './editor-draft';
import { parsePagu } from './editor-numbers';
import { describedBy, errorId, FieldError, invalidProps, MeanwhileNote } from './fields';

interface PaguTableProps {
  idPrefix: string;
  /** What each year's input shows (typed or live). */
  values: Record<PlanYear, string>;
  /** The live values, for the "changed meanwhile" note. */
  latest: Record<PlanYear, string>;
  meanwhile: ReadonlySet<PlanYear>;
  issues: readonly FieldIssue[];
  onChange: (year: PlanYear, text: string) => void;
  onBlur: (year: PlanYear) => void;
  onUseLatest: (year: PlanYear) => void;
}

/** Sums the years that hold a valid amount (an invalid one is flagged at its own row). */
export function paguTotal(values: Record<PlanYear, string>): number {
  let total = 0;
  for (const year of PLAN_YEARS) {
    const value = parsePagu(values[year]);
    if (typeof value === 'number') total += value;
  }
  return total;
}

/** Pagu indikatif per plan year: typed as "1.250.000.000", read back in Rupiah, with the total. */
export function PaguTable(props: PaguTableProps) {
  const { idPrefix, values, latest, meanwhile, issues, onChange, onBlur, onUseLatest } = props;
  const { t, language } = useI18n();
  const total = paguTotal(values);
  return (
    <div className="field-group pagu">
      <table className="editor-table pagu-table">
        <caption>{t('editor.pagu')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('editor.year')}</th>
            <th scope="col">{t('editor.paguAmount')}</th>
            <th scope="col">{t('editor.paguReadAs')}</th>
          </tr>
        </thead>
        <tbody>
          {PLAN_YEARS.map((year) => {
            const inputId = `${idPrefix}-pagu-${year}`;
            const here = issuesAt(issues, paguKey(year));
            const value = parsePagu(values[year]);
            const noteId = `${inputId}-meanwhile`;
            return (
              <tr key={year}>
                <th scope="row">{year}</th>
                <td>
                  <div className="rupiah-input">
                    <span aria-hidden="true">Rp</span>
                    <input
                      id={inputId}
                      aria-label={`Pagu ${year}`}
                      inputMode="numeric"
                      autoComplete="off"
                      placeholder={t('common.notSet')}
                      value={values[year]}
                      onChange={(event) => onChange(year, event.target.value)}
                      onBlur={() => onBlur(year)}
                      aria-describedby={describedBy(
                        here.length > 0 && errorId(inputId),
                        meanwhile.has(year) && noteId,
                      )}
                      {...invalidProps(here)}
                    />
                  </div>
                  <FieldError inputId={inputId} issues={here} />
                  {meanwhile.has(year) && (
                    <MeanwhileNote
                      id={noteId}
                      latest={latest[year] ? `Rp ${latest[year]}` : t('common.notSet')}
                      onUseLatest={() => onUseLatest(year)}
                    />
                  )}
                </td>
                <td className="pagu-read">
                  {typeof value === 'number'
                    ? formatRupiahCompact(value, language)
                    : value === null
                      ? '—'
                      : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('editor.total')}</th>
            <td className="pagu-total" data-testid="pagu-total">
              {formatRupiah(total, language)}
            </td>
            <td className="pagu-read">{total > 0 ? formatRupiahCompact(total, language) : '—'}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The pagu of a card for reading only (auditor, meeting display, archived card). */
export function PaguReadOnly({ pagu }: { pagu: Program['pagu'] }) {
  const { t, language } = useI18n();
  const total = PLAN_YEARS.reduce((sum, y) => sum + (pagu[y] ?? 0), 0);
  return (
    <table className="editor-table pagu-table">
      <caption>{t('editor.pagu')}</caption>
      <tbody>
        {PLAN_YEARS.map((year) => {
          const value = pagu[year];
          return (
            <tr key={year}>
              <th scope="row">{year}</th>
              <td className={value === null || value === undefined ? 'muted' : undefined}>
                {value === null || value === undefined ? t('common.notSet') : formatRupiah(value, language)}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('editor.total')}</th>
          <td className="pagu-total">{formatRupiah(total, language)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

import { PLAN_YEARS, programPagu, type Program } from '@selaras/shared';
import { formatRupiah } from '../../format/rupiah';
import { useI18n } from '../../i18n/i18n';

/**
 * Where each year's program pagu comes from (issue 11): set by hand on the card, or the sum of its active
 * sub-kegiatan; which one counts in totals, and the difference when both exist. The shared
 * `programPagu` decides, so the board's totals, the display and the exports say the same.
 */
export function ProgramPaguSources({ program }: { program: Program }) {
  const { t, language } = useI18n();
  const pagu = programPagu(program);
  const rupiah = (value: number | null) =>
    value === null ? <span className="muted">—</span> : formatRupiah(value, language);
  return (
    <div className="table-scroll">
      <table className="editor-table pagu-sources" data-testid="pagu-sources">
        <caption>{t('pagu.source.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pagu.col.year')}</th>
            <th scope="col">{t('pagu.col.manual')}</th>
            <th scope="col">{t('pagu.col.rincian')}</th>
            <th scope="col">{t('pagu.col.used')}</th>
            <th scope="col">{t('pagu.col.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {PLAN_YEARS.map((year) => {
            const p = pagu[year];
            const difference = p.manual !== null && p.rincian !== null ? p.manual - p.rincian : null;
            return (
              <tr key={year} data-year={year} data-source={p.source}>
                <th scope="row">{year}</th>
                <td>{rupiah(p.manual)}</td>
                <td>{rupiah(p.rincian)}</td>
                <td>
                  {rupiah(p.value)}{' '}
                  <span className={`pagu-source pagu-source-${p.source}`}>
                    ({t(`pagu.source.${p.source}`)})
                  </span>
                </td>
                <td className={difference ? 'pagu-difference' : undefined}>
                  {difference === null ? (
                    <span className="muted">—</span>
                  ) : (
                    formatRupiah(difference, language)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="field-hint">{t('pagu.hint')}</p>
    </div>
  );
}

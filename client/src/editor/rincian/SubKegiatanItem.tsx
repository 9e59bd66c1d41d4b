import { useState } from 'react';
import { PLAN_YEARS, type Nomenclature, type Program, type SubKegiatan } from '@selaras/shared';
import { formatRupiahCompact } from '../../format/rupiah';
import { useI18n } from '../../i18n/i18n';
import { IndicatorsReadOnly } from '../IndicatorsEditor';
import { SubKegiatanForm } from './RincianForms';
import { ArchiveToggle, MissingCode } from './rincian-controls';

interface Props {
  program: Program;
  sub: SubKegiatan;
  editable: boolean;
  nomenclature: Nomenclature | undefined;
}

/** One sub-kegiatan: its name, pagu over the plan years, indicators, lokasi; its form and archive. */
export function SubKegiatanItem({ program, sub, editable, nomenclature }: Props) {
  const { t, language } = useI18n();
  const [editing, setEditing] = useState(false);
  const [details, setDetails] = useState(false);
  const base = `sub-${program.id}-${sub.code.replace(/\./g, '-')}`;
  const pagu = PLAN_YEARS.reduce((sum, year) => sum + (sub.pagu[year] ?? 0), 0);
  const canChange = editable && !sub.archived;

  return (
    <li
      className={`rincian-sub${sub.archived ? ' archived' : ''}`}
      data-testid="rincian-sub"
      data-code={sub.code}
      aria-labelledby={`${base}-name`}
    >
      <div className="rincian-row">
        <span id={`${base}-name`} className="rincian-name">
          <span className="card-code">{sub.code}</span> {sub.title}
        </span>
        <span className="rincian-facts muted">
          {pagu > 0
            ? t('rincian.pagu', { amount: formatRupiahCompact(pagu, language) })
            : t('rincian.noPagu')}
          {sub.indicators.length > 0 && ` · ${t('rincian.indicatorCount', { count: sub.indicators.length })}`}
          {sub.lokasi.length > 0 && ` · ${sub.lokasi.join(', ')}`}
        </span>
        {sub.archived && <span className="badge">{t('rincian.archived')}</span>}
        <MissingCode code={sub.code} nomenclature={nomenclature} />
        {canChange ? (
          <button
            type="button"
            className="button ghost small"
            aria-expanded={editing}
            aria-controls={`${base}-form`}
            aria-label={t('rincian.editNamed', { code: sub.code, title: sub.title })}
            onClick={() => setEditing((on) => !on)}
            data-testid="edit-sub"
          >
            {t('rincian.edit')}
          </button>
        ) : (
          sub.indicators.length > 0 && (
            <button
              type="button"
              className="button ghost small"
              aria-expanded={details}
              aria-controls={`${base}-details`}
              onClick={() => setDetails((on) => !on)}
            >
              {t('rincian.indicatorCount', { count: sub.indicators.length })}
            </button>
          )
        )}
        {editable && <ArchiveToggle program={program} level="subKegiatan" item={sub} />}
      </div>
      {editing && canChange && (
        <SubKegiatanForm
          id={`${base}-form`}
          program={program}
          sub={sub}
          nomenclature={nomenclature}
          onClose={() => setEditing(false)}
        />
      )}
      {details && !canChange && (
        <div id={`${base}-details`}>
          <IndicatorsReadOnly indicators={sub.indicators} />
        </div>
      )}
    </li>
  );
}

import { useState } from 'react';
import {
  kegiatanPagu,
  subKegiatanInOrder,
  PLAN_YEARS,
  type Kegiatan,
  type Nomenclature,
  type Program,
} from '@selaras/shared';
import { formatRupiahCompact } from '../../format/rupiah';
import { useI18n } from '../../i18n/i18n';
import { KegiatanForm } from './RincianForms';
import { RincianPicker } from './RincianPicker';
import { ArchiveToggle, MissingCode } from './rincian-controls';
import { SubKegiatanItem } from './SubKegiatanItem';

interface Props {
  program: Program;
  kegiatan: Kegiatan;
  editable: boolean;
  nomenclature: Nomenclature | undefined;
  showArchived: boolean;
}

/** One kegiatan: its name, counts and pagu, its form, its sub-kegiatan, and a picker for more. */
export function KegiatanItem({ program, kegiatan, editable, nomenclature, showArchived }: Props) {
  const { t, language } = useI18n();
  const [editing, setEditing] = useState(false);
  const base = `kegiatan-${program.id}-${kegiatan.code.replace(/\./g, '-')}`;
  const subs = subKegiatanInOrder(kegiatan);
  const active = subs.filter((s) => !s.archived);
  const shown = showArchived ? subs : active;
  const pagu = PLAN_YEARS.reduce((sum, year) => sum + (kegiatanPagu(kegiatan, year) ?? 0), 0);
  const canChange = editable && !kegiatan.archived;

  return (
    <li
      className={`rincian-kegiatan${kegiatan.archived ? ' archived' : ''}`}
      data-testid="rincian-kegiatan"
      data-code={kegiatan.code}
      aria-labelledby={`${base}-name`}
    >
      <div className="rincian-row">
        <h4 id={`${base}-name`} className="rincian-name">
          <span className="card-code">{kegiatan.code}</span> {kegiatan.title}
        </h4>
        <span className="rincian-facts muted">
          {t('rincian.subCount', { count: active.length })} ·{' '}
          {pagu > 0
            ? t('rincian.pagu', { amount: formatRupiahCompact(pagu, language) })
            : t('rincian.noPagu')}
          {kegiatan.indicators.length > 0 &&
            ` · ${t('rincian.indicatorCount', { count: kegiatan.indicators.length })}`}
        </span>
        {kegiatan.archived && <span className="badge">{t('rincian.archived')}</span>}
        <MissingCode code={kegiatan.code} nomenclature={nomenclature} />
        {canChange && (
          <button
            type="button"
            className="button ghost small"
            aria-expanded={editing}
            aria-controls={`${base}-form`}
            aria-label={t('rincian.editNamed', { code: kegiatan.code, title: kegiatan.title })}
            onClick={() => setEditing((on) => !on)}
          >
            {t('rincian.edit')}
          </button>
        )}
        {editable && <ArchiveToggle program={program} level="kegiatan" item={kegiatan} />}
      </div>
      {editing && canChange && (
        <KegiatanForm
          id={`${base}-form`}
          program={program}
          kegiatan={kegiatan}
          onClose={() => setEditing(false)}
        />
      )}
      {!editing && kegiatan.notes.trim() && <p className="rincian-notes">{kegiatan.notes}</p>}
      {shown.length > 0 && !kegiatan.archived && (
        <ul className="rincian-subs" aria-labelledby={`${base}-name`}>
          {shown.map((sub) => (
            <SubKegiatanItem
              key={sub.code}
              program={program}
              sub={sub}
              editable={canChange}
              nomenclature={nomenclature}
            />
          ))}
        </ul>
      )}
      {canChange && nomenclature && (
        <RincianPicker
          program={program}
          level="subKegiatan"
          under={kegiatan.code}
          existing={subs.map((s) => s.code)}
          nomenclature={nomenclature}
        />
      )}
    </li>
  );
}

import '../../nomenclature/rincian.css';
import { memo, useState } from 'react';
import {
  kegiatanInOrder,
  programPagu,
  rincianCounts,
  PLAN_YEARS,
  type Nomenclature,
  type Program,
} from '@selaras/shared';
import { formatRupiahCompact } from '../../format/rupiah';
import { useI18n } from '../../i18n/i18n';
import type { ConnectionSnapshot } from '../../sync/board-connection';
import { useBoardSelector } from '../../sync/use-connection';
import { boardNomenclature } from '../editor-codes';
import { KegiatanItem } from './KegiatanItem';
import { ProgramPaguSources } from './ProgramPaguSources';
import { RincianPicker } from './RincianPicker';

const selectVersion = (s: ConnectionSnapshot) => s.view?.nomenclatureVersion;

/**
 * A program's kegiatan and their sub-kegiatan in the card editor: a nested list in code order, each
 * item with its counts and pagu, its form (Ubah), archive and restore; pickers that search the
 * nomenclature under the program or kegiatan add new ones. Read-only for those who may not change the
 * program (and at a revision in the past): the same tree without the controls. Memoised: typing in the
 * program's own fields above does not re-render the tree.
 */
export const RincianSection = memo(function RincianSection({
  program,
  editable,
}: {
  program: Program;
  editable: boolean;
}) {
  const { t, language } = useI18n();
  const version = useBoardSelector(selectVersion);
  const nomenclature: Nomenclature | undefined = boardNomenclature(version);
  const [showArchived, setShowArchived] = useState(false);
  const id = `rincian-${program.id}`;
  const counts = rincianCounts(program);
  const all = kegiatanInOrder(program);
  const archivedCount = all.filter((k) => k.archived).length;
  const shown = showArchived ? all : all.filter((k) => !k.archived);
  const perYear = programPagu(program);
  const sum = PLAN_YEARS.reduce((total, y) => total + (perYear[y].rincian ?? 0), 0);

  return (
    <section className="field-group rincian" aria-labelledby={`${id}-title`} data-testid="rincian">
      <h3 id={`${id}-title`}>{t('rincian.title')}</h3>
      <p className="rincian-summary" data-testid="rincian-summary">
        {t('rincian.summary', {
          kegiatan: counts.kegiatan,
          sub: counts.subKegiatan,
          pagu: sum > 0 ? formatRupiahCompact(sum, language) : '—',
        })}
      </p>
      {PLAN_YEARS.some((y) => perYear[y].value !== null) && <ProgramPaguSources program={program} />}
      {shown.length === 0 ? (
        <p className="muted">{editable ? t('rincian.none') : t('rincian.readOnlyNone')}</p>
      ) : (
        <ul className="rincian-tree" aria-labelledby={`${id}-title`}>
          {shown.map((kegiatan) => (
            <KegiatanItem
              key={kegiatan.code}
              program={program}
              kegiatan={kegiatan}
              editable={editable}
              nomenclature={nomenclature}
              showArchived={showArchived}
            />
          ))}
        </ul>
      )}
      {archivedCount > 0 && (
        <button
          type="button"
          className="button ghost small"
          aria-pressed={showArchived}
          onClick={() => setShowArchived((on) => !on)}
        >
          {showArchived ? t('rincian.hideArchived') : t('rincian.showArchived', { count: archivedCount })}
        </button>
      )}
      {editable && nomenclature && (
        <RincianPicker
          program={program}
          level="kegiatan"
          under={program.code}
          existing={all.map((k) => k.code)}
          nomenclature={nomenclature}
        />
      )}
    </section>
  );
});

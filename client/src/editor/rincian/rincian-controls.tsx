import type { Kegiatan, Nomenclature, Program, SubKegiatan } from '@selaras/shared';
import { useBoardUi } from '../../board/board-context';
import { useI18n } from '../../i18n/i18n';
import { useConnection } from '../../sync/use-connection';

/**
 * Archive or restore one kegiatan or sub-kegiatan. One button whose words change, so the focus stays
 * on it after the click and a screen reader hears the new state.
 */
export function ArchiveToggle({
  program,
  level,
  item,
}: {
  program: Program;
  level: 'kegiatan' | 'subKegiatan';
  item: Kegiatan | SubKegiatan;
}) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const named = { code: item.code, title: item.title };
  const toggle = () => {
    const programId = program.id;
    const code = item.code;
    const result =
      level === 'kegiatan'
        ? item.archived
          ? connection.dispatch('UnarchiveKegiatan', { programId, code })
          : connection.dispatch('ArchiveKegiatan', { programId, code })
        : item.archived
          ? connection.dispatch('UnarchiveSubKegiatan', { programId, code })
          : connection.dispatch('ArchiveSubKegiatan', { programId, code });
    ui.announce(
      result.ok
        ? t(item.archived ? 'rincian.restoredDone' : 'rincian.archivedDone', { code })
        : pick(result.error),
    );
  };
  return (
    <button
      type="button"
      className={`button ghost small${item.archived ? '' : ' danger'}`}
      aria-label={t(item.archived ? 'rincian.restoreNamed' : 'rincian.archiveNamed', named)}
      onClick={toggle}
    >
      {t(item.archived ? 'rincian.restore' : 'rincian.archive')}
    </button>
  );
}

/** Marks a code the board's nomenclature version no longer has (after the board moved to another). */
export function MissingCode({
  code,
  nomenclature,
}: {
  code: string;
  nomenclature: Nomenclature | undefined;
}) {
  const { t } = useI18n();
  if (!nomenclature || nomenclature.entries.has(code)) return null;
  return (
    <span className="badge badge-warning" data-testid="missing-code">
      {t('rincian.missingCode', { version: nomenclature.version })}
    </span>
  );
}

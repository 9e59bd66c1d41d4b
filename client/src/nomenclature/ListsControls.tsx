import { useState } from 'react';
import type { BoardState } from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { useI18n } from '../i18n/i18n';
import { ChangeNomenclatureDialog } from './ChangeNomenclatureDialog';
import { OpdBidangDialog } from './OpdBidangDialog';

/** The secretariat's board settings for issue 11: the OPD ↔ bidang mapping and the nomenclature version. */
export function ListsControls({ board }: { board: BoardState }) {
  const { t } = useI18n();
  const ui = useBoardUi();
  const [open, setOpen] = useState<'bidang' | 'nomenclature' | null>(null);
  if (ui.session.user.role !== 'sekretariat' || !ui.canEdit) return null;
  return (
    <>
      <button
        type="button"
        className="button ghost"
        onClick={() => setOpen('bidang')}
        data-testid="open-opd-bidang"
      >
        {t('bidang.open')}
      </button>
      <button
        type="button"
        className="button ghost"
        onClick={() => setOpen('nomenclature')}
        data-testid="open-nomenclature"
      >
        {t('nomen.open')}
      </button>
      {open === 'bidang' && <OpdBidangDialog board={board} onClose={() => setOpen(null)} />}
      {open === 'nomenclature' && <ChangeNomenclatureDialog board={board} onClose={() => setOpen(null)} />}
    </>
  );
}

import { outsideBidang } from '@selaras/shared';
import { isKnownCode, boardNomenclature } from '../editor/editor-codes';
import { useI18n } from '../i18n/i18n';
import { useBoardSelector } from '../sync/use-connection';

/**
 * Said while the person chooses, before anything is sent: a program code outside the bidang urusan its
 * OPD is mapped to. A warning, not a refusal; the shared `outsideBidang` is the rule the server's
 * command response repeats. A polite live region, so a screen reader hears it when it appears.
 */
export function BidangWarning({ id, code, opdId }: { id: string; code: string; opdId: string }) {
  const { t, pick } = useI18n();
  const board = useBoardSelector((s) => s.view);
  const known = board ? isKnownCode(boardNomenclature(board.nomenclatureVersion), code) : false;
  const warnings = board && known && opdId ? outsideBidang(board, code.trim(), opdId) : [];
  return (
    <div id={id} role="status" aria-live="polite" data-testid="bidang-warning">
      {warnings.map((warning) => (
        <p key={warning.code} className="warning-box">
          <strong>{t('warning.title')}:</strong> {pick(warning)}
        </p>
      ))}
    </div>
  );
}

import type { ImportPreview } from '@selaras/shared';
import { boardPath, navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';

/** Under the preview: skip the error rows (when there are some), confirm; nothing to do otherwise. */
export function ConfirmBar({
  preview,
  skipErrors,
  onSkipErrors,
  onConfirm,
}: {
  preview: ImportPreview;
  skipErrors: boolean;
  onSkipErrors: (skip: boolean) => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const errors = preview.counts.error;
  if (preview.commands.length === 0)
    return (
      <p className="import-done" role="status">
        {t('import.nothing')}
      </p>
    );
  return (
    <div className="import-confirm">
      {errors > 0 && (
        <label className="import-skip">
          <input
            type="checkbox"
            checked={skipErrors}
            onChange={(e) => onSkipErrors(e.currentTarget.checked)}
            data-testid="import-skip"
          />
          {t('import.skipErrors', { count: errors })}
        </label>
      )}
      <button
        type="button"
        className="button primary"
        disabled={errors > 0 && !skipErrors}
        onClick={onConfirm}
        data-testid="import-confirm"
      >
        {t('import.confirm', { commands: preview.commands.length })}
      </button>
    </div>
  );
}

/** After a result or a refusal: preview the same file again, another file, back to the board. */
export function Actions({
  boardId,
  onAgain,
  onAnother,
}: {
  boardId: string;
  onAgain: () => void;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      <button type="button" className="button" onClick={onAgain} data-testid="import-again">
        {t('import.again')}
      </button>
      <button type="button" className="button" onClick={onAnother}>
        {t('import.another')}
      </button>
      <a
        className="button primary"
        href={boardPath(boardId)}
        onClick={(e) => {
          e.preventDefault();
          navigate(boardPath(boardId));
        }}
      >
        {t('import.backToBoard')}
      </a>
    </div>
  );
}

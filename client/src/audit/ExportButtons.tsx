import { useState } from 'react';
import { HttpError } from '../api/http';
import type { Session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-id';
import { auditApi } from './audit-api';
import { download } from './download';

export interface ExportChoice {
  label: MessageKey;
  name: string;
  params?: Record<string, string | number | undefined>;
}

/** Export buttons with progress: a long history streams for a while, and the person sees it move. */
export function ExportButtons({
  boardId,
  session,
  choices,
}: {
  boardId: string;
  session: Session;
  choices: ExportChoice[];
}) {
  const { t, pick } = useI18n();
  const [status, setStatus] = useState<{ text: string; value: number | null } | null>(null);
  const start = async (choice: ExportChoice) => {
    const label = t(choice.label);
    setStatus({ text: t('audit.export.progress', { name: label, percent: 0 }), value: null });
    try {
      await download(
        auditApi.exportUrl(boardId, choice.name, choice.params),
        session.token,
        choice.name,
        (fraction) =>
          setStatus({
            text: t('audit.export.progress', {
              name: label,
              percent: fraction === null ? '…' : Math.round(fraction * 100),
            }),
            value: fraction,
          }),
      );
      setStatus({ text: t('audit.export.done', { name: label }), value: 1 });
    } catch (error) {
      const message = error instanceof HttpError ? pick(error.body) : (error as Error).message;
      setStatus({ text: t('audit.export.failed', { message }), value: null });
    }
  };
  return (
    <div className="audit-actions">
      <span>{t('audit.export')}:</span>
      {choices.map((choice) => (
        <button
          key={choice.name}
          type="button"
          className="button"
          onClick={() => void start(choice)}
          data-testid={`export-${choice.name}`}
        >
          {t(choice.label)}
        </button>
      ))}
      {status && (
        <span role="status" className="export-status">
          {status.value !== 1 && (
            <progress max={1} {...(status.value === null ? {} : { value: status.value })} />
          )}{' '}
          {status.text}
        </span>
      )}
    </div>
  );
}

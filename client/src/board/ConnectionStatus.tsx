import { useI18n } from '../i18n/i18n';
import { useBoardSelector } from '../sync/use-connection';

/** Online / reconnecting / offline at a glance, with how many changes still wait for the server. */
export function ConnectionStatus() {
  const { t } = useI18n();
  const status = useBoardSelector((s) => s.status);
  const pending = useBoardSelector((s) => s.pending.filter((p) => p.status !== 'conflict').length);
  const conflicts = useBoardSelector((s) => s.pending.filter((p) => p.status === 'conflict').length);
  return (
    <div
      className={`connection connection-${status}`}
      role="status"
      data-testid="connection"
      data-status={status}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>{t(`status.${status}`)}</span>
      <span className="connection-pending" data-testid="pending-count" data-count={pending}>
        {pending > 0 ? t('status.pending', { count: pending }) : conflicts === 0 ? t('status.allSaved') : ''}
      </span>
      {conflicts > 0 && (
        <span className="connection-conflicts">{t('status.conflicts', { count: conflicts })}</span>
      )}
    </div>
  );
}

import { useI18n } from '../i18n/i18n';
import { useBoardSelector, useConnection } from '../sync/use-connection';

/** Refusals and warnings from the server, in the person's language, until dismissed. */
export function Notices() {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const notices = useBoardSelector((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert" data-testid="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`}>
          <span>{t('notice.rejected', { message: pick(n) })}</span>
          <button type="button" className="button ghost" onClick={() => connection.dismissNotice(n.id)}>
            {t('notice.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}

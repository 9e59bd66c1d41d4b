import { useI18n } from '../i18n/i18n';
import { useBoardSelector } from '../sync/use-connection';
import { useBoardUi } from './board-context';
import { initials } from './Card';

/** Who is on the board now, and which card each has open. Ephemeral: never stored. */
export function Presence() {
  const { t } = useI18n();
  const { session } = useBoardUi();
  const members = useBoardSelector((s) => s.presence);
  const programs = useBoardSelector((s) => s.view?.programs);
  return (
    <div className="presence" role="group" aria-label={t('presence.title')} data-testid="presence">
      <span className="visually-hidden">{t('presence.count', { count: members.length })}</span>
      <ul>
        {members.map((m) => {
          const open = m.openProgramId && programs?.[m.openProgramId];
          const self = m.userId === session.user.id;
          const text = `${m.name}${self ? ` ${t('presence.you')}` : ''}${open ? ` — ${t('presence.openCard', { code: open.code })}` : ''}`;
          return (
            <li key={m.userId} className="presence-member" title={text} data-user-id={m.userId}>
              <span className={`avatar role-${m.role}${self ? ' avatar-self' : ''}`} aria-hidden="true">
                {initials(m.name)}
              </span>
              <span className="visually-hidden">{text}</span>
              {open && (
                <span className="presence-open" aria-hidden="true">
                  {open.code}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

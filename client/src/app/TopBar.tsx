import type { Session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { navigate } from './router';

export function TopBar({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t('app.skipToBoard')}
      </a>
      <a
        className="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        <img src="/favicon.svg" alt="" width="24" height="24" />
        {t('app.name')}
      </a>
      <nav aria-label={t('nav.boards')} className="topbar-nav">
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('nav.boards')}
        </a>
        {session.user.role === 'sekretariat' && (
          <a
            href="/akun"
            onClick={(e) => {
              e.preventDefault();
              navigate('/akun');
            }}
          >
            {t('accounts.nav')}
          </a>
        )}
      </nav>
      <div className="topbar-end">
        <LanguageSwitch />
        <span className="who" data-testid="current-user">
          {t('nav.signedInAs', { name: session.user.name })} · {t(`role.${session.user.role}`)}
        </span>
        <button type="button" className="button ghost" onClick={onSignOut}>
          {t('nav.logout')}
        </button>
      </div>
    </header>
  );
}

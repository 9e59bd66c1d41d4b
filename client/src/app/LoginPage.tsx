import { useEffect, useState, type FormEvent } from 'react';
import type { DemoAccount, HealthResponse } from '@selaras/shared';
import { api, HttpError } from '../api/http';
import { login, type Session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void | Promise<void> }) {
  const { t, pick } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<DemoAccount[]>([]);

  useEffect(() => {
    // Demo accounts exist in demo mode only, and are given to a browser on the server machine only
    // (403 from elsewhere): the health check says whether to ask at all.
    api<HealthResponse>('/api/health')
      .then((health) => (health.demo ? api<DemoAccount[]>('/api/auth/demo-accounts') : []))
      .then((accounts) => setDemo(Array.isArray(accounts) ? accounts : []))
      .catch(() => setDemo([]));
  }, []);

  const submit = async (event?: FormEvent, as?: DemoAccount) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignedIn(await login(as?.username ?? username, as?.password ?? password));
    } catch (e) {
      setError(
        e instanceof HttpError ? pick(e.body) : t('board.loadFailed', { message: (e as Error).message }),
      );
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-card">
        <div className="login-head">
          <h1>
            <img src="/favicon.svg" alt="" width="32" height="32" /> {t('app.name')}
          </h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
          <h2 id="login-title">{t('login.title')}</h2>
          <label>
            {t('login.username')}
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label>
            {t('login.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {t('login.failed')}: {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        {demo.length > 0 && (
          <section className="demo-accounts" aria-labelledby="demo-title">
            <h2 id="demo-title">{t('login.demoTitle')}</h2>
            <p className="muted">{t('login.demoHint', { password: demo[0]!.password })}</p>
            <ul>
              {demo.map((account) => (
                <li key={account.username}>
                  {/* The name is the visible text ("Masuk sebagai" is for screen readers): a
                      person using voice control says what they see. */}
                  <button
                    type="button"
                    className="button demo-account"
                    disabled={busy}
                    onClick={() => void submit(undefined, account)}
                  >
                    <span className="visually-hidden">{t('login.useAccount')} </span>
                    <strong>{account.name}</strong>
                    <span>{account.username}</span>
                    <span className="muted">{t(`role.${account.role}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}

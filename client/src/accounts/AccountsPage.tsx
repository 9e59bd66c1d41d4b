import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROLES, type AccountSummary, type BoardSummary, type DisplayLink, type Role } from '@selaras/shared';
import { api, HttpError } from '../api/http';
import type { Session } from '../api/session';
import { formatWib } from '../audit/describe-event';
import { useI18n } from '../i18n/i18n';

type Status = { kind: 'ok' | 'error'; text: string } | null;

/**
 * The secretariat's accounts page: create accounts, change roles and OPDs, disable, reset passwords,
 * end sessions; and the projector's display links (create, copy once, revoke).
 */
export function AccountsPage({ session, onUnauthorized }: { session: Session; onUnauthorized: () => void }) {
  const { t, pick, language } = useI18n();
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [links, setLinks] = useState<DisplayLink[]>([]);
  const [boards, setBoards] = useState<BoardSummary[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [newLink, setNewLink] = useState<string | null>(null);

  const call = useCallback(
    async <T,>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | undefined> => {
      try {
        return await api<T>(path, { method, body, token: session.token });
      } catch (error) {
        if (error instanceof HttpError && error.status === 401) onUnauthorized();
        setStatus({
          kind: 'error',
          text: error instanceof HttpError ? pick(error.body) : (error as Error).message,
        });
        return undefined;
      }
    },
    [session.token, onUnauthorized, pick],
  );

  const reload = useCallback(async () => {
    setAccounts((await call<AccountSummary[]>('GET', '/api/accounts')) ?? []);
    setLinks((await call<DisplayLink[]>('GET', '/api/display-links')) ?? []);
  }, [call]);

  useEffect(() => {
    void reload();
    void call<BoardSummary[]>('GET', '/api/boards').then((b) => setBoards(b ?? []));
  }, [reload, call]);

  const done = async (text: string) => {
    setStatus({ kind: 'ok', text });
    await reload();
  };

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const created = await call('POST', '/api/accounts', { ...data, opdId: data.opdId || null });
    if (created) {
      form.reset();
      await done(t('accounts.created', { username: data.username ?? '' }));
    }
  };

  const createLink = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const made = await call<{ path: string }>('POST', '/api/display-links', data);
    if (made) {
      setNewLink(`${location.origin}${made.path}`);
      await done(t('links.created'));
    }
  };

  return (
    <main className="audit-page accounts-page" id="main">
      <h1>{t('accounts.title')}</h1>
      <p className="muted">{t('accounts.intro')}</p>
      {status && (
        <p
          role={status.kind === 'error' ? 'alert' : 'status'}
          className={status.kind === 'error' ? 'error' : 'ok'}
        >
          {status.text}
        </p>
      )}
      <section className="compare-section">
        <h2>{t('accounts.list', { count: accounts?.length ?? 0 })}</h2>
        {accounts && accounts.length > 0 && (
          <table className="audit-table" data-testid="accounts-table">
            <thead>
              <tr>
                {(['username', 'name', 'role', 'opd', 'status', 'actions'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`accounts.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <AccountRow
                  key={a.userId}
                  account={a}
                  call={call}
                  onDone={done}
                  self={a.userId === session.user.id}
                />
              ))}
            </tbody>
          </table>
        )}
        <form className="audit-filters" onSubmit={(e) => void create(e)} aria-label={t('accounts.create')}>
          <label>
            {t('accounts.col.username')}
            <input name="username" required pattern="[a-z0-9][a-z0-9._\-]{2,39}" autoComplete="off" />
          </label>
          <label>
            {t('accounts.col.name')}
            <input name="name" required minLength={3} />
          </label>
          <RoleSelect name="role" />
          <label>
            {t('accounts.col.opd')}
            <input name="opdId" placeholder="dinkes" />
          </label>
          <label>
            {t('accounts.password')}
            <input name="password" type="password" required minLength={10} autoComplete="new-password" />
          </label>
          <button type="submit" className="button primary">
            {t('accounts.create')}
          </button>
        </form>
      </section>
      <section className="compare-section">
        <h2>{t('links.title')}</h2>
        <p className="muted">{t('links.intro')}</p>
        {newLink && (
          <p className="new-link" data-testid="new-display-link">
            <code>{newLink}</code>{' '}
            <button
              type="button"
              className="button"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(newLink)
                  .then(() => setStatus({ kind: 'ok', text: t('links.copied') }))
              }
            >
              {t('links.copy')}
            </button>
          </p>
        )}
        {links.length === 0 ? (
          <p>{t('links.none')}</p>
        ) : (
          <ul>
            {links.map((l) => (
              <li key={l.linkId}>
                <strong>{l.label}</strong> · {l.boardId} · {formatWib(l.createdAt, language)}{' '}
                {l.revokedAt ? (
                  <span className="muted">
                    {t('links.revoked', { time: formatWib(l.revokedAt, language) })}
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button danger"
                    onClick={() =>
                      void call('POST', `/api/display-links/${l.linkId}/revoke`).then(() =>
                        done(t('accounts.done')),
                      )
                    }
                  >
                    {t('links.revoke')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <form className="audit-filters" onSubmit={(e) => void createLink(e)} aria-label={t('links.create')}>
          <label>
            {t('links.board')}
            <select name="boardId" required>
              {boards.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('links.label')}
            <input name="label" required defaultValue="Layar ruang rapat" />
          </label>
          <button type="submit" className="button primary">
            {t('links.create')}
          </button>
        </form>
      </section>
    </main>
  );
}

function RoleSelect({
  name,
  value,
  onChange,
}: {
  name: string;
  value?: Role;
  onChange?: (role: Role) => void;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t('accounts.col.role')}
      <select
        name={name}
        {...(value
          ? { value, onChange: (e) => onChange?.(e.target.value as Role) }
          : { defaultValue: 'opd' })}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function AccountRow({
  account,
  call,
  onDone,
  self,
}: {
  account: AccountSummary;
  call: <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T | undefined>;
  onDone: (text: string) => Promise<void>;
  self: boolean;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState<Role>(account.role);
  const [opdId, setOpdId] = useState(account.opdId ?? '');
  const path = `/api/accounts/${account.userId}`;
  const act = async (suffix: string, body?: unknown) => {
    const ok = await call<unknown>('POST', `${path}${suffix}`, body);
    if (ok !== undefined || suffix) await onDone(t('accounts.saved', { username: account.username }));
  };
  return (
    <tr data-username={account.username}>
      <td>{account.username}</td>
      <td>{account.name}</td>
      <td>
        <RoleSelect name={`role-${account.userId}`} value={role} onChange={setRole} />
      </td>
      <td>
        <input
          aria-label={t('accounts.col.opd')}
          value={opdId}
          onChange={(e) => setOpdId(e.target.value)}
          size={10}
        />
      </td>
      <td>{account.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
      <td className="button-row">
        <button type="button" className="button" onClick={() => void act('', { role, opdId: opdId || null })}>
          {t('accounts.save')}
        </button>
        {!self &&
          (account.disabled ? (
            <button type="button" className="button" onClick={() => void act('/enable')}>
              {t('accounts.enable')}
            </button>
          ) : (
            <button
              type="button"
              className="button danger"
              onClick={() => void act('/disable', { reason: '' })}
            >
              {t('accounts.disable')}
            </button>
          ))}
        <button
          type="button"
          className="button"
          onClick={() => {
            // One's own password needs the current one (the server checks it): a borrowed session
            // must not take the account over.
            const currentPassword = self ? window.prompt(t('accounts.currentPassword')) : undefined;
            if (self && !currentPassword) return;
            const password = window.prompt(t('accounts.newPassword', { username: account.username }));
            if (password) void act('/password', { password, ...(self && { currentPassword }) });
          }}
        >
          {t('accounts.resetPassword')}
        </button>
        <button type="button" className="button ghost" onClick={() => void act('/revoke-sessions')}>
          {t('accounts.revokeSessions')}
        </button>
      </td>
    </tr>
  );
}

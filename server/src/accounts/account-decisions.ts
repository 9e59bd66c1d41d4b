import { randomUUID } from 'node:crypto';
import type { AccountEvent, AccountsState, Actor, Role } from '@selaras/shared';
import { ApiError } from '../http/api-error';

/**
 * The rules for accounts, as functions of the folded accounts state: each returns the events to
 * append or throws an ApiError a person can read. Only the secretariat manages accounts; anyone may
 * change their own password or end their own sessions. `system` is the user CLI on the server machine.
 */
export type AccountActor = Actor | { id: 'system'; name: string; role: 'sekretariat'; opdId: null };

/** The server machine itself: the user CLI, backups and upgrades. */
export const SYSTEM_ACTOR: AccountActor = {
  id: 'system',
  name: 'Administrator server (CLI)',
  role: 'sekretariat',
  opdId: null,
};

export function requireSecretariat(actor: AccountActor): void {
  if (actor.role !== 'sekretariat')
    throw ApiError.forbidden(
      'Hanya sekretariat (Bappeda) yang dapat mengelola akun.',
      'Only the secretariat (Bappeda) can manage accounts.',
    );
}

export function createAccount(
  state: AccountsState,
  input: { username: string; name: string; role: Role; opdId: string | null },
): AccountEvent[] {
  if (Object.hasOwn(state.byUsername, input.username.toLowerCase()))
    throw ApiError.conflict(
      `Nama pengguna "${input.username}" sudah dipakai.`,
      `The username "${input.username}" is taken.`,
    );
  const userId = `u-${randomUUID()}`;
  // Field by field, never a spread of the input: the request that creates an account also carries its
  // password, which must not reach the immutable log.
  const { name, role, opdId } = input;
  return [
    { type: 'AccountCreated', data: { userId, username: input.username.toLowerCase(), name, role, opdId } },
    { type: 'PasswordSet', data: { userId } },
  ];
}

export function accountOf(state: AccountsState, userId: string) {
  const account = Object.hasOwn(state.accounts, userId) ? state.accounts[userId] : undefined;
  if (!account) throw ApiError.notFound('Akun tidak ditemukan.', 'No such account.');
  return account;
}

export function changeAccount(
  state: AccountsState,
  actor: AccountActor,
  userId: string,
  patch: { name?: string; role?: Role; opdId?: string | null },
): AccountEvent[] {
  const account = accountOf(state, userId);
  const role = patch.role ?? account.role;
  const opdId = patch.opdId === undefined ? account.opdId : patch.opdId;
  if (role === 'opd' && !opdId)
    throw ApiError.validation([
      {
        path: 'opdId',
        code: 'custom',
        message: 'Akun OPD harus punya OPD.',
        messageEn: 'An OPD account needs an OPD.',
      },
    ]);
  if (actor.id === userId && role !== 'sekretariat')
    throw ApiError.forbidden(
      'Anda tidak dapat mencabut peran sekretariat Anda sendiri; minta sekretariat lain.',
      'You cannot take away your own secretariat role; ask another secretariat.',
    );
  const data: { userId: string; name?: string; role?: Role; opdId?: string | null } = { userId };
  if (patch.name !== undefined && patch.name !== account.name) data.name = patch.name;
  if (role !== account.role) data.role = role;
  if (opdId !== account.opdId) data.opdId = opdId;
  return Object.keys(data).length > 1 ? [{ type: 'AccountChanged', data }] : [];
}

export function disableAccount(
  state: AccountsState,
  actor: AccountActor,
  userId: string,
  reason: string,
): AccountEvent[] {
  const account = accountOf(state, userId);
  if (actor.id === userId)
    throw ApiError.forbidden(
      'Anda tidak dapat menonaktifkan akun Anda sendiri.',
      'You cannot disable your own account.',
    );
  return account.disabled ? [] : [{ type: 'AccountDisabled', data: { userId, reason } }];
}

export function enableAccount(state: AccountsState, userId: string): AccountEvent[] {
  return accountOf(state, userId).disabled ? [{ type: 'AccountEnabled', data: { userId } }] : [];
}

export function createDisplayLink(boardId: string, label: string): AccountEvent[] {
  return [{ type: 'DisplayLinkCreated', data: { linkId: `l-${randomUUID()}`, boardId, label } }];
}

export function revokeDisplayLink(state: AccountsState, linkId: string): AccountEvent[] {
  const link = Object.hasOwn(state.displayLinks, linkId) ? state.displayLinks[linkId] : undefined;
  if (!link) throw ApiError.notFound('Tautan layar tidak ditemukan.', 'No such display link.');
  return link.revokedAt ? [] : [{ type: 'DisplayLinkRevoked', data: { linkId } }];
}

import { z } from 'zod';
import { idSchema } from './domain/commands';
import { ROLES, type Actor, type Role } from './domain/types';
import { say } from './validation';

/**
 * Accounts as events (issue 5): who granted what is part of the audit. Password hashes are NOT here:
 * they live in the credentials store (mutable, so they can be rotated and erased); the events only say
 * a password was set. One stream for the whole installation: `selaras-accounts`. Every server instance
 * follows it, so a change made on one (or by the user CLI) takes effect on all.
 */
export const ACCOUNTS_STREAM = 'selaras-accounts';

export type AccountEvent =
  | {
      type: 'AccountCreated';
      data: { userId: string; username: string; name: string; role: Role; opdId: string | null };
    }
  | { type: 'AccountChanged'; data: { userId: string; name?: string; role?: Role; opdId?: string | null } }
  | { type: 'AccountDisabled'; data: { userId: string; reason: string } }
  | { type: 'AccountEnabled'; data: { userId: string } }
  | { type: 'PasswordSet'; data: { userId: string } }
  | { type: 'SessionsRevoked'; data: { userId: string } }
  /** One session logged out: its token (by its session id) is refused until it would have expired. */
  | { type: 'SessionEnded'; data: { userId: string; sessionId: string; until: string } }
  | { type: 'DisplayLinkCreated'; data: { linkId: string; boardId: string; label: string } }
  | { type: 'DisplayLinkRevoked'; data: { linkId: string } };

export interface AccountEventMeta {
  actor: Actor;
  at: string;
}

export interface Account {
  userId: string;
  username: string;
  name: string;
  role: Role;
  opdId: string | null;
  disabled: boolean;
  /** Bumped by a password change, a disable or "log out everywhere": older tokens stop working. */
  sessionEpoch: number;
  createdAt: string;
  createdBy: Actor;
}

export interface DisplayLink {
  linkId: string;
  boardId: string;
  label: string;
  createdAt: string;
  createdBy: Actor;
  revokedAt: string | null;
}

export interface AccountsState {
  accounts: Record<string, Account>;
  /** username (lower case) → userId */
  byUsername: Record<string, string>;
  displayLinks: Record<string, DisplayLink>;
  /** Logged-out session ids → when their token expires (ms); pruned as the stream's time passes it. */
  endedSessions: Record<string, number>;
}

export const emptyAccounts = (): AccountsState => ({
  accounts: {},
  byUsername: {},
  displayLinks: {},
  endedSessions: {},
});

/** Folds one account event in place (the server owns its copy). */
export function applyAccountEvent(
  state: AccountsState,
  event: AccountEvent,
  meta: AccountEventMeta,
): AccountsState {
  switch (event.type) {
    case 'AccountCreated': {
      const { userId, username, name, role, opdId } = event.data;
      state.accounts[userId] = {
        userId,
        username,
        name,
        role,
        opdId,
        disabled: false,
        sessionEpoch: 0,
        createdAt: meta.at,
        createdBy: meta.actor,
      };
      state.byUsername[username.toLowerCase()] = userId;
      return state;
    }
    case 'AccountChanged': {
      const account = state.accounts[event.data.userId];
      if (!account) return state;
      const { name, role, opdId } = event.data;
      if (name !== undefined) account.name = name;
      if (role !== undefined) account.role = role;
      if (opdId !== undefined) account.opdId = opdId;
      // A changed role or OPD must not ride on tokens issued for the old one.
      if (role !== undefined || opdId !== undefined) account.sessionEpoch++;
      return state;
    }
    case 'AccountDisabled': {
      const account = state.accounts[event.data.userId];
      if (account) {
        account.disabled = true;
        account.sessionEpoch++;
      }
      return state;
    }
    case 'AccountEnabled': {
      const account = state.accounts[event.data.userId];
      if (account) account.disabled = false;
      return state;
    }
    case 'PasswordSet':
    case 'SessionsRevoked': {
      const account = state.accounts[event.data.userId];
      if (account) account.sessionEpoch++;
      return state;
    }
    case 'DisplayLinkCreated': {
      const { linkId, boardId, label } = event.data;
      state.displayLinks[linkId] = {
        linkId,
        boardId,
        label,
        createdAt: meta.at,
        createdBy: meta.actor,
        revokedAt: null,
      };
      return state;
    }
    case 'DisplayLinkRevoked': {
      const link = state.displayLinks[event.data.linkId];
      if (link && !link.revokedAt) link.revokedAt = meta.at;
      return state;
    }
    case 'SessionEnded': {
      // Sessions whose tokens have expired by this event's time need no entry: the token is refused
      // anyway. Pruning by the event's own time keeps the fold deterministic and the map small.
      const now = Date.parse(meta.at);
      for (const [sessionId, until] of Object.entries(state.endedSessions))
        if (until <= now) delete state.endedSessions[sessionId];
      const until = Date.parse(event.data.until);
      if (Number.isFinite(until) && until > now) state.endedSessions[event.data.sessionId] = until;
      return state;
    }
  }
}

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,39}$/,
    say(
      'Nama pengguna 3–40 huruf kecil, angka, ".", "_" atau "-"',
      'A username is 3–40 lower-case letters, digits, ".", "_" or "-"',
    ),
  );

/** At least 10 characters: long enough that the rate-limited login makes guessing hopeless. */
export const passwordSchema = z
  .string()
  .min(10, say('Kata sandi minimal 10 karakter', 'A password needs at least 10 characters'))
  .max(200, say('Kata sandi maksimal 200 karakter', 'A password has at most 200 characters'));

const roleSchema = z.enum(ROLES as [Role, ...Role[]]);

export const createAccountSchema = z
  .object({
    username: usernameSchema,
    name: z.string().trim().min(3).max(120),
    role: roleSchema,
    opdId: idSchema.nullable().default(null),
    password: passwordSchema,
  })
  .strict()
  .refine((a) => a.role !== 'opd' || a.opdId !== null, {
    ...say('Akun OPD harus punya OPD', 'An OPD account needs an OPD'),
    path: ['opdId'],
  });

export const changeAccountSchema = z
  .object({
    name: z.string().trim().min(3).max(120).optional(),
    role: roleSchema.optional(),
    opdId: idSchema.nullable().optional(),
  })
  .strict();

/** `currentPassword` is required when people change their own password (checked by the server). */
export const setPasswordSchema = z
  .object({ password: passwordSchema, currentPassword: z.string().min(1).max(200).optional() })
  .strict();
export const disableAccountSchema = z.object({ reason: z.string().trim().max(500).default('') }).strict();
export const createDisplayLinkSchema = z
  .object({ boardId: idSchema, label: z.string().trim().min(1).max(120) })
  .strict();

/** What the secretariat's account list shows (never a hash). */
export type AccountSummary = Omit<Account, 'sessionEpoch'>;

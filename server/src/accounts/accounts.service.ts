import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Account, AccountSummary, DisplayLink, Role } from '@selaras/shared';
import type { Logger } from 'pino';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore, type Subscription } from '../event-store/event-store.port';
import { ApiError } from '../http/api-error';
import { LOGGER } from '../logging/logger';
import { securityLogger } from '../security/security-log';
import {
  changeAccount,
  createAccount,
  createDisplayLink,
  disableAccount,
  enableAccount,
  requireSecretariat,
  revokeDisplayLink,
  accountOf,
  type AccountActor,
} from './account-decisions';
import { scrubPlaintextPasswords } from './account-secrets';
import { followAccounts } from './accounts-follower';
import { AccountsRepository, type Revocation } from './accounts-repository';
import { CREDENTIALS, type Credentials } from './credentials.port';
import { importLegacyFiles } from './legacy-files';
import { WrongPasswordGuard } from './wrong-password-guard';

export type { Revocation } from './accounts-repository';

/**
 * Managed accounts (issue 5): the accounts stream folded in memory and followed live, password hashes
 * in the shared credentials store. Every change is an event with its actor, so the audit shows who
 * granted what, and every server instance applies it within the store's delivery time.
 */
@Injectable()
export class AccountsService implements OnModuleInit, OnApplicationShutdown {
  private readonly repo: AccountsRepository;
  private subscription: Subscription | undefined;
  private readonly wrongPasswords = new WrongPasswordGuard();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CREDENTIALS) private readonly credentials: Credentials,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.repo = new AccountsRepository(store);
  }

  async onModuleInit(): Promise<void> {
    if (this.config.store === 'sqlite') {
      const scrubbed = scrubPlaintextPasswords(this.config.sqliteFile);
      if (scrubbed > 0)
        this.logger.warn(
          { accounts: scrubbed },
          'removed plain-text initial passwords an earlier version wrote into AccountCreated events; reset those passwords',
        );
    }
    await this.repo.load();
    const imported = await importLegacyFiles(this.config.dataDir, this.repo, this.credentials);
    if (imported.credentials + imported.sessions > 0)
      this.logger.info(imported, 'imported credentials.json / revoked-sessions.json into the store');
    this.subscription = await followAccounts(this.store, this.repo, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.credentials.close();
  }

  get count(): number {
    return Object.keys(this.repo.current.accounts).length;
  }

  /** The account for a login, re-reading the store on a miss (the user CLI may have just added it). */
  async findForLogin(username: string): Promise<{ account: Account; hash: string | undefined } | undefined> {
    const find = () => {
      const id = this.repo.current.byUsername[username.toLowerCase()];
      return id ? this.repo.current.accounts[id] : undefined;
    };
    let account = find();
    if (!account) {
      await this.repo.load();
      account = find();
    }
    return account ? { account, hash: (await this.credentials.get(account.userId))?.hash } : undefined;
  }

  /** Reads what other instances appended to the accounts stream and was not delivered here yet. */
  async catchUp(): Promise<void> {
    await this.repo.load();
  }

  account(userId: string): Account | undefined {
    return Object.hasOwn(this.repo.current.accounts, userId) ? this.repo.current.accounts[userId] : undefined;
  }

  displayLink(linkId: string): DisplayLink | undefined {
    return Object.hasOwn(this.repo.current.displayLinks, linkId)
      ? this.repo.current.displayLinks[linkId]
      : undefined;
  }

  /** Whether this session was logged out (on any instance). */
  sessionEnded(sessionId: string): boolean {
    return Object.hasOwn(this.repo.current.endedSessions, sessionId);
  }

  /** Who created, changed, disabled which account and when: for the secretariat and auditors. */
  history(actor: AccountActor) {
    if (actor.role !== 'sekretariat' && actor.role !== 'auditor') throw AccountsService.forbidden();
    return [...this.repo.log].reverse();
  }

  list(actor: AccountActor): AccountSummary[] {
    requireSecretariat(actor);
    return Object.values(this.repo.current.accounts).map(({ sessionEpoch: _epoch, ...summary }) => summary);
  }

  async create(
    actor: AccountActor,
    input: { username: string; name: string; role: Role; opdId: string | null; password: string },
  ): Promise<AccountSummary> {
    requireSecretariat(actor);
    const hash = await hashPassword(input.password);
    const events = await this.repo.append(actor, (state) => createAccount(state, input));
    const created = events.find((e) => e.type === 'AccountCreated');
    const passwordSet = events.find((e) => e.type === 'PasswordSet');
    const userId = (created?.data as { userId: string }).userId;
    await this.credentials.set(userId, hash, passwordSet!.revision);
    return this.list(actor).find((a) => a.userId === userId)!;
  }

  async change(
    actor: AccountActor,
    userId: string,
    patch: { name?: string; role?: Role; opdId?: string | null },
  ) {
    requireSecretariat(actor);
    await this.repo.append(actor, (state) => changeAccount(state, actor, userId, patch));
  }

  async disable(actor: AccountActor, userId: string, reason: string): Promise<void> {
    requireSecretariat(actor);
    await this.repo.append(actor, (state) => disableAccount(state, actor, userId, reason));
  }

  async enable(actor: AccountActor, userId: string): Promise<void> {
    requireSecretariat(actor);
    await this.repo.append(actor, (state) => enableAccount(state, userId));
  }

  /**
   * Sets a new password and ends that account's sessions: anyone's as secretariat, or one's own with
   * the current password (a borrowed or stolen session must not be able to take the account over).
   * Repeated wrong current passwords end all the account's sessions.
   */
  async setPassword(
    actor: AccountActor,
    userId: string,
    password: string,
    currentPassword: string | undefined,
  ): Promise<void> {
    if (actor.id === userId) await this.checkCurrentPassword(actor, currentPassword);
    else requireSecretariat(actor);
    const hash = await hashPassword(password);
    const [event] = await this.repo.append(actor, (state) => {
      accountOf(state, userId);
      return [{ type: 'PasswordSet', data: { userId } }];
    });
    await this.credentials.set(userId, hash, event!.revision);
  }

  /** "Log out everywhere": every token issued to the account so far stops working. */
  async revokeSessions(actor: AccountActor, userId: string): Promise<void> {
    if (actor.id !== userId) requireSecretariat(actor);
    await this.repo.append(actor, (state) => {
      accountOf(state, userId);
      return [{ type: 'SessionsRevoked', data: { userId } }];
    });
  }

  /** Logs one session out, on every instance: its token is refused until `until` (its expiry). */
  async endSession(actor: AccountActor, sessionId: string, until: Date): Promise<void> {
    await this.repo.append(actor, (state) =>
      Object.hasOwn(state.endedSessions, sessionId)
        ? []
        : [{ type: 'SessionEnded', data: { userId: actor.id, sessionId, until: until.toISOString() } }],
    );
  }

  displayLinks(actor: AccountActor, boardId?: string): DisplayLink[] {
    requireSecretariat(actor);
    return Object.values(this.repo.current.displayLinks).filter((l) => !boardId || l.boardId === boardId);
  }

  async createDisplayLink(actor: AccountActor, boardId: string, label: string): Promise<DisplayLink> {
    requireSecretariat(actor);
    const [event] = await this.repo.append(actor, () => createDisplayLink(boardId, label));
    return this.displayLink((event!.data as { linkId: string }).linkId)!;
  }

  async revokeDisplayLink(actor: AccountActor, linkId: string): Promise<void> {
    requireSecretariat(actor);
    await this.repo.append(actor, (state) => revokeDisplayLink(state, linkId));
  }

  /** Sockets listen here to drop a session the moment it is revoked, wherever that happened. */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    return this.repo.onRevoked(listener);
  }

  private async checkCurrentPassword(actor: AccountActor, currentPassword: string | undefined) {
    if (!currentPassword)
      throw ApiError.validation([
        {
          path: 'currentPassword',
          code: 'custom',
          message: 'Masukkan kata sandi Anda saat ini.',
          messageEn: 'Enter your current password.',
        },
      ]);
    const stored = await this.credentials.get(actor.id);
    if (stored && (await verifyPassword(currentPassword, stored.hash))) {
      this.wrongPasswords.clear(actor.id);
      return;
    }
    securityLogger(this.logger).warn(
      { event: 'password.change.wrong-current', userId: actor.id },
      'own password change with a wrong current password',
    );
    if (this.wrongPasswords.fail(actor.id)) {
      await this.revokeSessions(actor, actor.id);
      throw ApiError.unauthorized(
        'Kata sandi saat ini salah terlalu sering; semua sesi akun ini diakhiri. Silakan masuk lagi.',
        'The current password was wrong too often; every session of this account has ended. Please log in again.',
      );
    }
    throw new ApiError(403, {
      error: 'WrongPassword',
      message: 'Kata sandi saat ini salah.',
      messageEn: 'The current password is wrong.',
    });
  }

  /** A person was refused for lack of a role: used by the controller for reads. */
  static forbidden(): ApiError {
    return ApiError.forbidden('Anda tidak berhak.', 'You are not allowed to do this.');
  }
}

import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Account, AccountEvent, AccountSummary, DisplayLink, Role } from '@selaras/shared';
import { hashPassword } from '../auth/passwords';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/api-error';
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
import { AccountsRepository } from './accounts-repository';
import { CredentialsStore } from './credentials-store';

/** What ends sessions: an account's epoch moved on, or a display link was revoked. */
export type Revocation = { kind: 'user'; userId: string } | { kind: 'link'; linkId: string };

/**
 * Managed accounts (issue 5): the accounts stream folded in memory, password hashes in the
 * credentials file. Every change is an event with its actor, so the audit shows who granted what.
 */
@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly repo: AccountsRepository;
  private readonly credentials: CredentialsStore;
  private readonly revocations = new EventEmitter();

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.repo = new AccountsRepository(store);
    this.credentials = new CredentialsStore(config.dataDir);
  }

  async onModuleInit(): Promise<void> {
    await this.repo.load();
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
      this.credentials.reload();
      account = find();
    }
    return account ? { account, hash: this.credentials.get(account.userId) } : undefined;
  }

  account(userId: string): Account | undefined {
    return Object.hasOwn(this.repo.current.accounts, userId) ? this.repo.current.accounts[userId] : undefined;
  }

  displayLink(linkId: string): DisplayLink | undefined {
    return Object.hasOwn(this.repo.current.displayLinks, linkId)
      ? this.repo.current.displayLinks[linkId]
      : undefined;
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
    const [created] = await this.repo.append(actor, (state) => createAccount(state, input));
    const userId = (created as Extract<AccountEvent, { type: 'AccountCreated' }>).data.userId;
    this.credentials.set(userId, hash);
    return this.list(actor).find((a) => a.userId === userId)!;
  }

  async change(
    actor: AccountActor,
    userId: string,
    patch: { name?: string; role?: Role; opdId?: string | null },
  ) {
    requireSecretariat(actor);
    await this.appendAndRevoke(actor, (state) => changeAccount(state, actor, userId, patch));
  }

  async disable(actor: AccountActor, userId: string, reason: string): Promise<void> {
    requireSecretariat(actor);
    await this.appendAndRevoke(actor, (state) => disableAccount(state, actor, userId, reason));
  }

  async enable(actor: AccountActor, userId: string): Promise<void> {
    requireSecretariat(actor);
    await this.repo.append(actor, (state) => enableAccount(state, userId));
  }

  /** Sets a new password (your own, or anyone's as secretariat) and ends that account's sessions. */
  async setPassword(actor: AccountActor, userId: string, password: string): Promise<void> {
    if (actor.id !== userId) requireSecretariat(actor);
    const hash = await hashPassword(password);
    await this.appendAndRevoke(actor, (state) => {
      accountOf(state, userId);
      return [{ type: 'PasswordSet', data: { userId } }];
    });
    this.credentials.set(userId, hash);
  }

  /** "Log out everywhere": every token issued to the account so far stops working. */
  async revokeSessions(actor: AccountActor, userId: string): Promise<void> {
    if (actor.id !== userId) requireSecretariat(actor);
    await this.appendAndRevoke(actor, (state) => {
      accountOf(state, userId);
      return [{ type: 'SessionsRevoked', data: { userId } }];
    });
  }

  displayLinks(actor: AccountActor, boardId?: string): DisplayLink[] {
    requireSecretariat(actor);
    return Object.values(this.repo.current.displayLinks).filter((l) => !boardId || l.boardId === boardId);
  }

  async createDisplayLink(actor: AccountActor, boardId: string, label: string): Promise<DisplayLink> {
    requireSecretariat(actor);
    const [event] = await this.repo.append(actor, () => createDisplayLink(boardId, label));
    return this.displayLink((event as Extract<AccountEvent, { type: 'DisplayLinkCreated' }>).data.linkId)!;
  }

  async revokeDisplayLink(actor: AccountActor, linkId: string): Promise<void> {
    requireSecretariat(actor);
    const events = await this.repo.append(actor, (state) => revokeDisplayLink(state, linkId));
    if (events.length > 0) this.revocations.emit('revoked', { kind: 'link', linkId } satisfies Revocation);
  }

  /** Sockets listen here to drop a session the moment it is revoked. */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.revocations.on('revoked', listener);
    return () => this.revocations.off('revoked', listener);
  }

  private async appendAndRevoke(actor: AccountActor, decide: Parameters<AccountsRepository['append']>[1]) {
    const before = new Map(Object.values(this.repo.current.accounts).map((a) => [a.userId, a.sessionEpoch]));
    await this.repo.append(actor, decide);
    for (const account of Object.values(this.repo.current.accounts))
      if ((before.get(account.userId) ?? 0) !== account.sessionEpoch)
        this.revocations.emit('revoked', { kind: 'user', userId: account.userId } satisfies Revocation);
  }

  /** A person was refused for lack of a role: used by the controller for reads. */
  static forbidden(): ApiError {
    return ApiError.forbidden('Anda tidak berhak.', 'You are not allowed to do this.');
  }
}

import { randomUUID } from 'node:crypto';
import {
  ACCOUNTS_STREAM,
  applyAccountEvent,
  emptyAccounts,
  type AccountEvent,
  type AccountEventMeta,
  type AccountsState,
  type Actor,
} from '@selaras/shared';
import { withoutSecrets } from './account-secrets';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type StoredEvent,
} from '../event-store/event-store.port';

/** What ends sessions: an account's epoch moved on, a display link was revoked, or one session ended. */
export type Revocation =
  | { kind: 'user'; userId: string }
  | { kind: 'link'; linkId: string }
  | { kind: 'session'; sessionId: string };

export type AppendedAccountEvent = AccountEvent & { revision: number };

/**
 * The accounts stream through the store port, folded in memory. Events reach the fold three ways: a
 * load (start-up, a gap), this process's own appends (so it reads its writes at once), and the store
 * subscription (what other server instances and the user CLI wrote). Every event is applied exactly
 * once, in revision order, whichever way comes first; each applied event says whose sessions it ends.
 */
export class AccountsRepository {
  private readonly state: AccountsState = emptyAccounts();
  private revision = -1n;
  private lastPosition: bigint | undefined;
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>();
  /** This process's appends, one at a time: they would only lose expected-revision races to each other. */
  private appending: Promise<unknown> = Promise.resolve();
  /** Every account event with who and when: the audit of who granted what. Small (people, not cards). */
  readonly log: Array<AccountEvent & { revision: number } & AccountEventMeta> = [];

  constructor(private readonly store: EventStore) {}

  get current(): AccountsState {
    return this.state;
  }

  /** The revision of the last event folded (-1n: none). */
  get head(): bigint {
    return this.revision;
  }

  /** The global position of the last event folded, if any. */
  get position(): bigint | undefined {
    return this.lastPosition;
  }

  /** Reads what was appended since the last event folded (everything, the first time). */
  async load(): Promise<AccountsState> {
    const events = await this.store.readStream(ACCOUNTS_STREAM, { fromRevision: this.revision + 1n });
    for (const stored of events) this.receive(stored);
    return this.state;
  }

  /**
   * An event of the accounts stream from anywhere: folded if it is the next one, ignored if already
   * folded. `'gap'` means events before it are missing here: the caller loads them (which folds this
   * one too).
   */
  receive(stored: StoredEvent): 'applied' | 'seen' | 'gap' {
    if (stored.revision <= this.revision) return 'seen';
    if (stored.revision !== this.revision + 1n) return 'gap';
    this.apply(
      withoutSecrets({ type: stored.type, data: stored.data }) as AccountEvent,
      stored.meta as AccountEventMeta,
      stored.revision,
      stored.position,
    );
    return 'applied';
  }

  /**
   * Appends events decided on the current state; on a concurrent write (another instance, the CLI),
   * reloads and asks `decide` again (it may refuse: the username was taken meanwhile). Returns the
   * appended events with their revisions (empty when `decide` had nothing to do).
   */
  append(actor: Actor, decide: (state: AccountsState) => AccountEvent[]): Promise<AppendedAccountEvent[]> {
    const run = this.appending.then(() => this.appendNow(actor, decide));
    this.appending = run.catch(() => undefined);
    return run;
  }

  private async appendNow(
    actor: Actor,
    decide: (state: AccountsState) => AccountEvent[],
  ): Promise<AppendedAccountEvent[]> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // Another process won the last race: let it (and whoever else) finish before trying again.
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      await this.load();
      const events = decide(this.state);
      if (events.length === 0) return [];
      const expected = this.revision;
      const meta: AccountEventMeta = { actor, at: new Date().toISOString() };
      try {
        const result = await this.store.appendToStream(
          ACCOUNTS_STREAM,
          events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, meta })),
          { expectedRevision: expected === -1n ? 'no_stream' : expected },
        );
        const first = result.nextExpectedRevision - BigInt(events.length) + 1n;
        // The subscription may have folded them already (SQLite tells subscribers before the append
        // settles); `apply` skips what is folded. Their own positions come with the subscription.
        events.forEach((event, i) => {
          if (first + BigInt(i) === this.revision + 1n) this.apply(event, meta, first + BigInt(i), undefined);
        });
        return events.map((event, i) => ({ ...event, revision: Number(first) + i }));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new Error('accounts stream kept changing; try again');
  }

  /** Called with every revocation an applied event brings (sockets drop the sessions it ends). */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  private apply(
    event: AccountEvent,
    meta: AccountEventMeta,
    revision: bigint,
    position: bigint | undefined,
  ): void {
    const userId = 'userId' in event.data ? event.data.userId : undefined;
    const epoch = () => (userId === undefined ? undefined : this.state.accounts[userId]?.sessionEpoch);
    const epochBefore = epoch();
    applyAccountEvent(this.state, event, meta);
    this.log.push({ ...event, ...meta, revision: Number(revision) });
    this.revision = revision;
    if (position !== undefined) this.lastPosition = position;
    const revocation = revocationOf(event, epochBefore, epoch());
    if (revocation) for (const listener of this.revocationListeners) listener(revocation);
  }
}

function revocationOf(
  event: AccountEvent,
  epochBefore: number | undefined,
  epochAfter: number | undefined,
): Revocation | undefined {
  if (event.type === 'DisplayLinkRevoked') return { kind: 'link', linkId: event.data.linkId };
  if (event.type === 'SessionEnded') return { kind: 'session', sessionId: event.data.sessionId };
  if (epochBefore !== undefined && epochAfter !== epochBefore)
    return { kind: 'user', userId: (event.data as { userId: string }).userId };
  return undefined;
}

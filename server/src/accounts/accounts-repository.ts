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
import { WrongExpectedRevisionError, type EventStore } from '../event-store/event-store.port';

/**
 * The accounts stream through the store port: folds it, and appends with the expected revision so two
 * writers (the server and the user CLI) cannot both grant from a stale view. Shared by both.
 */
export class AccountsRepository {
  private state: AccountsState = emptyAccounts();
  private revision = -1n;
  /** Every account event with who and when: the audit of who granted what. Small (people, not cards). */
  readonly log: Array<AccountEvent & { revision: number } & AccountEventMeta> = [];

  constructor(private readonly store: EventStore) {}

  get current(): AccountsState {
    return this.state;
  }

  /** Reads what was appended since the last load (everything, the first time). */
  async load(): Promise<AccountsState> {
    for (const stored of await this.store.readStream(ACCOUNTS_STREAM, { fromRevision: this.revision + 1n })) {
      const event = { type: stored.type, data: stored.data } as AccountEvent;
      const meta = stored.meta as AccountEventMeta;
      applyAccountEvent(this.state, event, meta);
      this.log.push({ ...event, ...meta, revision: Number(stored.revision) });
      this.revision = stored.revision;
    }
    return this.state;
  }

  /**
   * Appends events decided on the current state; on a concurrent write, reloads and asks `decide` again
   * (it may refuse: the username was taken meanwhile).
   */
  async append(actor: Actor, decide: (state: AccountsState) => AccountEvent[]): Promise<AccountEvent[]> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.load();
      const events = decide(this.state);
      if (events.length === 0) return events;
      const meta: AccountEventMeta = { actor, at: new Date().toISOString() };
      try {
        const result = await this.store.appendToStream(
          ACCOUNTS_STREAM,
          events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, meta })),
          { expectedRevision: this.revision === -1n ? 'no_stream' : this.revision },
        );
        let revision = Number(this.revision);
        for (const event of events) {
          applyAccountEvent(this.state, event, meta);
          this.log.push({ ...event, ...meta, revision: ++revision });
        }
        this.revision = result.nextExpectedRevision;
        return events;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new Error('accounts stream kept changing; try again');
  }
}

import type { DomainError } from './errors';
import type { BoardEvent } from './events';
import type { Actor, Program } from './types';

/** What the domain needs from outside: who acts, the time and fresh ids (never read inside). */
export interface DecideContext {
  actor: Actor;
  now: string;
  newId: () => string;
  /**
   * RevertProgram only: the program as it was right after `revision` (null: it did not exist then).
   * History never changes, so this keeps decide deterministic; the server resolves it from its
   * snapshots before deciding, a client can answer it from a board fetched with `?at=`.
   */
  programAt?: (programId: string, revision: number) => Program | null;
}

/** Events to append (possibly none: the wanted state already holds), or why not. */
export type Decision = { ok: true; events: BoardEvent[] } | { ok: false; error: DomainError };

export const accept = (...events: BoardEvent[]): Decision => ({ ok: true, events });
export const reject = (error: DomainError): Decision => ({ ok: false, error });

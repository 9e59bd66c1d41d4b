import { type BoardState, type CommandWarning, type RecordedEvent, foldInPlace } from '@selaras/shared';
import type { CommandOutcome } from './command-outcome';
import { KeyIndex } from './key-index';

/** What a command id is known for: the revisions its events got, or the answer it was given. */
export type KnownCommand =
  | { kind: 'events'; from: number; to: number; warnings?: CommandWarning[] }
  | { kind: 'answer'; outcome: CommandOutcome };

export type ApplyResult = 'applied' | 'duplicate' | 'gap' | 'rejected' | 'unhealthy';

/** Why a board stopped: the first revision this server could not take, and what was wrong with it. */
export interface Unhealthy {
  revision: number;
  reason: string;
  since: string;
}

const RECENT_LIMIT = 5000;
const ANSWER_LIMIT = 100_000;

/**
 * The committed board (what readers see, what goes out live) of one board: the fold of its stream as
 * the store holds it, advanced only in revision order, one event at a time, whether the event came
 * from this server, another server, a catch-up read or a snapshot. It survives everything a writer
 * goes through (stale appends, rebuilds), so live delivery never skips or repeats an event.
 *
 * Besides the state it keeps what the write path asks of the history without reading it: the
 * revisions each merge key was touched at (the conflict check), the answers given per command id
 * (idempotent retries, across servers too since other servers' events come through here), and the
 * most recent events.
 */
export class BoardProjection {
  hash: string;
  recent: RecordedEvent[] = [];
  unhealthy: Unhealthy | undefined;
  /** The fold failed half way: `state` cannot be served until it is rebuilt (see BoardsService). */
  poisoned = false;
  private readonly commands = new Map<string, KnownCommand>();

  constructor(
    readonly boardId: string,
    /** Owned: advanced in place. Readers serialise it at once and never keep it. */
    public state: BoardState,
    hash: string,
    readonly keys: KeyIndex = new KeyIndex(),
  ) {
    this.hash = hash;
  }

  get revision(): number {
    return this.state.revision;
  }

  /**
   * Takes the next committed event. A repeat is ignored, a gap is reported (the caller reads the store),
   * and an event that breaks the chain or that the fold refuses stops the board here: the state may be
   * half changed by the failed fold, so the caller rebuilds it up to the revision before.
   */
  apply(event: RecordedEvent): ApplyResult {
    if (this.unhealthy) return 'unhealthy';
    if (event.revision <= this.state.revision) return 'duplicate';
    if (event.revision !== this.state.revision + 1) return 'gap';
    if (event.meta?.prevHash !== this.hash) {
      return this.stop(
        event.revision,
        'prevHash does not match the previous event (the chain is broken)',
        false,
      );
    }
    try {
      foldInPlace(this.state, [event]);
      this.keys.add(event);
    } catch (error) {
      return this.stop(event.revision, error instanceof Error ? error.message : String(error), true);
    }
    this.hash = event.meta.hash;
    this.rememberEvents(event.meta.commandId, event.revision, event.revision);
    this.recent.push(event);
    if (this.recent.length > RECENT_LIMIT * 2) this.recent = this.recent.slice(-RECENT_LIMIT);
    return 'applied';
  }

  private stop(revision: number, reason: string, poisoned: boolean): 'rejected' {
    this.unhealthy = { revision, reason, since: new Date().toISOString() };
    this.poisoned = poisoned;
    return 'rejected';
  }

  known(commandId: string): KnownCommand | undefined {
    return this.commands.get(commandId);
  }

  /** A command's events, by revision (from loaded events, a snapshot, or an acknowledged append). */
  /** `warnings`: what the answer said (a retry says it again); kept when a later call has none. */
  rememberEvents(commandId: string, from: number, to: number, warnings?: CommandWarning[]): void {
    const known = this.commands.get(commandId);
    const start = known?.kind === 'events' ? Math.min(known.from, from) : from;
    const kept = warnings ?? (known?.kind === 'events' ? known.warnings : undefined);
    this.remember(commandId, {
      kind: 'events',
      from: start,
      to: Math.max(to, known?.kind === 'events' ? known.to : to),
      ...(kept && kept.length > 0 && { warnings: kept }),
    });
  }

  /** A refusal (or a no-op) given to a command id: a retry gets the same answer. */
  rememberAnswer(commandId: string, outcome: CommandOutcome): void {
    if (this.commands.get(commandId)?.kind === 'events') return;
    this.remember(commandId, { kind: 'answer', outcome });
  }

  private remember(commandId: string, known: KnownCommand): void {
    this.commands.delete(commandId);
    this.commands.set(commandId, known);
    if (this.commands.size > ANSWER_LIMIT) this.commands.delete(this.commands.keys().next().value as string);
  }

  /**
   * The most recent command ids (at most `max`) with their revisions, for the snapshot. Written every
   * thousand events under load, so it skips the older entries without copying them.
   */
  commandIndex(max: number): Array<[string, number, number]> {
    const out: Array<[string, number, number]> = [];
    let skip = this.commands.size - max;
    for (const [id, known] of this.commands) {
      if (skip-- > 0) continue;
      if (known.kind === 'events') out.push([id, known.from, known.to]);
    }
    return out;
  }

  /** Committed events by revision from memory, or undefined when memory does not reach back that far. */
  fromMemory(revisions: readonly number[]): RecordedEvent[] | undefined {
    const first = this.recent[0]?.revision;
    if (first === undefined) return revisions.length === 0 ? [] : undefined;
    const out: RecordedEvent[] = [];
    for (const revision of revisions) {
      const event = this.recent[revision - first];
      if (!event || event.revision !== revision) return undefined;
      out.push(event);
    }
    return out;
  }
}

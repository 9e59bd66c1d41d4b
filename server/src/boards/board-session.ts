import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BoardCommand,
  type BoardEvent,
  type DecideContext,
  type Program,
  type BoardState,
  type CommandEnvelope,
  type CommandResponse,
  type CommandWarning,
  type ConflictResponse,
  type ErrorResponse,
  type RecordedEvent,
  decide,
  chainEvents,
  commandWarnings,
  findConflicts,
  foldInPlace,
  parseCommand,
} from '@selaras/shared';
import { ApiError } from '../http/api-error';
import { nodeSha256 } from './node-sha256';

export type CommandOutcome =
  { status: 200; body: CommandResponse } | { status: number; body: ErrorResponse | ConflictResponse };

type StoredAnswer =
  | { kind: 'events'; from: number; to: number; warnings?: CommandWarning[] }
  | { kind: 'answer'; outcome: CommandOutcome };

/** What a session needs from the service around it (the store, and loading what memory lacks). */
export interface SessionIo {
  /** Durably appends after `expectedRevision`; rejects if the stream moved on. */
  append(events: RecordedEvent[], expectedRevision: number): Promise<void>;
  /** Committed events with revision in [from, to]. */
  read(from: number, to: number): Promise<RecordedEvent[]>;
  /** A program as it was right after a committed revision (RevertProgram); absent: reverts are refused. */
  programAt?(programId: string, revision: number): Promise<Program | null>;
}

const RECENT_LIMIT = 5000;
const ANSWER_LIMIT = 100_000;

/**
 * Pipelining assumes this process is the only writer of the board's stream (true for the embedded
 * store). With several servers on one store (KurrentDB, a later issue) a foreign write between two
 * pipelined appends fails the first and may let the second through with a stale prevHash: such a
 * store needs one append in flight per board, or a lease. `onCommitted` detects the broken chain.
 *
 * One board in memory: the latest state (including appends not yet durable, so commands pipeline
 * into the store's group commit), the committed state that readers see, recent events for the merge
 * rule, and the answers given per command id for idempotent retries.
 */
export class BoardSession {
  head: BoardState;
  headHash: string;
  committed: BoardState;
  committedHash: string;
  /** The last revision handed to live subscribers; socket catch-up never reads past it. */
  broadcastRevision: number;
  private recent: RecordedEvent[] = [];
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly inflight = new Map<string, Promise<CommandOutcome>>();
  private appendsInFlight = 0;
  private broken = false;
  /** The revision at which the store's chain stopped matching, if it ever did. */
  chainBroken: number | undefined;

  constructor(
    readonly boardId: string,
    state: BoardState,
    hash: string,
    private readonly io: SessionIo,
  ) {
    // Two private copies, each advanced in place: `head` as commands are decided, `committed` as the
    // store confirms them. Neither is ever handed out to be kept (readers serialise `committed` at once).
    this.head = state;
    this.committed = structuredClone(state);
    this.headHash = this.committedHash = hash;
    this.broadcastRevision = state.revision;
  }

  /** Remembers which revisions a command produced (from a snapshot or from loaded events). */
  rememberCommand(commandId: string, from: number, to: number, warnings?: CommandWarning[]): void {
    const known = this.answers.get(commandId);
    const start = known?.kind === 'events' ? Math.min(known.from, from) : from;
    const kept = warnings ?? (known?.kind === 'events' ? known.warnings : undefined);
    this.answers.delete(commandId);
    this.answers.set(commandId, { kind: 'events', from: start, to, ...(kept && { warnings: kept }) });
    if (this.answers.size > ANSWER_LIMIT) this.answers.delete(this.answers.keys().next().value as string);
  }

  /** The most recent command ids with their revisions, for the snapshot. */
  commandIndex(max: number): Array<[string, number, number]> {
    const out: Array<[string, number, number]> = [];
    for (const [id, answer] of this.answers)
      if (answer.kind === 'events') out.push([id, answer.from, answer.to]);
    return out.slice(-max);
  }

  remember(events: RecordedEvent[]): void {
    this.recent.push(...events);
    if (this.recent.length > RECENT_LIMIT * 2) this.recent = this.recent.slice(-RECENT_LIMIT);
  }

  /** Resolves once no append of this session is in flight (before a reload replaces it). */
  async drained(): Promise<void> {
    while (this.appendsInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async execute(envelope: CommandEnvelope, actor: Actor): Promise<CommandOutcome> {
    const known = this.answers.get(envelope.commandId);
    if (known) return this.answerFor(known);
    const running = this.inflight.get(envelope.commandId);
    if (running) return running;
    const run = this.run(envelope, actor);
    this.inflight.set(envelope.commandId, run);
    try {
      return await run;
    } finally {
      this.inflight.delete(envelope.commandId);
    }
  }

  private async run(envelope: CommandEnvelope, actor: Actor): Promise<CommandOutcome> {
    const parsed = parseCommand(envelope.type, envelope.data);
    if (!parsed.success)
      return this.settle(
        envelope,
        outcomeOf(
          ApiError.validation(parsed.issues, {
            id: `Data perintah ${envelope.type}`,
            en: `${envelope.type} data`,
          }),
        ),
      );
    // Only a revert waits here: every other command reaches decide without yielding, in arrival order.
    const past = parsed.command.type === 'RevertProgram' ? await this.pastProgram(parsed.command) : undefined;
    if (this.broken) throw new RetryableError();
    if (envelope.baseRevision > this.head.revision) {
      return this.settle(
        envelope,
        outcomeOf(
          new ApiError(400, {
            error: 'BaseRevisionAhead',
            message: `baseRevision ${envelope.baseRevision} melampaui revisi papan (${this.head.revision}); muat ulang papan.`,
            messageEn: `baseRevision ${envelope.baseRevision} is ahead of the board (${this.head.revision}); reload the board.`,
          }),
        ),
      );
    }
    let fromStore: RecordedEvent[] = [];
    let since = this.eventsAfter(envelope.baseRevision, fromStore);
    for (let round = 0; !since && round < 3; round++) {
      const next = lastRevision(fromStore, envelope.baseRevision) + 1;
      fromStore = fromStore.concat(await this.io.read(next, (this.recent[0]?.revision ?? next) - 1));
      since = this.eventsAfter(envelope.baseRevision, fromStore);
    }
    if (!since || this.broken) throw new RetryableError();
    // From here to the append nothing awaits: decide runs on the latest state, and the next command
    // decides on top of this one's events even before they are durable.
    const command = parsed.command;
    const conflicts = findConflicts(command, this.head, since);
    if (conflicts.length > 0) return this.settle(envelope, conflictOutcome(conflicts));
    const decision = decide(command, this.head, {
      actor,
      now: new Date().toISOString(),
      newId: randomUUID,
      ...(past && { programAt: past }),
    });
    if (!decision.ok) return this.settle(envelope, outcomeOf(ApiError.domain(decision.error)));
    // Accepted, yet worth saying (a program outside its OPD's bidang): the same rule the client shows.
    const warnings = commandWarnings(command, this.head);
    if (decision.events.length === 0) {
      return this.settle(envelope, {
        status: 200,
        body: { revision: this.head.revision, events: [], warnings },
      });
    }
    const expected = this.head.revision;
    const recorded = this.record(decision.events, actor, envelope.commandId);
    this.appendsInFlight++;
    try {
      await this.io.append(recorded, expected);
    } catch (error) {
      this.broken = true;
      throw new RetryableError(error);
    } finally {
      this.appendsInFlight--;
    }
    const from = recorded[0]!.revision;
    const to = recorded[recorded.length - 1]!.revision;
    this.rememberCommand(envelope.commandId, from, to, warnings);
    return { status: 200, body: { revision: to, events: recorded, warnings } };
  }

  /**
   * RevertProgram decides on the program as it was at `toRevision`: resolved here, before the
   * synchronous decide, and handed in as a lookup so decide stays pure. Only committed revisions are
   * history; a later one is left to decide, which refuses it.
   */
  private async pastProgram(command: BoardCommand): Promise<DecideContext['programAt']> {
    if (command.type !== 'RevertProgram' || !this.io.programAt) return undefined;
    const { programId, toRevision } = command.data;
    if (toRevision > this.committed.revision) return () => null;
    const program = await this.io.programAt(programId, toRevision);
    return (id, revision) => (id === programId && revision === toRevision ? program : null);
  }

  private record(events: BoardEvent[], actor: Actor, commandId: string): RecordedEvent[] {
    const recorded = chainEvents(
      events,
      { revision: this.head.revision, hash: this.headHash },
      { actor, at: new Date().toISOString(), commandId },
      randomUUID,
      nodeSha256,
    );
    try {
      foldInPlace(this.head, recorded);
    } catch (error) {
      // decide() made an event the fold refuses: a bug. `head` may be half-applied, so this session
      // is done; the service reloads the board from the store, where nothing was written.
      this.broken = true;
      throw error;
    }
    this.headHash = recorded[recorded.length - 1]!.meta.hash;
    this.remember(recorded);
    return recorded;
  }

  /**
   * A committed event arrived from the store (ours or another writer's). Advances the committed state;
   * returns false when the session can no longer trust its memory and must reload.
   */
  onCommitted(event: RecordedEvent): boolean {
    const committed = this.committed.revision;
    if (event.revision <= committed) return true;
    if (event.revision !== committed + 1) return this.markBroken();
    if (event.meta.prevHash !== this.committedHash) {
      // Only possible with a second writer on the same stream while this session had pipelined
      // appends (embedded mode has one writer). The store holds a broken chain; the verifier will say so.
      this.chainBroken = event.revision;
      return this.markBroken();
    }
    if (event.revision <= this.head.revision) {
      // One of ours, already in `head`: unless another writer took that revision first.
      const first = this.recent[0]?.revision ?? Infinity;
      if (this.recent[event.revision - first]?.id !== event.id) return this.markBroken();
      foldInPlace(this.committed, [event]);
      this.committedHash = event.meta.hash;
      return true;
    }
    // Another writer's event (a second server on the same store) while nothing of ours is pending.
    foldInPlace(this.committed, [event]);
    foldInPlace(this.head, [event]);
    this.committedHash = this.headHash = event.meta.hash;
    this.remember([event]);
    this.rememberCommand(event.meta.commandId, event.revision, event.revision);
    return true;
  }

  private markBroken(): false {
    this.broken = true;
    return false;
  }

  /**
   * Every event after `base` up to the head, synchronously: memory plus what was already read from the
   * store. `undefined` when memory does not reach back far enough (the caller reads more, then asks again).
   */
  private eventsAfter(base: number, fromStore: RecordedEvent[]): RecordedEvent[] | undefined {
    const next = lastRevision(fromStore, base) + 1;
    const oldest = this.recent[0]?.revision ?? this.head.revision + 1;
    if (next < oldest) return undefined;
    return fromStore.concat(this.recent.slice(next - oldest));
  }

  private settle(envelope: CommandEnvelope, outcome: CommandOutcome): CommandOutcome {
    this.answers.set(envelope.commandId, { kind: 'answer', outcome });
    if (this.answers.size > ANSWER_LIMIT) this.answers.delete(this.answers.keys().next().value as string);
    return outcome;
  }

  private async answerFor(answer: StoredAnswer): Promise<CommandOutcome> {
    if (answer.kind === 'answer') return answer.outcome;
    const events =
      this.recent.length && this.recent[0]!.revision <= answer.from
        ? this.recent.filter((e) => e.revision >= answer.from && e.revision <= answer.to)
        : await this.io.read(answer.from, answer.to);
    return { status: 200, body: { revision: answer.to, events, warnings: answer.warnings ?? [] } };
  }
}

/** The store moved under us (or failed): the service reloads the session and runs the command again. */
export class RetryableError extends Error {
  constructor(override readonly cause?: unknown) {
    super('board session must reload');
  }
}

function lastRevision(events: RecordedEvent[], fallback: number): number {
  return events.length ? events[events.length - 1]!.revision : fallback;
}

function outcomeOf(error: ApiError): CommandOutcome {
  return { status: error.status, body: error.body };
}

function conflictOutcome(conflicts: RecordedEvent[]): CommandOutcome {
  const last = conflicts[conflicts.length - 1]!;
  const who = `${last.meta.actor.name}`;
  return {
    status: 409,
    body: {
      error: 'conflict',
      message: `${who} sudah mengubah bagian yang sama (revisi ${last.revision}, ${last.meta.at}). Bandingkan dan pilih versinya.`,
      messageEn: `${who} already changed the same thing (revision ${last.revision}, ${last.meta.at}). Compare and choose.`,
      conflicts,
    },
  };
}

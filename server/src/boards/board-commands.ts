import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BoardCommand,
  type CommandEnvelope,
  type DecideContext,
  type Program,
  type RecordedEvent,
  commandWarnings,
  decide,
  intendedKeys,
  parseCommand,
} from '@selaras/shared';
import { ApiError } from '../http/api-error';
import type { BoardProjection, KnownCommand } from './board-projection';
import type { BoardWriter } from './board-writer';
import {
  type CommandOutcome,
  baseRevisionAhead,
  boardUnhealthy,
  RetryableError,
  conflictOutcome,
  outcomeOf,
} from './command-outcome';
import { inStoredShape } from './recorded';

/** A 409 names at most this many of the events that conflict (the newest). */
export const MAX_CONFLICTS = 500;

/** A conflict or no-op decided on events whose append then failed is decided again, at most this often. */
const MAX_REDECIDE = 3;

/** One board as the command path sees it. */
export interface BoardHandle {
  readonly boardId: string;
  projection: BoardProjection;
  readonly inflight: Map<string, Promise<CommandOutcome>>;
}

/** What the command path needs from the service around it. */
export interface CommandContext<B extends BoardHandle> {
  /** The board's writer, replaced first if it went stale. */
  writerOf(board: B): Promise<BoardWriter>;
  /** Reads what the store has after the committed board; true when anything new was applied. */
  catchUp(board: B): Promise<boolean>;
  /** Committed events by revision (memory, else the store). */
  eventsAt(board: B, revisions: readonly number[]): Promise<RecordedEvent[]>;
  /** A program right after a committed revision (RevertProgram); absent: reverts are refused. */
  programAt?(boardId: string, programId: string, revision: number): Promise<Program | null>;
}

type Verdict =
  | { kind: 'events'; outcome: Promise<CommandOutcome> }
  | { kind: 'ahead' | 'refused'; outcome: CommandOutcome; cache: boolean }
  | { kind: 'conflict'; revisions: number[] };

/**
 * Runs commands against one board: idempotent by command id (across servers: another server's events
 * reach the committed board with their command ids), merged by the rule of DESIGN.md §4 with a conflict
 * check that costs O(keys the command touches) whatever its base, decided synchronously on the writer's
 * head so commands pipeline into the store's group commit.
 *
 * Before answering anything but a stored command (a refusal, a conflict, a no-op or a base this server
 * has not seen), the board is caught up from the store and the command decided again: this server may
 * just be behind another one that already stored this very command, or the revision its sender saw.
 */
export class BoardCommands<B extends BoardHandle> {
  constructor(private readonly context: CommandContext<B>) {}

  async execute(board: B, envelope: CommandEnvelope, actor: Actor): Promise<CommandOutcome> {
    const known = board.projection.known(envelope.commandId);
    if (known) return this.answer(board, known);
    const running = board.inflight.get(envelope.commandId);
    if (running) return running;
    const run = this.run(board, envelope, actor);
    board.inflight.set(envelope.commandId, run);
    try {
      return await run;
    } finally {
      board.inflight.delete(envelope.commandId);
    }
  }

  private async run(board: B, envelope: CommandEnvelope, actor: Actor): Promise<CommandOutcome> {
    const parsed = parseCommand(envelope.type, envelope.data);
    if (!parsed.success) {
      const what = { id: `Data perintah ${envelope.type}`, en: `${envelope.type} data` };
      return this.settle(board, envelope, outcomeOf(ApiError.validation(parsed.issues, what)));
    }
    const past = await this.pastProgram(board, parsed.command);
    let redecided = 0;
    for (let caughtUp = false; ; caughtUp = true) {
      const { unhealthy } = board.projection;
      if (unhealthy) throw boardUnhealthy(board.boardId, unhealthy.revision);
      const writer = await this.context.writerOf(board);
      // Another server's copy of this very command may have come in while this one waited.
      const stored = board.projection.known(envelope.commandId);
      if (stored?.kind === 'events') return this.answer(board, stored);
      const verdict = this.decide(board, writer, envelope, parsed.command, actor, past);
      if (verdict.kind === 'events') return verdict.outcome;
      if (!caughtUp) {
        await this.context.catchUp(board);
        const known = board.projection.known(envelope.commandId);
        if (known) return this.answer(board, known);
        continue;
      }
      // A conflict names events and a no-op the head's revision: either may be this server's, still on
      // its way to the store. Answered once that is stored, so an answer never names what the store
      // does not have (a client may base a command or a revert on it); if it never lands, decide again.
      if (verdict.kind === 'conflict' || verdict.outcome.status === 200) {
        await writer.settled();
        if (writer.stale) {
          if (++redecided > MAX_REDECIDE) throw new RetryableError();
          continue;
        }
      }
      if (verdict.kind === 'conflict') {
        const events = await this.context.eventsAt(board, verdict.revisions.slice(-MAX_CONFLICTS));
        return this.settle(board, envelope, conflictOutcome(events));
      }
      return verdict.cache ? this.settle(board, envelope, verdict.outcome) : verdict.outcome;
    }
  }

  /** Synchronous from the head to the append: nothing can come between deciding and chaining. */
  private decide(
    board: B,
    writer: BoardWriter,
    envelope: CommandEnvelope,
    command: BoardCommand,
    actor: Actor,
    past: DecideContext['programAt'],
  ): Verdict {
    const { head } = writer;
    if (envelope.baseRevision > head.revision) {
      return {
        kind: 'ahead',
        outcome: outcomeOf(baseRevisionAhead(envelope.baseRevision, head.revision)),
        cache: false,
      };
    }
    const keys = new Set(intendedKeys(command, head));
    if (keys.size > 0) {
      const committed = board.projection.keys.touchedAfter(keys, envelope.baseRevision);
      const pending = writer.pendingTouching(keys, envelope.baseRevision).map((e) => e.revision);
      if (committed.length > 0 || pending.length > 0)
        return { kind: 'conflict', revisions: [...committed, ...pending] };
    }
    const decision = decide(command, head, {
      actor,
      now: new Date().toISOString(),
      newId: randomUUID,
      ...(past && { programAt: past }),
    });
    if (!decision.ok)
      return { kind: 'refused', outcome: outcomeOf(ApiError.domain(decision.error)), cache: true };
    // Accepted, yet worth saying (a program outside its OPD's bidang): the same rule the client shows.
    const warnings = commandWarnings(command, head);
    if (decision.events.length === 0) {
      return {
        kind: 'refused',
        outcome: { status: 200, body: { revision: head.revision, events: [], warnings } },
        cache: true,
      };
    }
    const { recorded, durable } = writer.record(decision.events, actor, envelope.commandId);
    const from = recorded[0]!.revision;
    const to = recorded[recorded.length - 1]!.revision;
    const outcome = durable.then((): CommandOutcome => {
      // Known from now on even if the committed board has not taken the events yet.
      board.projection.rememberEvents(envelope.commandId, from, to, warnings);
      return { status: 200, body: { revision: to, events: recorded.map(inStoredShape), warnings } };
    });
    return { kind: 'events', outcome };
  }

  /**
   * RevertProgram decides on the program as it was at `toRevision`: resolved here, before the
   * synchronous decide, and handed in as a lookup so decide stays pure. Only committed revisions are
   * history; a later one is left to decide, which refuses it.
   */
  private async pastProgram(board: B, command: BoardCommand): Promise<DecideContext['programAt']> {
    if (command.type !== 'RevertProgram' || !this.context.programAt) return undefined;
    const { programId, toRevision } = command.data;
    // A revision the client was just told of (its own answer, another server) may not have reached
    // this committed board yet: catch up from the store before calling it "not there".
    if (toRevision > board.projection.revision) await this.context.catchUp(board);
    if (toRevision > board.projection.revision) return () => null;
    const program = await this.context.programAt(board.boardId, programId, toRevision);
    return (id, revision) => (id === programId && revision === toRevision ? program : null);
  }

  private settle(board: B, envelope: CommandEnvelope, outcome: CommandOutcome): CommandOutcome {
    board.projection.rememberAnswer(envelope.commandId, outcome);
    return outcome;
  }

  private async answer(board: B, known: KnownCommand): Promise<CommandOutcome> {
    if (known.kind === 'answer') return known.outcome;
    const revisions = Array.from({ length: known.to - known.from + 1 }, (_, i) => known.from + i);
    const events = await this.context.eventsAt(board, revisions);
    return { status: 200, body: { revision: known.to, events, warnings: known.warnings ?? [] } };
  }
}

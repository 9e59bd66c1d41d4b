import {
  decide,
  evolve,
  fold,
  parseCommand,
  type Actor,
  type BoardCommand,
  type BoardState,
  type CommandType,
  type DomainError,
  type RecordedEvent,
  type ValidationIssue,
} from '@selaras/shared';
import { uuid } from './uuid';

/**
 * queued: waits for its turn (or for the network); sending: on the wire; conflict: the server answered
 * 409 and the person chooses per field; the command stays (and stays saved) until they do.
 */
export type PendingStatus = 'queued' | 'sending' | 'conflict';

/** A command the person made that the server has not confirmed yet. Plain data: it is saved as JSON. */
export interface PendingCommand {
  commandId: string;
  type: CommandType;
  /** The validated command data, exactly as it is sent. */
  data: BoardCommand['data'];
  /** The board revision the person was looking at when they made it. */
  baseRevision: number;
  createdAt: string;
  status: PendingStatus;
  /** The events that conflicted (409), newest last. */
  conflicts?: RecordedEvent[];
  /** The server accepted it and its events end at this revision; it leaves once they are folded in. */
  acceptedThrough?: number;
}

export type ProposeResult =
  | { ok: true; pending: PendingCommand }
  | {
      ok: false;
      error: DomainError | { code: 'ValidationFailed'; message: string; messageEn: string };
      issues: ValidationIssue[];
    };

export interface ReceiveResult {
  /** Events folded into the confirmed state. */
  applied: number;
  /** Events arrived past a hole; the caller asks the server for what is missing. */
  gap: boolean;
}

/**
 * The client's model of one board: the confirmed state (server events folded with the shared `evolve`)
 * plus the person's pending commands, replayed on top with the shared `decide` to give the view. When
 * server events arrive the pending commands are rebased: one reducer, the same rules as the server, no
 * second copy of them. Pure: no network, no timers, no DOM (the connection drives it).
 */
export class BoardSync {
  private confirmedState: BoardState;
  private viewState: BoardState;
  private readonly early = new Map<number, RecordedEvent>();
  private queue: PendingCommand[];
  /** Commands made here: a 409 caused only by them is not a conflict with anyone else. */
  private readonly mine = new Set<string>();
  private appliedLast: readonly RecordedEvent[] = [];

  constructor(
    board: BoardState,
    private readonly actor: Actor,
    pending: readonly PendingCommand[] = [],
    private readonly newId: () => string = uuid,
  ) {
    this.confirmedState = board;
    for (const p of pending) this.mine.add(p.commandId);
    // A command that was on the wire when the page closed is sent again (same id: idempotent).
    this.queue = pending.map((p) => (p.status === 'sending' ? { ...p, status: 'queued' } : { ...p }));
    this.viewState = board;
    this.dropConfirmed();
    this.rebase();
  }

  /** The board as the server has confirmed it. */
  get confirmed(): BoardState {
    return this.confirmedState;
  }

  /** What the person sees: confirmed plus their pending commands. */
  get view(): BoardState {
    return this.viewState;
  }

  get revision(): number {
    return this.confirmedState.revision;
  }

  get pending(): readonly PendingCommand[] {
    return this.queue;
  }

  /** The events the latest `receive` folded in, in revision order (observers: the meeting display). */
  get lastApplied(): readonly RecordedEvent[] {
    return this.appliedLast;
  }

  /** Server events, from the socket or an HTTP answer, in any order, possibly repeated. */
  receive(events: readonly RecordedEvent[]): ReceiveResult {
    for (const event of events) if (event.revision > this.revision) this.early.set(event.revision, event);
    const applied: RecordedEvent[] = [];
    for (let next = this.early.get(this.revision + 1); next; next = this.early.get(next.revision + 1)) {
      this.early.delete(next.revision);
      applied.push(next);
    }
    if (applied.length > 0) {
      // One copy-on-write pass per batch: what no event touched keeps its identity (cheap re-render).
      this.confirmedState =
        applied.length === 1 ? evolve(this.confirmedState, applied[0]!) : fold(this.confirmedState, applied);
      this.dropConfirmed(applied);
      this.rebase();
    }
    this.appliedLast = applied;
    return { applied: applied.length, gap: this.early.size > 0 };
  }

  /**
   * Replaces everything confirmed (a reload after the server said the client is ahead, or a fresh
   * snapshot); pending commands are kept and replayed on it.
   */
  reset(board: BoardState): void {
    this.confirmedState = board;
    this.early.clear();
    this.dropConfirmed();
    this.rebase();
  }

  /**
   * Decides the pending commands again on the confirmed state: after something `decide` reads from
   * outside the board changed (the board's nomenclature list arrived), so they show as they will be.
   */
  refresh(): void {
    this.rebase();
  }

  /**
   * Validates a command with the shared schema and decides it on the current view, as the server will.
   * A command the rules refuse is not queued: the person sees why at once.
   */
  propose(
    type: CommandType,
    data: unknown,
    commandId: string,
    now: string,
    /** The revision the person started from (an editor opened earlier); never later than confirmed. */
    baseRevision?: number,
  ): ProposeResult {
    const parsed = parseCommand(type, data);
    if (!parsed.success) {
      const first = parsed.issues[0];
      return {
        ok: false,
        error: {
          code: 'ValidationFailed',
          message: first?.message ?? 'Data tidak sah',
          messageEn: first?.messageEn ?? 'Invalid data',
        },
        issues: parsed.issues,
      };
    }
    const decision = decide(parsed.command, this.viewState, this.context(commandId, now));
    // A revert needs the program as it was, which only the server's history has: it is queued without
    // an optimistic preview and shows once confirmed. Every other refusal stops here.
    if (!decision.ok && decision.error.code !== 'HistoryUnavailable')
      return { ok: false, error: decision.error, issues: [] };
    const pending: PendingCommand = {
      commandId,
      type,
      data: parsed.command.data,
      baseRevision: Math.min(baseRevision ?? this.revision, this.revision),
      createdAt: now,
      status: 'queued',
    };
    this.mine.add(commandId);
    this.queue = [...this.queue, pending];
    this.viewState = this.apply(this.viewState, pending);
    return { ok: true, pending };
  }

  /** The next command to send, in the order they were made; one at a time keeps that order. */
  nextToSend(): PendingCommand | undefined {
    if (this.queue.some((p) => p.status === 'sending')) return undefined;
    return this.queue.find((p) => p.status === 'queued' && p.acceptedThrough === undefined);
  }

  markSending(commandId: string): void {
    this.update(commandId, { status: 'sending' });
  }

  /** The network failed or the server was unavailable: send it again later with the same id. */
  markQueued(commandId: string): void {
    this.update(commandId, { status: 'queued' });
  }

  /** 200: folds the answer's events; the command leaves the queue once they are all confirmed. */
  accepted(
    commandId: string,
    response: { revision: number; events: readonly RecordedEvent[] },
  ): ReceiveResult {
    const last = response.events.at(-1)?.revision;
    if (last === undefined) this.remove(commandId);
    else this.update(commandId, { acceptedThrough: last, status: 'queued' });
    const result = this.receive(response.events);
    this.dropConfirmed();
    this.rebase();
    return result;
  }

  /** 400/403/404: the server refused it; it leaves the queue and the view. */
  rejected(commandId: string): PendingCommand | undefined {
    const command = this.queue.find((p) => p.commandId === commandId);
    this.remove(commandId);
    return command;
  }

  /**
   * 409: kept, with who changed what, until the person chooses. When only this client's own earlier
   * commands touched the same fields (two quick edits, or edits made offline), it is no conflict with
   * anyone: it goes again on top of them under a new id. Returns whether the person must choose.
   */
  conflicted(commandId: string, conflicts: RecordedEvent[]): boolean {
    this.receive(conflicts);
    if (conflicts.length > 0 && conflicts.every((e) => this.mine.has(e.meta.commandId))) {
      // Based past my own events (even before they arrive here): others' changes after them still count.
      this.retryAgainstLatest(commandId, this.newId(), Math.max(...conflicts.map((e) => e.revision)));
      return false;
    }
    this.update(commandId, { status: 'conflict', conflicts });
    return true;
  }

  /**
   * The person's choice for a conflicted command: `replacement` (the fields they kept) is queued in its
   * place as a new command against the latest revision; `null` drops it (theirs wins everywhere).
   */
  resolve(
    commandId: string,
    replacement: { type: CommandType; data: BoardCommand['data'] } | null,
    now: string,
    newCommandId: string = this.newId(),
    baseRevision: number = this.revision,
  ): void {
    const index = this.queue.findIndex((p) => p.commandId === commandId);
    if (index < 0) return;
    const next = [...this.queue];
    this.mine.add(newCommandId);
    if (replacement)
      next[index] = {
        commandId: newCommandId,
        type: replacement.type,
        data: replacement.data,
        baseRevision,
        createdAt: now,
        status: 'queued',
      };
    else next.splice(index, 1);
    this.queue = next;
    this.rebase();
  }

  /** Sends a conflicted command again as it was, against the latest revision (its conflicts were ours). */
  retryAgainstLatest(
    commandId: string,
    newCommandId: string = this.newId(),
    baseRevision = this.revision,
  ): void {
    const command = this.queue.find((p) => p.commandId === commandId);
    if (command)
      this.resolve(
        commandId,
        { type: command.type, data: command.data },
        command.createdAt,
        newCommandId,
        baseRevision,
      );
  }

  private update(commandId: string, patch: Partial<PendingCommand>): void {
    this.queue = this.queue.map((p) => (p.commandId === commandId ? { ...p, ...patch } : p));
    if ('conflicts' in patch) this.rebase();
  }

  private remove(commandId: string): void {
    const next = this.queue.filter((p) => p.commandId !== commandId);
    if (next.length !== this.queue.length) {
      this.queue = next;
      this.rebase();
    }
  }

  /** Pending commands whose events the confirmed state now holds leave the queue. */
  private dropConfirmed(events: readonly RecordedEvent[] = []): void {
    const confirmedIds = new Set(
      events.filter((e) => e.revision <= this.revision).map((e) => e.meta.commandId),
    );
    const next = this.queue.filter(
      (p) =>
        !confirmedIds.has(p.commandId) &&
        (p.acceptedThrough === undefined || p.acceptedThrough > this.revision),
    );
    if (next.length !== this.queue.length) this.queue = next;
  }

  /** view = confirmed with every pending command decided again on top (a conflicted one shows as mine). */
  private rebase(): void {
    let view = this.confirmedState;
    for (const pending of this.queue) view = this.apply(view, pending);
    this.viewState = view;
  }

  private apply(state: BoardState, pending: PendingCommand): BoardState {
    const command = { type: pending.type, data: pending.data } as BoardCommand;
    const decision = decide(command, state, this.context(pending.commandId, pending.createdAt));
    // A pending command the latest state no longer allows shows nothing; the server will say why.
    if (!decision.ok || decision.events.length === 0) return state;
    const meta = { actor: this.actor, at: pending.createdAt };
    // Optimistic events carry the confirmed revision: the view never claims a revision it does not have.
    return fold(
      state,
      decision.events.map((event) => ({ ...event, revision: state.revision, meta })),
    );
  }

  private context(commandId: string, now: string) {
    let n = 0;
    return { actor: this.actor, now, newId: () => `${commandId.slice(0, 50)}-${n++}` };
  }
}

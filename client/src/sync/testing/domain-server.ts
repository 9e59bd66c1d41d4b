import {
  BANYUASIN_OPDS,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  GENESIS_HASH,
  NOMENCLATURE_2021_PROGRAMS,
  boardFrom,
  chainEvents,
  decide,
  findConflicts,
  foldInPlace,
  initialBoardState,
  parseCommand,
  testActors,
  type Actor,
  type BoardState,
  type CommandType,
  type RecordedEvent,
} from '@selaras/shared';

export type Answer =
  | { status: 200; revision: number; events: RecordedEvent[] }
  | { status: 400; error: string }
  | { status: 409; conflicts: RecordedEvent[] };

/**
 * The server's rules without its I/O, for testing the client's sync layer: the shared schema, the
 * shared decide, the shared merge rule and the hash chain, as server/src/boards/board-session.ts
 * applies them. Not a mock: the same functions decide; only HTTP and SQLite are left out.
 */
export class DomainServer {
  readonly events: RecordedEvent[] = [];
  readonly state: BoardState;
  private readonly answers = new Map<string, Answer>();
  private ids = 0;

  constructor(readonly boardId = 'papan-uji') {
    this.state = initialBoardState(boardId);
    this.execute(testActors.sekretariat, 'CreateBoard', {
      boardId,
      title: 'Papan uji sinkronisasi',
      nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
      columns: [...DEFAULT_STAGES],
      opds: BANYUASIN_OPDS,
      referenceLists: BANYUASIN_REFERENCE_LISTS,
    });
  }

  get revision(): number {
    return this.state.revision;
  }

  /** The board as folded so far, through JSON as GET /api/boards/:id sends it. */
  snapshot(): BoardState {
    return JSON.parse(JSON.stringify(this.state)) as BoardState;
  }

  execute(
    actor: Actor,
    type: CommandType,
    data: unknown,
    commandId = `cmd-${++this.ids}`,
    baseRevision = this.revision,
  ): Answer {
    const known = this.answers.get(commandId);
    if (known) return known;
    const answer = this.decide(actor, type, data, commandId, baseRevision);
    this.answers.set(commandId, answer);
    return answer;
  }

  private decide(actor: Actor, type: CommandType, data: unknown, commandId: string, base: number): Answer {
    const parsed = parseCommand(type, data);
    if (!parsed.success) return { status: 400, error: 'ValidationFailed' };
    const conflicts = findConflicts(parsed.command, this.state, this.events.slice(base + 1));
    if (conflicts.length > 0) return { status: 409, conflicts };
    const decision = decide(parsed.command, this.state, {
      actor,
      now: new Date(Date.UTC(2025, 1, 14, 3, 0, this.events.length)).toISOString(),
      newId: () => `srv-${++this.ids}`,
      // As the server does for RevertProgram: the program as of a revision, folded from the stream.
      programAt: (programId, revision) =>
        boardFrom(this.boardId, this.events.slice(0, revision + 1)).programs[programId] ?? null,
    });
    if (!decision.ok) return { status: 400, error: decision.error.code };
    const last = this.events.at(-1);
    const recorded = chainEvents(
      decision.events,
      { revision: this.revision, hash: last?.meta.hash ?? GENESIS_HASH },
      { actor, at: new Date(Date.UTC(2025, 1, 14, 3, 0, this.events.length)).toISOString(), commandId },
      () => `ev-${++this.ids}`,
    );
    foldInPlace(this.state, recorded);
    this.events.push(...recorded);
    return { status: 200, revision: this.revision, events: recorded };
  }
}

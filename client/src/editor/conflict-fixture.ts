import {
  ASTA_CITA,
  BANYUASIN_OPDS,
  chainEvents,
  command,
  decide,
  DEFAULT_STAGES,
  findConflicts,
  fold,
  GENESIS_HASH,
  initialBoardState,
  NOMENCLATURE_2021_PROGRAMS,
  testActors,
  type Actor,
  type BoardState,
  type CommandInput,
  type CommandType,
  type RecordedEvent,
} from '@selaras/shared';
import { BoardSync, type PendingCommand } from '../sync/board-sync';

/**
 * Test-only: real conflicts for the conflict view's specs. Every event is decided by the shared `decide`,
 * chained by `chainEvents` and folded by `fold`, and the 409 is the shared merge rule's answer, so the
 * specs see exactly the shapes the server sends (no hand-written events).
 */

export const me: Actor = testActors.dinkes;
/** Bappeda staff: the role matrix lets only the program's OPD and Bappeda change it. */
export const them: Actor = {
  id: 'u-bappeda-staf',
  name: 'Staf Perencanaan Bappeda',
  role: 'sekretariat',
  opdId: 'bappeda',
};
export const PROGRAM_ID = 'p-imunisasi';
/** 10:15 WIB on the meeting day. */
export const THEIR_TIME = '2025-02-14T03:15:00.000Z';
const BASE_TIME = '2025-02-14T02:00:00.000Z';

export type Step = { [T in CommandType]: { type: T; data: CommandInput<T> } }[CommandType];

/** A board's event log, written the way the server writes it. */
export class EventLog {
  state: BoardState = initialBoardState('papan-uji');
  private readonly events: RecordedEvent[] = [];
  private n = 0;

  run(actor: Actor, step: Step, at: string): RecordedEvent[] {
    const commandId = `c-${++this.n}`;
    const decision = decide(command(step.type, step.data as never), this.state, {
      actor,
      now: at,
      newId: () => `${commandId}-id`,
    });
    if (!decision.ok) throw new Error(`${step.type} refused: ${decision.error.message}`);
    const last = this.events.at(-1);
    const recorded = chainEvents(
      decision.events,
      { revision: this.state.revision, hash: last?.meta.hash ?? GENESIS_HASH },
      { actor, at, commandId },
      () => `e-${commandId}-${this.events.length}`,
    );
    this.events.push(...recorded);
    this.state = fold(this.state, recorded);
    return recorded;
  }
}

/** Three stages, the Banyuasin OPDs, Asta Cita, and one Dinkes program with pagu for 2026 and 2027. */
export function baseLog(): EventLog {
  const log = new EventLog();
  log.run(
    testActors.sekretariat,
    {
      type: 'CreateBoard',
      data: {
        boardId: 'papan-uji',
        title: 'RPJMD Banyuasin 2025–2029',
        nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
        columns: DEFAULT_STAGES.slice(0, 3).map(({ id, title }) => ({ id, title })),
        opds: BANYUASIN_OPDS,
        referenceLists: [ASTA_CITA],
      },
    },
    BASE_TIME,
  );
  log.run(
    me,
    {
      type: 'ProposeProgram',
      data: {
        programId: PROGRAM_ID,
        code: '1.02.02',
        title: 'Program Pemenuhan Upaya Kesehatan',
        opdId: 'dinkes',
        pagu: { '2026': 1_000_000_000, '2027': 1_100_000_000 },
      },
    },
    BASE_TIME,
  );
  return log;
}

export interface Conflict {
  pending: PendingCommand;
  confirmed: BoardState;
  conflicts: RecordedEvent[];
}

/**
 * I make `mine` on the base board; meanwhile `them` run `theirs`. My command reaches the server after
 * theirs, the merge rule finds the conflicting events, and my sync layer records the 409 as it does live.
 */
export function conflictOf(mine: Step, theirs: Step[], setup: Step[] = []): Conflict {
  const log = baseLog();
  for (const step of setup) log.run(testActors.sekretariat, step, BASE_TIME);
  // Stages are Bappeda's to rename and move: those conflicts are between two secretariat people.
  const sync = new BoardSync(log.state, mine.type.endsWith('Column') ? testActors.sekretariat : me);
  const proposed = sync.propose(mine.type, mine.data, 'cmd-mine', BASE_TIME);
  if (!proposed.ok) throw new Error(`my ${mine.type} refused: ${proposed.error.message}`);
  const later = theirs.flatMap((step) => log.run(them, step, THEIR_TIME));
  const conflicts = findConflicts(command(mine.type, mine.data as never), log.state, later);
  if (conflicts.length === 0) throw new Error('the server would have merged this: no conflict');
  sync.receive(later);
  sync.conflicted('cmd-mine', conflicts);
  const pending = sync.pending.find((p) => p.commandId === 'cmd-mine');
  if (pending?.status !== 'conflict') throw new Error('the sync layer did not keep the conflict');
  return { pending, confirmed: sync.confirmed, conflicts };
}

import type { BoardCommand, CommandInput, CommandType } from '../domain/commands';
import { parseCommand } from '../domain/commands';
import { decide, type DecideContext } from '../domain/decide';
import type { DomainErrorCode } from '../domain/errors';
import type { BoardEvent, RecordedEvent } from '../domain/events';
import { boardFrom } from '../domain/evolve';
import { own, type Actor, type BoardState } from '../domain/types';
import { GENESIS_HASH } from '../hash/hash-chain';

/** Test actors with the roles of the demo accounts. */
export const testActors = {
  sekretariat: { id: 'u-sekretariat', name: 'Sekretariat Bappeda', role: 'sekretariat', opdId: 'bappeda' },
  dinkes: { id: 'u-dinkes', name: 'Operator Dinas Kesehatan', role: 'opd', opdId: 'dinkes' },
  disdik: { id: 'u-disdik', name: 'Operator Dinas Pendidikan', role: 'opd', opdId: 'disdik' },
  inspektorat: { id: 'u-inspektorat', name: 'Inspektorat', role: 'auditor', opdId: 'inspektorat' },
  layar: { id: 'u-layar', name: 'Layar Ruang Rapat', role: 'display', opdId: null },
} satisfies Record<string, Actor>;

const AT = '2025-02-14T03:00:00.000Z';

/** Wraps plain events as recorded ones (revisions from 0, fixed actor and time) for folding. */
export function recorded(
  events: readonly BoardEvent[],
  actor: Actor = testActors.sekretariat,
): RecordedEvent[] {
  return events.map((event, revision) => ({
    ...event,
    id: `e-${revision}`,
    revision,
    meta: { actor, at: AT, commandId: `c-${revision}`, prevHash: GENESIS_HASH, hash: GENESIS_HASH },
  })) as RecordedEvent[];
}

/** Parses a command through the shared schema, as the server does, throwing on invalid input. */
export function command<T extends CommandType>(type: T, data: CommandInput<T>): BoardCommand {
  const parsed = parseCommand(type, data);
  if (!parsed.success) throw new Error(`invalid ${type}: ${parsed.error.message}`);
  return parsed.command;
}

export interface Scenario {
  state: BoardState;
  when(cmd: BoardCommand, actor?: Actor): Outcome;
}

export interface Outcome {
  /** Asserts the command was accepted with exactly these events (in order) and returns them. */
  then(...expected: BoardEvent[]): BoardEvent[];
  /** Asserts the command was accepted and returns its events for finer assertions. */
  thenAccepted(): BoardEvent[];
  /** Asserts the command was rejected with this error code and returns the error message. */
  thenRejects(code: DomainErrorCode): string;
}

/** Given these events happened on board `boardId` … */
export function given(events: readonly BoardEvent[], boardId = 'papan-uji'): Scenario {
  const state = boardFrom(boardId, recorded(events));
  return {
    state,
    when(cmd, actor = testActors.sekretariat) {
      let next = 0;
      const ctx: DecideContext = {
        actor,
        now: AT,
        newId: () => `id-${++next}`,
        // The history is the given events: the program as of a revision is the fold of the first ones.
        programAt: (programId, revision) =>
          own(boardFrom(boardId, recorded(events.slice(0, revision + 1))).programs, programId) ?? null,
      };
      const decision = decide(cmd, state, ctx);
      return {
        then(...expected) {
          if (!decision.ok)
            throw new Error(`expected events, got ${decision.error.code}: ${decision.error.message}`);
          const actual = JSON.stringify(decision.events);
          if (actual !== JSON.stringify(expected)) {
            throw new Error(`events differ\nexpected: ${JSON.stringify(expected)}\nactual:   ${actual}`);
          }
          return decision.events;
        },
        thenAccepted() {
          if (!decision.ok)
            throw new Error(`expected events, got ${decision.error.code}: ${decision.error.message}`);
          return decision.events;
        },
        thenRejects(code) {
          if (decision.ok) throw new Error(`expected ${code}, got events ${JSON.stringify(decision.events)}`);
          if (decision.error.code !== code) {
            throw new Error(`expected ${code}, got ${decision.error.code}: ${decision.error.message}`);
          }
          return decision.error.message;
        },
      };
    },
  };
}

import { decide } from '../domain/decide';
import { evolve } from '../domain/evolve';
import { initialBoardState, type BoardState } from '../domain/types';
import { testActors } from '../testing/given-when-then';
import { parseCommand } from '../domain/commands';
import { DEMO_BOARD_ID, demoBoardSteps } from './demo-board';
import { NOMENCLATURE_2021_PROGRAMS } from './nomenclature';

const actors: Record<string, (typeof testActors)[keyof typeof testActors]> = {
  sekretariat: testActors.sekretariat,
  dinkes: testActors.dinkes,
  disdik: testActors.disdik,
  putr: { id: 'u-putr', name: 'Operator Dinas PUTR', role: 'opd', opdId: 'putr' },
};

describe('the demo board', () => {
  it('seeds through the normal command path, every step accepted', () => {
    let state: BoardState = initialBoardState(DEMO_BOARD_ID);
    let n = 0;
    for (const step of demoBoardSteps()) {
      const parsed = parseCommand(step.type, step.data);
      if (!parsed.success) throw new Error(`${step.type}: ${parsed.error.message}`);
      const decision = decide(parsed.command, state, {
        actor: actors[step.username]!,
        now: '2025-02-14T03:00:00.000Z',
        newId: () => `id-${++n}`,
      });
      if (!decision.ok) throw new Error(`${step.type}: ${decision.error.message}`);
      for (const event of decision.events) {
        state = evolve(state, {
          ...event,
          revision: state.revision + 1,
          meta: { actor: testActors.sekretariat, at: 'x' },
        });
      }
    }
    expect(state.sample).toBe(true);
    expect(state.columns.map((c) => c.title)[0]).toBe('Usulan OPD');
    const programs = Object.values(state.programs);
    expect(programs.length).toBeGreaterThan(15);
    for (const p of programs) {
      expect(NOMENCLATURE_2021_PROGRAMS.entries.get(p.code)?.title).toBe(p.title);
      // No invented budgets, targets or indicators.
      expect(p.pagu).toEqual({});
      expect(p.indicators).toEqual([]);
    }
    const counted = state.columns.reduce((sum, c) => sum + c.programIds.length, 0);
    expect(counted).toBe(programs.length);
  });
});

import { decide } from '../domain/decide';
import { evolve } from '../domain/evolve';
import { initialBoardState, type BoardState } from '../domain/types';
import { testActors } from '../testing/given-when-then';
import { parseCommand } from '../domain/commands';
import { DEMO_BOARD_ID, demoBoardSteps } from './demo-board';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { kegiatanOf } from '../domain/types';
import { rincianCounts } from '../domain/rincian-read';

const FULL = fullNomenclature();

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
    for (const step of demoBoardSteps(FULL)) {
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
    expect(state.nomenclatureVersion).toBe(FULL.version);
    for (const p of programs) {
      // Program titles as the nomenclature writes them.
      expect(FULL.entries.get(p.code)?.title).toBe(p.title);
      // No invented budgets, targets or indicators.
      expect(p.pagu).toEqual({});
      expect(p.indicators).toEqual([]);
      for (const kegiatan of Object.values(kegiatanOf(p))) {
        expect(FULL.entries.get(kegiatan.code)?.parent).toBe(p.code);
        expect(kegiatan.title).toBe(FULL.entries.get(kegiatan.code)?.title);
        for (const sub of Object.values(kegiatan.subKegiatan)) {
          const entry = FULL.entries.get(sub.code)!;
          expect(entry.parent).toBe(kegiatan.code);
          expect(sub.pagu).toEqual({});
          // Indicators only as the decree words them; no target or baseline.
          for (const indicator of sub.indicators) {
            expect(indicator).toMatchObject({
              kinerja: entry.kinerja,
              name: entry.indikator,
              unit: entry.satuan,
            });
            expect(indicator.baseline).toBeNull();
            expect(indicator.targets).toEqual({});
          }
        }
      }
    }
    // Some kegiatan and sub-kegiatan on a few programs.
    const withRincian = programs.filter((p) => rincianCounts(p).subKegiatan > 0);
    expect(withRincian.length).toBeGreaterThanOrEqual(3);
    // Each OPD with programs is mapped to the bidang of its programs (derived, not typed).
    for (const p of programs)
      expect(state.opdBidang?.[p.opdId]).toContain(p.code.split('.').slice(0, 2).join('.'));
    expect(state.opdBidang?.dishub).toBeUndefined();
    const counted = state.columns.reduce((sum, c) => sum + c.programIds.length, 0);
    expect(counted).toBe(programs.length);
  });
});

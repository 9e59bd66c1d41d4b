import { DEMO_BOARD_ID, demoBoardSteps } from '../reference/demo-board';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { testActors } from '../testing/given-when-then';
import { parseCommand } from './commands';
import { decide } from './decide';
import type { RecordedEvent } from './events';
import { evolve, fold, foldInPlace } from './evolve';
import { initialBoardState, type BoardState } from './types';

/** The demo board's history, plus revisions, moves, archives and tags, decided one by one. */
function history(): RecordedEvent[] {
  let state: BoardState = initialBoardState(DEMO_BOARD_ID);
  const events: RecordedEvent[] = [];
  let n = 0;
  const run = (type: string, data: unknown) => {
    const parsed = parseCommand(type as never, data);
    if (!parsed.success) throw new Error(parsed.error.message);
    const decision = decide(parsed.command, state, {
      actor: testActors.sekretariat,
      now: 't',
      newId: () => `id-${++n}`,
    });
    if (!decision.ok) throw new Error(decision.error.message);
    for (const e of decision.events) {
      const recorded = {
        ...e,
        id: `e${events.length}`,
        revision: events.length,
        meta: {
          actor: testActors.sekretariat,
          at: `t${events.length}`,
          commandId: 'c',
          prevHash: '',
          hash: '',
        },
      } as RecordedEvent;
      events.push(recorded);
      state = evolve(state, recorded);
    }
  };
  for (const step of demoBoardSteps(fullNomenclature())) run(step.type, step.data);
  run('ReviseProgram', { programId: 'dinkes-1-02-02', changes: { pagu: { '2026': 5 }, lokasi: ['Betung'] } });
  run('ReviseProgram', { programId: 'dinkes-1-02-02', changes: { pagu: { '2027': 7 } } });
  run('MoveProgram', { programId: 'putr-1-03-03', toColumnId: 'disepakati', afterId: undefined });
  run('ArchiveProgram', { programId: 'disdik-1-01-02', reason: 'uji' });
  run('UnarchiveProgram', { programId: 'disdik-1-01-02' });
  run('UntagProgram', { programId: 'dinkes-1-02-02', listId: 'phtc', itemId: 'phtc-2' });
  run('AddReferenceItem', {
    listId: 'pro-rakyat',
    item: { id: 'pr-1', code: 'PR 1', short: 'Satu', label: 'Butir satu' },
  });
  run('AddColumn', { columnId: 'kolom-baru', title: 'Kolom baru', afterId: 'telaah-bappeda' });
  run('MoveColumn', { columnId: 'ditunda', beforeId: 'usulan-opd' });
  return events;
}

describe('foldInPlace', () => {
  it('gives exactly what fold gives, event by event', () => {
    const events = history();
    const owned = initialBoardState(DEMO_BOARD_ID);
    let immutable = initialBoardState(DEMO_BOARD_ID);
    for (const event of events) {
      foldInPlace(owned, [event]);
      immutable = evolve(immutable, event);
      expect(JSON.stringify(owned)).toBe(JSON.stringify(immutable));
    }
    expect(JSON.stringify(foldInPlace(initialBoardState(DEMO_BOARD_ID), events))).toBe(
      JSON.stringify(fold(initialBoardState(DEMO_BOARD_ID), events)),
    );
  });

  it('two owned copies fed the same events never affect each other', () => {
    const events = history();
    const half = Math.floor(events.length / 2);
    const a = foldInPlace(initialBoardState(DEMO_BOARD_ID), events.slice(0, half));
    const b = structuredClone(a);
    const frozen = JSON.stringify(b);
    foldInPlace(a, events.slice(half));
    expect(JSON.stringify(b)).toBe(frozen);
    foldInPlace(b, events.slice(half));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

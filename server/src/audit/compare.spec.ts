import { DEMO_BOARD_ID, boardFrom, mulberry32 } from '@selaras/shared';
import { applyDiff, compareBoards, compareCodes, comparedStates } from './compare';
import { randomHistory } from './random-history.spec-helper';

describe('compareBoards', () => {
  const events = randomHistory(11, 600);

  it('the diff of two points applied to the first gives the second (random pairs)', () => {
    const random = mulberry32(5);
    for (let round = 0; round < 60; round++) {
      const x = Math.floor(random() * events.length);
      const y = Math.floor(random() * events.length);
      const [a, b] = x <= y ? [x, y] : [y, x];
      const from = boardFrom(DEMO_BOARD_ID, events.slice(0, a + 1));
      const to = boardFrom(DEMO_BOARD_ID, events.slice(0, b + 1));
      expect(applyDiff(from, compareBoards(from, to))).toEqual(comparedStates(to));
    }
  });

  it('is empty between a point and itself', () => {
    const board = boardFrom(DEMO_BOARD_ID, events);
    expect(compareBoards(board, board)).toEqual({
      added: [],
      archived: [],
      restored: [],
      moved: [],
      revised: [],
    });
  });

  it('names added, moved and revised programs with their fields, grouped by OPD', () => {
    const start = events.findIndex((e) => e.type === 'ProgramProposed');
    const from = boardFrom(DEMO_BOARD_ID, events.slice(0, start));
    const to = boardFrom(DEMO_BOARD_ID, events);
    const diff = compareBoards(from, to);
    expect(diff.added.length).toBe(Object.keys(to.programs).length);
    expect(diff.added[0]!.fields?.code).toBe(diff.added[0]!.code);
    const opds = diff.added.map((p) => p.opdId);
    expect(opds).toEqual([...opds].sort());
  });

  it('orders codes as the nomenclature does', () => {
    const codes = ['1.03.02', '1.02.10', '1.02.02', '2.09.03', '1.02.02.1.01'];
    expect(codes.sort(compareCodes)).toEqual(['1.02.02', '1.02.02.1.01', '1.02.10', '1.03.02', '2.09.03']);
  });
});

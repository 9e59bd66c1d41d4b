/** @jest-environment node */
import { evolve } from '@selaras/shared';
import { AGREED_COLUMN_ID, commonWordPrefix, coverage, opdAgreement, stageBars } from './charts';
import { demoBoard, recordedEvent } from './display-fixture';

const board = demoBoard();

describe('stage bars', () => {
  it('counts the programs of every column and sums their pagu, in column order', () => {
    const withPagu = evolve(
      board,
      recordedEvent(
        {
          type: 'ProgramRevised',
          data: {
            programId: 'dinkes-1-02-02',
            changes: { pagu: { '2025': 1_250_000_000, '2026': 750_000_000 } },
            before: {},
          },
        },
        board.revision + 1,
      ),
    );
    const bars = stageBars(withPagu);
    expect(bars.map((b) => b.columnId)).toEqual(board.columns.map((c) => c.id));
    expect(bars.map((b) => b.count)).toEqual(board.columns.map((c) => c.programIds.length));
    expect(bars.find((b) => b.columnId === 'selaras-asta-cita')!.pagu).toBe(2_000_000_000);
    expect(bars.filter((b) => b.columnId !== 'selaras-asta-cita').every((b) => b.pagu === 0)).toBe(true);
  });
});

describe('agreement per OPD', () => {
  it('counts, per OPD with programs, how many are in Disepakati; most programs first', () => {
    const rows = opdAgreement(board);
    const total = rows.reduce((sum, r) => sum + r.total, 0);
    expect(total).toBe(board.columns.reduce((sum, c) => sum + c.programIds.length, 0));
    expect(rows.every((r) => r.total > 0)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.total).toBeGreaterThanOrEqual(rows[i]!.total);
    expect(rows.find((r) => r.opdId === 'bappeda')).toMatchObject({ name: 'Bappeda', total: 1, agreed: 1 });
    expect(rows.find((r) => r.opdId === 'dinkes')).toMatchObject({ short: 'Dinkes', total: 2, agreed: 0 });
  });

  it('follows a move into Disepakati and leaves archived programs out', () => {
    const moved = evolve(
      board,
      recordedEvent(
        {
          type: 'ProgramMoved',
          data: {
            programId: 'dinkes-1-02-02',
            fromColumnId: 'selaras-asta-cita',
            toColumnId: AGREED_COLUMN_ID,
            rank: 'zz',
            fromRank: 'a',
          },
        },
        board.revision + 1,
      ),
    );
    expect(opdAgreement(moved).find((r) => r.opdId === 'dinkes')).toMatchObject({ total: 2, agreed: 1 });
    const archived = evolve(
      moved,
      recordedEvent(
        { type: 'ProgramArchived', data: { programId: 'dinkes-1-02-03', reason: 'ganda' } },
        board.revision + 2,
      ),
    );
    expect(opdAgreement(archived).find((r) => r.opdId === 'dinkes')).toMatchObject({ total: 1, agreed: 1 });
  });
});

describe('coverage', () => {
  it('marks the Asta Cita missions no active program supports yet', () => {
    const asta = coverage(board, 'asta-cita')!;
    expect(asta.items).toHaveLength(8);
    expect(asta.items.map((i) => i.label)).toEqual([
      'AC 1',
      'AC 2',
      'AC 3',
      'AC 4',
      'AC 5',
      'AC 6',
      'AC 7',
      'AC 8',
    ]);
    const unsupported = asta.items.filter((i) => i.unsupported).map((i) => i.id);
    expect(unsupported).toEqual(asta.items.filter((i) => i.count === 0).map((i) => i.id));
    expect(asta.unsupported).toBe(unsupported.length);
    expect(unsupported.length).toBeGreaterThan(0); // the demo board leaves some missions open
    expect(asta.items.find((i) => i.id === 'ac-4')!.count).toBeGreaterThan(0);
  });

  it('counts a new tag at once, and an untag or archive takes the support away again', () => {
    const gap = coverage(board, 'asta-cita')!.items.find((i) => i.unsupported)!;
    const tagged = evolve(
      board,
      recordedEvent(
        { type: 'ProgramTagged', data: { programId: 'putr-1-03-10', listId: 'asta-cita', itemId: gap.id } },
        board.revision + 1,
      ),
    );
    expect(coverage(tagged, 'asta-cita')!.items.find((i) => i.id === gap.id)).toMatchObject({
      count: 1,
      unsupported: false,
    });
    const archived = evolve(
      tagged,
      recordedEvent(
        { type: 'ProgramArchived', data: { programId: 'putr-1-03-10', reason: '' } },
        board.revision + 2,
      ),
    );
    expect(coverage(archived, 'asta-cita')!.items.find((i) => i.id === gap.id)).toMatchObject({
      count: 0,
      unsupported: true,
    });
  });

  it('labels the program prioritas Bupati by name (the shared "Banyuasin" dropped)', () => {
    const prioritas = coverage(board, 'prioritas-bupati')!;
    expect(prioritas.items.map((i) => i.label)).toEqual([
      'Cerdas',
      'Sehat',
      'Religius',
      'Makmur',
      'Prima',
      'Terbuka',
      'Membangun',
    ]);
    expect(prioritas.items.every((i) => i.unsupported === (i.count === 0))).toBe(true);
  });

  it('is null for a list the board does not have', () => {
    expect(coverage(board, 'tidak-ada')).toBeNull();
  });

  it('finds the words every label starts with', () => {
    expect(commonWordPrefix(['Banyuasin Cerdas', 'Banyuasin Sehat'])).toBe('Banyuasin ');
    expect(commonWordPrefix(['Banyuasin', 'Banyuasin Sehat'])).toBe('');
    expect(commonWordPrefix(['SDM berdaya saing', 'Keamanan'])).toBe('');
    expect(commonWordPrefix(['Satu'])).toBe('');
  });
});

/** @jest-environment node */
import { testActors } from '@selaras/shared';
import { BoardSync } from '../sync/board-sync';
import { DomainServer } from '../sync/testing/domain-server';
import { deriveBoard } from './derive';
import { EMPTY_FILTER, filterFromSearch, searchFromFilter } from './filters';

function board() {
  const server = new DomainServer();
  const { dinkes, disdik } = testActors;
  server.execute(dinkes, 'ProposeProgram', {
    programId: 'kes',
    code: '1.02.02',
    title: 'Program Upaya Kesehatan',
    opdId: 'dinkes',
    pagu: { '2025': 1_000_000, '2026': 2_500_000 },
    lokasi: ['Betung'],
  });
  server.execute(disdik, 'ProposeProgram', {
    programId: 'pend',
    code: '1.01.02',
    title: 'Program Pengelolaan Pendidikan',
    opdId: 'disdik',
  });
  server.execute(dinkes, 'ProposeProgram', {
    programId: 'sdm',
    code: '1.02.03',
    title: 'Program SDM Kesehatan',
    opdId: 'dinkes',
    pagu: { '2027': 500 },
  });
  server.execute(testActors.sekretariat, 'TagProgram', {
    programId: 'pend',
    listId: 'asta-cita',
    itemId: 'ac-4',
  });
  server.execute(testActors.sekretariat, 'MoveProgram', { programId: 'sdm', toColumnId: 'telaah-bappeda' });
  return server;
}

describe('deriveBoard', () => {
  it('lists each column with counts and the pagu total of its programs', () => {
    const model = deriveBoard(board().state, EMPTY_FILTER);
    const [usulan, telaah] = model.columns;
    expect(usulan).toMatchObject({ id: 'usulan-opd', ids: ['kes', 'pend'], total: 2, paguTotal: 3_500_000 });
    expect(telaah).toMatchObject({ ids: ['sdm'], paguTotal: 500 });
    expect(model).toMatchObject({ visible: 3, total: 3, lanes: null });
  });

  it.each([
    ['?opd=dinkes', ['kes', 'sdm']],
    ['?tag=asta-cita:ac-4', ['pend']],
    ['?q=kesehatan', ['kes', 'sdm']],
    ['?q=1.01', ['pend']],
    ['?q=betung', ['kes']],
    ['?q=dinas kesehatan upaya', ['kes']],
    ['?stage=telaah-bappeda', ['sdm']],
    ['?opd=disdik&q=kesehatan', []],
  ])('filters by %s', (search, expected) => {
    const model = deriveBoard(board().state, filterFromSearch(search));
    expect(model.columns.flatMap((c) => c.ids)).toEqual(expected);
  });

  it('shows only the chosen stages', () => {
    const model = deriveBoard(board().state, filterFromSearch('?stage=telaah-bappeda'));
    expect(model.columns.map((c) => c.id)).toEqual(['telaah-bappeda']);
  });

  it('groups by OPD into swimlanes, in the board OPD order, with one cell per column', () => {
    const model = deriveBoard(board().state, filterFromSearch('?group=opd'));
    expect(model.lanes?.map((l) => [l.opdId, l.count, l.depth])).toEqual([
      ['disdik', 1, 1],
      ['dinkes', 2, 1],
    ]);
    expect(model.lanes?.[1]?.cells).toEqual({ 'usulan-opd': ['kes'], 'telaah-bappeda': ['sdm'] });
  });

  it('keeps the identity of every column one event did not change', () => {
    const server = board();
    const sync = new BoardSync(server.snapshot(), testActors.dinkes);
    const before = deriveBoard(sync.view, EMPTY_FILTER);
    const answer = server.execute(testActors.sekretariat, 'ReviseProgram', {
      programId: 'sdm',
      changes: { title: 'Program Peningkatan SDM Kesehatan' },
    });
    if (answer.status !== 200) throw new Error('expected 200');
    sync.receive(answer.events);
    const after = deriveBoard(sync.view, EMPTY_FILTER, before);
    expect(after.columns).toHaveLength(before.columns.length);
    after.columns.forEach((column, i) => expect(column).toBe(before.columns[i]));

    const moved = server.execute(testActors.sekretariat, 'MoveProgram', {
      programId: 'pend',
      toColumnId: 'ditunda',
    });
    if (moved.status !== 200) throw new Error('expected 200');
    sync.receive(moved.events);
    const third = deriveBoard(sync.view, EMPTY_FILTER, after);
    const changed = third.columns.filter((c, i) => c !== after.columns[i]).map((c) => c.id);
    expect(changed).toEqual(['usulan-opd', 'ditunda']);
  });
});

describe('filters in the URL', () => {
  it('round-trips and leaves a plain board with a plain URL', () => {
    const filter = {
      opd: ['dinkes', 'disdik'],
      tag: ['asta-cita:ac-4'],
      stage: ['usulan-opd'],
      q: 'air minum',
      group: 'opd' as const,
    };
    const search = searchFromFilter(filter);
    expect(search).toBe('?opd=dinkes,disdik&tag=asta-cita:ac-4&stage=usulan-opd&q=air+minum&group=opd');
    expect(filterFromSearch(search)).toEqual(filter);
    expect(searchFromFilter(EMPTY_FILTER)).toBe('');
    expect(filterFromSearch('?group=nonsense&opd=')).toEqual(EMPTY_FILTER);
  });
});

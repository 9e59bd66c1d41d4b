import { type BoardEvent, boardFrom, recorded } from '@selaras/shared';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { compareRincian } from './compare-rincian';
import { historyFromEvents } from './history-from-events';

const FULL = fullNomenclature();
const [K1, K2] = FULL.children!.get('1.02.02')!;
const [S1] = FULL.children!.get(K1!)!;
const title = (code: string) => FULL.entries.get(code)!.title;

const events: BoardEvent[] = [
  {
    type: 'BoardCreated',
    data: {
      boardId: 'b',
      title: 'Papan uji',
      description: '',
      sample: true,
      synthetic: false,
      nomenclatureVersion: FULL.version,
      columns: [{ id: 'c', title: 'Usulan OPD', rank: 'a0' }],
      opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
      referenceLists: [],
    },
  },
  {
    type: 'ProgramProposed',
    data: {
      programId: 'p',
      columnId: 'c',
      rank: 'a0',
      code: '1.02.02',
      title: title('1.02.02'),
      opdId: 'dinkes',
      indicators: [],
      pagu: {},
      lokasi: [],
      sumberDana: null,
      notes: '',
    },
  },
  {
    type: 'KegiatanAdded',
    data: { programId: 'p', code: K1!, title: title(K1!), indicators: [], notes: '' },
  },
  {
    type: 'SubKegiatanAdded',
    data: {
      programId: 'p',
      code: S1!,
      title: title(S1!),
      indicators: [],
      pagu: { '2026': 10 },
      lokasi: [],
      notes: '',
    },
  },
  // Revision 4: the first point.
  {
    type: 'SubKegiatanRevised',
    data: { programId: 'p', code: S1!, changes: { pagu: { '2026': 25 } }, before: { pagu: { '2026': 10 } } },
  },
  {
    type: 'KegiatanAdded',
    data: { programId: 'p', code: K2!, title: title(K2!), indicators: [], notes: '' },
  },
  { type: 'KegiatanArchived', data: { programId: 'p', code: K2!, reason: 'x' } },
  {
    type: 'KegiatanRevised',
    data: { programId: 'p', code: K1!, changes: { notes: 'baru' }, before: { notes: '' } },
  },
];
const all = recorded(events);

describe('kegiatan and sub-kegiatan in the audit views', () => {
  it('compares two points: revised pagu per year, added then archived, and the effective program pagu', () => {
    const diff = compareRincian(boardFrom('b', all.slice(0, 4)), boardFrom('b', all));
    expect(diff).toHaveLength(1);
    expect(diff[0]!.changes).toEqual([
      {
        level: 'kegiatan',
        code: K1,
        title: title(K1!),
        kind: 'revised',
        changes: [{ field: 'notes', before: '', after: 'baru' }],
      },
      {
        level: 'subKegiatan',
        code: S1,
        title: title(S1!),
        kind: 'revised',
        changes: [{ field: 'pagu.2026', before: 10, after: 25 }],
      },
      { level: 'kegiatan', code: K2, title: title(K2!), kind: 'archived', changes: [] },
    ]);
    expect(diff[0]!.programPagu).toEqual([{ field: 'pagu.2026', before: 10, after: 25 }]);
    expect(compareRincian(boardFrom('b', all), boardFrom('b', all))).toEqual([]);
  });

  it('puts every kegiatan and sub-kegiatan event in the program history, naming which one', () => {
    const history = historyFromEvents(
      all.filter((e) => (e.data as { programId?: string }).programId === 'p'),
    );
    expect(history.map((e) => [e.type, e.rincian?.code])).toEqual([
      ['KegiatanRevised', K1],
      ['KegiatanArchived', K2],
      ['KegiatanAdded', K2],
      ['SubKegiatanRevised', S1],
      ['SubKegiatanAdded', S1],
      ['KegiatanAdded', K1],
      ['ProgramProposed', undefined],
    ]);
    expect(history.find((e) => e.type === 'SubKegiatanAdded')).toMatchObject({
      rincian: { level: 'subKegiatan', code: S1, title: title(S1!) },
      changes: expect.arrayContaining([
        { field: 'exists', before: false, after: true },
        { field: 'pagu.2026', before: null, after: 10 },
      ]),
    });
    expect(history.find((e) => e.type === 'KegiatanArchived')?.changes).toEqual([
      { field: 'archived', before: false, after: true },
    ]);
  });
});

import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { command, given, recorded, testActors } from '../testing/given-when-then';
import { findConflicts } from './conflicts';
import type { BoardEvent } from './events';
import { boardFrom } from './evolve';
import { programPagu, programPaguTotal } from './pagu';

// Real codes from the shipped nomenclature, never typed by hand.
const FULL = fullNomenclature();
const children = (code: string) => FULL.children!.get(code)!;
const title = (code: string) => FULL.entries.get(code)!.title;
const [KEGIATAN, OTHER_KEGIATAN] = children('1.02.02');
const [SUB, SUB_2] = children(KEGIATAN!);
const FOREIGN_KEGIATAN = children('1.02.03')[0]!;
const FOREIGN_SUB = children(FOREIGN_KEGIATAN)[0]!;

const created: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji rincian',
    description: 'Data contoh.',
    sample: true,
    synthetic: false,
    nomenclatureVersion: FULL.version,
    columns: [{ id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' }],
    opds: [
      { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
      { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
    ],
    referenceLists: [],
  },
};
const program: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'p-kes',
    columnId: 'usulan-opd',
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
};
const kegiatanAdded: BoardEvent = {
  type: 'KegiatanAdded',
  data: { programId: 'p-kes', code: KEGIATAN!, title: title(KEGIATAN!), indicators: [], notes: '' },
};
const subAdded = (code: string, pagu: Record<string, number> = {}): BoardEvent => ({
  type: 'SubKegiatanAdded',
  data: { programId: 'p-kes', code, title: title(code), indicators: [], pagu, lokasi: [], notes: '' },
});
const board = [created, program];
const withKegiatan = [...board, kegiatanAdded];
const withSub = [...withKegiatan, subAdded(SUB!, { '2026': 1_000_000 })];

describe('kegiatan and sub-kegiatan', () => {
  describe('AddKegiatan', () => {
    it('adds a kegiatan of the program with its name from the nomenclature', () => {
      given(board)
        .when(command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN! }), testActors.dinkes)
        .then(kegiatanAdded);
    });

    it("refuses a kegiatan of another program, naming both, and a code outside the board's list", () => {
      const message = given(board)
        .when(command('AddKegiatan', { programId: 'p-kes', code: FOREIGN_KEGIATAN }))
        .thenRejects('CodeNotUnderParent');
      expect(message).toContain(FOREIGN_KEGIATAN);
      expect(message).toContain('1.02.02');
      // Well formed, but not a kegiatan of this list (a segment beyond any the program has).
      given(board)
        .when(command('AddKegiatan', { programId: 'p-kes', code: '1.02.02.2.99' }))
        .thenRejects('UnknownCode');
    });

    it('refuses the same kegiatan twice, and says to restore an archived one', () => {
      given(withKegiatan)
        .when(command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN! }))
        .thenRejects('KegiatanAlreadyExists');
      const archived = [
        ...withKegiatan,
        { type: 'KegiatanArchived', data: { programId: 'p-kes', code: KEGIATAN!, reason: '' } } as BoardEvent,
      ];
      expect(
        given(archived)
          .when(command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN! }))
          .thenRejects('KegiatanAlreadyExists'),
      ).toMatch(/pulihkan/);
    });

    it("lets an OPD change only its own program's kegiatan", () => {
      given(board)
        .when(command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN! }), testActors.disdik)
        .thenRejects('Forbidden');
      given(board)
        .when(command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN! }), testActors.inspektorat)
        .thenRejects('Forbidden');
    });
  });

  describe('AddSubKegiatan', () => {
    it('needs its kegiatan on the program first', () => {
      given(board)
        .when(command('AddSubKegiatan', { programId: 'p-kes', code: SUB! }))
        .thenRejects('KegiatanNotFound');
      given(withKegiatan)
        .when(command('AddSubKegiatan', { programId: 'p-kes', code: FOREIGN_SUB }))
        .thenRejects('CodeNotUnderParent');
    });

    it('adds it with pagu and location per year', () => {
      given(withKegiatan)
        .when(
          command('AddSubKegiatan', { programId: 'p-kes', code: SUB!, pagu: { '2026': 1_000_000 } }),
          testActors.dinkes,
        )
        .then(subAdded(SUB!, { '2026': 1_000_000 }));
    });
  });

  describe('ReviseSubKegiatan', () => {
    it('records only the years and fields that change, with their values before', () => {
      const [event] = given(withSub)
        .when(
          command('ReviseSubKegiatan', {
            programId: 'p-kes',
            code: SUB!,
            changes: { pagu: { '2026': 1_000_000, '2027': 2_000_000 }, notes: 'Naik' },
          }),
        )
        .thenAccepted();
      expect(event).toEqual({
        type: 'SubKegiatanRevised',
        data: {
          programId: 'p-kes',
          code: SUB,
          changes: { pagu: { '2027': 2_000_000 }, notes: 'Naik' },
          before: { pagu: { '2027': null }, notes: '' },
        },
      });
    });

    it('changes nothing when every value already holds', () => {
      given(withSub)
        .when(
          command('ReviseSubKegiatan', {
            programId: 'p-kes',
            code: SUB!,
            changes: { pagu: { '2026': 1_000_000 } },
          }),
        )
        .then();
    });

    it('refuses a sub-kegiatan that is archived or not there', () => {
      const archived = [
        ...withSub,
        { type: 'SubKegiatanArchived', data: { programId: 'p-kes', code: SUB!, reason: '' } } as BoardEvent,
      ];
      given(archived)
        .when(command('ReviseSubKegiatan', { programId: 'p-kes', code: SUB!, changes: { notes: 'x' } }))
        .thenRejects('SubKegiatanArchived');
      given(withSub)
        .when(command('ReviseSubKegiatan', { programId: 'p-kes', code: SUB_2!, changes: { notes: 'x' } }))
        .thenRejects('SubKegiatanNotFound');
    });
  });

  describe('the fold', () => {
    it('builds the tree under the program and sums pagu per year, unless the program has its own', () => {
      const events = [
        ...withSub,
        subAdded(SUB_2!, { '2026': 500_000, '2027': 250_000 }),
        {
          type: 'KegiatanAdded',
          data: {
            programId: 'p-kes',
            code: OTHER_KEGIATAN!,
            title: title(OTHER_KEGIATAN!),
            indicators: [],
            notes: '',
          },
        } as BoardEvent,
        subAdded(children(OTHER_KEGIATAN!)[0]!, { '2026': 100 }),
        {
          type: 'SubKegiatanArchived',
          data: { programId: 'p-kes', code: children(OTHER_KEGIATAN!)[0]!, reason: '' },
        } as BoardEvent,
      ];
      const p = boardFrom('papan-uji', recorded(events)).programs['p-kes']!;
      expect(Object.keys(p.kegiatan!).sort()).toEqual([KEGIATAN, OTHER_KEGIATAN].sort());
      expect(Object.keys(p.kegiatan![KEGIATAN!]!.subKegiatan).sort()).toEqual([SUB, SUB_2].sort());
      const pagu = programPagu(p);
      expect(pagu['2026']).toEqual({ value: 1_500_000, source: 'rincian', manual: null, rincian: 1_500_000 });
      expect(pagu['2025'].source).toBe('none');
      expect(programPaguTotal(p)).toBe(1_750_000);
      const manual = { ...p, pagu: { '2026': 9 } };
      expect(programPagu(manual)['2026']).toEqual({
        value: 9,
        source: 'manual',
        manual: 9,
        rincian: 1_500_000,
      });
    });
  });

  describe('the merge rule', () => {
    const revise = (changes: Record<string, unknown>) =>
      command('ReviseSubKegiatan', { programId: 'p-kes', code: SUB!, changes });
    const after = (changes: Record<string, unknown>, before: Record<string, unknown>) =>
      recorded([
        ...withSub,
        {
          type: 'SubKegiatanRevised',
          data: { programId: 'p-kes', code: SUB!, changes, before },
        } as BoardEvent,
      ]);

    it('merges different years of one sub-kegiatan and conflicts on the same year', () => {
      const history = after({ pagu: { '2027': 5 } }, { pagu: { '2027': null } });
      const state = boardFrom('papan-uji', history);
      const since = history.slice(-1);
      expect(findConflicts(revise({ pagu: { '2028': 7 } }), state, since)).toHaveLength(0);
      expect(findConflicts(revise({ pagu: { '2027': 7 } }), state, since)).toHaveLength(1);
      expect(findConflicts(revise({ pagu: { '2027': 5 } }), state, since)).toHaveLength(0); // same value: no conflict
    });
  });
});

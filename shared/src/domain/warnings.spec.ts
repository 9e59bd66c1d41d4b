import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { command, given, testActors } from '../testing/given-when-then';
import type { BoardEvent } from './events';
import { commandWarnings } from './warnings';

const FULL = fullNomenclature();
const title = (code: string) => FULL.entries.get(code)!.title;

const created: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji bidang',
    description: '',
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
const mapped: BoardEvent = { type: 'OpdBidangSet', data: { opdId: 'dinkes', bidang: ['1.02'], before: [] } };
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

describe('commandWarnings', () => {
  const state = given([created, mapped, program]).state;
  const propose = (code: string, opdId = 'dinkes') =>
    command('ProposeProgram', { code, title: title(code), opdId });

  it('warns when an OPD proposes a program outside its bidang, naming the bidang and the OPD', () => {
    const [warning, ...more] = commandWarnings(propose('1.03.10'), state);
    expect(more).toEqual([]);
    expect(warning?.code).toBe('OutsideOpdBidang');
    expect(warning?.message).toContain('1.03');
    expect(warning?.message).toContain(title('1.03'));
    expect(warning?.message).toContain('Dinas Kesehatan');
    expect(warning?.messageEn).toContain('outside the bidang mapped to Dinas Kesehatan (1.02)');
  });

  it('says nothing inside the bidang (support program included) or for an OPD without a mapping', () => {
    expect(commandWarnings(propose('1.02.03'), state)).toEqual([]);
    expect(commandWarnings(propose('1.02.01'), state)).toEqual([]);
    expect(commandWarnings(propose('1.03.10', 'disdik'), state)).toEqual([]);
  });

  it('warns on a revision to another code or OPD, never on other fields', () => {
    const revise = (changes: Record<string, unknown>) =>
      command('ReviseProgram', { programId: 'p-kes', changes });
    expect(commandWarnings(revise({ code: '1.03.10' }), state)).toHaveLength(1);
    expect(commandWarnings(revise({ notes: 'x' }), state)).toEqual([]);
    const disdikMapped = given([
      created,
      mapped,
      program,
      { ...mapped, data: { opdId: 'disdik', bidang: ['1.01'], before: [] } },
    ]).state;
    expect(commandWarnings(revise({ opdId: 'disdik' }), disdikMapped)).toHaveLength(1);
  });

  it('is a warning, not a refusal: the proposal is accepted', () => {
    given([created, mapped]).when(propose('1.03.10'), testActors.dinkes).thenAccepted();
  });
});

describe('program codes on a list with levels', () => {
  it('refuses a bidang, kegiatan or sub-kegiatan code as a program code', () => {
    const kegiatan = FULL.children!.get('1.02.02')![0]!;
    for (const code of ['1.02', kegiatan, FULL.children!.get(kegiatan)![0]!]) {
      const message = given([created])
        .when(command('ProposeProgram', { code, title: 'Bukan program', opdId: 'dinkes' }))
        .thenRejects('UnknownCode');
      expect(message).toContain('bukan kode program');
    }
  });
});

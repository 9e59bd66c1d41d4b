import { NOMENCLATURE_FULL_VERSION, searchNomenclature } from '../reference/nomenclature';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { command, given, recorded } from '../testing/given-when-then';
import { findConflicts } from './conflicts';
import type { BoardEvent } from './events';
import { boardFrom } from './evolve';
import { codesMissingFrom, rincianCounts } from './rincian-read';
import { revertRincian } from './revert-rincian';
import { kegiatanOf } from './types';

// Real codes from the shipped nomenclature, never typed by hand.
const FULL = fullNomenclature();
const children = (code: string) => FULL.children!.get(code)!;
const title = (code: string) => FULL.entries.get(code)!.title;
const [K1, K2] = children('1.02.02');
const [S1, S2] = children(K1!);
const [T1] = children(K2!);

const created: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji pengembalian',
    description: '',
    sample: true,
    synthetic: false,
    nomenclatureVersion: FULL.version,
    columns: [{ id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' }],
    opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
    referenceLists: [],
  },
};
const proposed: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'p',
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
const kegiatan = (code: string, notes = ''): BoardEvent => ({
  type: 'KegiatanAdded',
  data: { programId: 'p', code, title: title(code), indicators: [], notes },
});
const sub = (code: string, pagu: Record<string, number> = {}): BoardEvent => ({
  type: 'SubKegiatanAdded',
  data: { programId: 'p', code, title: title(code), indicators: [], pagu, lokasi: [], notes: '' },
});

// Revision 3 is the point to go back to: K1 with S1 (pagu 2026 = 100).
const past = [created, proposed, kegiatan(K1!), sub(S1!, { '2026': 100 })];
const since: BoardEvent[] = [
  {
    type: 'SubKegiatanRevised',
    data: {
      programId: 'p',
      code: S1!,
      changes: { pagu: { '2026': 250, '2027': 5 } },
      before: { pagu: { '2026': 100, '2027': null } },
    },
  },
  sub(S2!),
  { type: 'SubKegiatanArchived', data: { programId: 'p', code: S1!, reason: 'x' } },
  {
    type: 'KegiatanRevised',
    data: { programId: 'p', code: K1!, changes: { notes: 'baru' }, before: { notes: '' } },
  },
  kegiatan(K2!),
  sub(T1!),
];
const revert = command('RevertProgram', {
  programId: 'p',
  toRevision: 3,
  parts: ['rincian'],
  reason: 'Kembali ke usulan awal',
});
const tag = { revertedTo: 3, reason: 'Kembali ke usulan awal' };

describe("RevertProgram's rincian part", () => {
  it('turns the tree as of the revision into ordinary kegiatan and sub-kegiatan events, in code order', () => {
    given([...past, ...since])
      .when(revert)
      .then(
        {
          type: 'KegiatanRevised',
          data: { programId: 'p', code: K1!, changes: { notes: '' }, before: { notes: 'baru' }, ...tag },
        },
        { type: 'SubKegiatanUnarchived', data: { programId: 'p', code: S1!, ...tag } },
        {
          type: 'SubKegiatanRevised',
          data: {
            programId: 'p',
            code: S1!,
            changes: { pagu: { '2026': 100, '2027': null } },
            before: { pagu: { '2026': 250, '2027': 5 } },
            ...tag,
          },
        },
        { type: 'SubKegiatanArchived', data: { programId: 'p', code: S2!, ...tag } },
        { type: 'KegiatanArchived', data: { programId: 'p', code: K2!, ...tag } },
      );
  });

  it('folds to the tree as it was (archived where it did not exist), restoring one archived since', () => {
    const events = given([...past, ...since])
      .when(revert)
      .thenAccepted();
    const after = boardFrom('papan-uji', recorded([...past, ...since, ...events]));
    const then = boardFrom('papan-uji', recorded(past));
    expect(rincianCounts(after.programs.p!)).toEqual(rincianCounts(then.programs.p!));
    const k1 = kegiatanOf(after.programs.p!)[K1!]!;
    expect(k1.notes).toBe('');
    expect(k1.subKegiatan[S1!]!.pagu).toEqual({ '2026': 100, '2027': null });
    expect(k1.subKegiatan[S2!]!.archived).toBe(true);

    // Archived since: restored, not added twice.
    const restored = given([
      ...past,
      { type: 'KegiatanArchived', data: { programId: 'p', code: K1!, reason: '' } },
    ])
      .when(revert)
      .thenAccepted();
    expect(restored.map((e) => e.type)).toEqual(['KegiatanUnarchived']);
  });

  it('adds back a kegiatan missing now (a code renamed since) with its sub-kegiatan and fields', () => {
    const then = boardFrom('papan-uji', recorded(past)).programs.p!;
    const now = { ...then, kegiatan: {} };
    const events = revertRincian('p', now, then, { revertedTo: 3, reason: 'r' });
    expect(events).toEqual([
      {
        type: 'KegiatanAdded',
        data: {
          programId: 'p',
          code: K1!,
          title: title(K1!),
          indicators: [],
          notes: '',
          revertedTo: 3,
          reason: 'r',
        },
      },
      {
        type: 'SubKegiatanAdded',
        data: {
          programId: 'p',
          code: S1!,
          title: title(S1!),
          indicators: [],
          pagu: { '2026': 100 },
          lokasi: [],
          notes: '',
          revertedTo: 3,
          reason: 'r',
        },
      },
    ]);
  });

  it('changes nothing when the tree is as it was, and refuses on an archived program', () => {
    given(past).when(revert).then();
    given([...past, ...since, { type: 'ProgramArchived', data: { programId: 'p', reason: 'x' } }])
      .when(revert)
      .thenRejects('ProgramArchived');
  });

  it('conflicts with a change to the rincian made after the base revision, not with other fields', () => {
    const history = recorded([...past, ...since]);
    const state = boardFrom('papan-uji', history);
    expect(findConflicts(revert, state, history.slice(4))).toHaveLength(since.length);
    const programOnly = recorded([
      ...past,
      { type: 'ProgramRevised', data: { programId: 'p', changes: { notes: 'x' }, before: { notes: '' } } },
    ]);
    expect(findConflicts(revert, boardFrom('papan-uji', programOnly), programOnly.slice(4))).toHaveLength(0);
  });
});

describe('reading the tree', () => {
  const state = given([...past, ...since]).state;

  it('counts active kegiatan and the active sub-kegiatan under them', () => {
    expect(rincianCounts(state.programs.p!)).toEqual({ kegiatan: 2, subKegiatan: 2 });
    expect(rincianCounts({})).toEqual({ kegiatan: 0, subKegiatan: 0 });
  });

  it("lists the codes the board's list does not have", () => {
    expect(codesMissingFrom(state.programs.p!, FULL)).toEqual([]);
    const shorter = {
      ...FULL,
      entries: new Map([...FULL.entries].filter(([code]) => code !== T1 && code !== '1.02.02')),
    };
    expect(codesMissingFrom(state.programs.p!, shorter)).toEqual(['1.02.02', T1]);
  });
});

describe('searching the full list', () => {
  it('finds sub-kegiatan under a kegiatan by words, and codes by prefix, the same with or without the index', () => {
    const under = searchNomenclature(FULL, { query: '', under: K1!, levels: ['subKegiatan'], limit: 500 });
    expect(under.map((e) => e.code)).toEqual(children(K1!));
    const word = title(S2!).split(' ')[0]!.toLowerCase();
    expect(searchNomenclature(FULL, { query: word, under: K1!, limit: 500 }).map((e) => e.code)).toContain(
      S2,
    );
    expect(searchNomenclature(FULL, { query: '1.02.0', levels: ['program'] }).map((e) => e.code)).toEqual(
      children('1.02'),
    );
    expect(FULL.version).toBe(NOMENCLATURE_FULL_VERSION);
  });
});

import { mulberry32 } from '../testing/random';
import { DEMO_BOARD_ID, demoBoardSteps } from '../reference/demo-board';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { BANYUASIN_KECAMATAN, PLAN_YEARS, type Opd } from '../reference/opds';
import { ASTA_CITA, BANYUASIN_REFERENCE_LISTS, PHTC, PROGRAM_PRO_RAKYAT } from '../reference/reference-lists';
import { command, recorded, testActors } from '../testing/given-when-then';
import { parseCommand, type BoardCommand, type CommandInput, type CommandType } from './commands';
import { decide } from './decide';
import type { BoardEvent } from './events';
import { boardFrom, evolve, fold, type FoldableEvent } from './evolve';
import { initialBoardState, type Actor, type BoardState, type ProgramFields } from './types';

// ---- fixtures ----------------------------------------------------------------------------------

const NOMENCLATURE = NOMENCLATURE_2021_PROGRAMS.version;
const titleOf = (code: string): string => NOMENCLATURE_2021_PROGRAMS.entries.get(code)?.title ?? code;
const OPDS: Opd[] = [
  { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
  { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
];

const boardCreated: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji',
    description: 'Data contoh.',
    sample: true,
    synthetic: false,
    nomenclatureVersion: NOMENCLATURE,
    columns: [
      { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
      { id: 'telaah-bappeda', title: 'Telaah Bappeda', rank: 'a1' },
      { id: 'ditunda', title: 'Ditunda', rank: 'a2' },
    ],
    opds: OPDS,
    referenceLists: [ASTA_CITA, PHTC, PROGRAM_PRO_RAKYAT],
  },
};

function proposed(
  programId: string,
  code: string,
  columnId: string,
  rank: string,
  more: Partial<ProgramFields> = {},
) {
  return {
    type: 'ProgramProposed',
    data: {
      programId,
      columnId,
      rank,
      code,
      title: titleOf(code),
      opdId: 'dinkes',
      indicators: [],
      pagu: {},
      lokasi: [],
      sumberDana: null,
      notes: '',
      ...more,
    },
  } satisfies BoardEvent;
}

/** Wraps events as foldable ones from `revision`, each with its own actor and a time a minute apart. */
function at(revision: number, events: Array<[BoardEvent, Actor]>): FoldableEvent[] {
  return events.map(([event, actor], i) => ({
    ...event,
    revision: revision + i,
    meta: { actor, at: new Date(Date.UTC(2025, 1, 14, 3, revision + i)).toISOString() },
  }));
}

const board = (events: readonly BoardEvent[]): BoardState => boardFrom('papan-uji', recorded(events));
const idsIn = (state: BoardState, columnId: string): string[] =>
  state.columns.find((c) => c.id === columnId)?.programIds ?? [];

// Usulan OPD, proposed out of order: p-b (a1), p-a (a0), p-c (a0V); Ditunda: p-d (a0).
const programs: BoardEvent[] = [
  proposed('p-b', '1.02.03', 'usulan-opd', 'a1'),
  proposed('p-a', '1.02.02', 'usulan-opd', 'a0', { pagu: { '2025': 100, '2026': 200 } }),
  proposed('p-c', '1.01.02', 'usulan-opd', 'a0V'),
  proposed('p-d', '1.05.03', 'ditunda', 'a0'),
];
const populated: BoardEvent[] = [boardCreated, ...programs];

// ---- a seeded random walk over a demo-like board ----------------------------------------------

const demoActors: Record<string, Actor> = {
  sekretariat: testActors.sekretariat,
  dinkes: testActors.dinkes,
  disdik: testActors.disdik,
  putr: { id: 'u-putr', name: 'Operator Dinas PUTR', role: 'opd', opdId: 'putr' },
};

function randomCommand(state: BoardState, rng: () => number, step: number): BoardCommand {
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rng() * xs.length)];
  const all = Object.values(state.programs);
  const active = all.filter((p) => !p.archived);
  const archivedOnes = all.filter((p) => p.archived);
  const columnIds = state.columns.map((c) => c.id);
  const opdIds = Object.keys(state.opds);
  const codes = [...NOMENCLATURE_2021_PROGRAMS.entries.keys()];
  const make = <T extends CommandType>(type: T, data: CommandInput<T>) => command(type, data);
  const placement = (ids: readonly string[]) => {
    const r = rng();
    if (r < 0.4 || ids.length === 0) return {};
    return r < 0.7 ? { afterId: pick(ids) } : { beforeId: pick(ids) };
  };
  const kind = rng();
  const program = pick(active);
  if (kind < 0.12 || !program) {
    const code = pick(codes) ?? '1.02.02';
    return make('ProposeProgram', {
      code,
      title: titleOf(code),
      opdId: pick(opdIds) ?? 'dinkes',
      ...(rng() < 0.5 ? { columnId: pick(columnIds) } : {}),
    });
  }
  if (kind < 0.32) {
    const changes: CommandInput<'ReviseProgram'>['changes'] = {};
    if (rng() < 0.5) {
      const pagu: Record<string, number | null> = {};
      for (const year of PLAN_YEARS)
        if (rng() < 0.4) pagu[year] = rng() < 0.15 ? null : Math.floor(rng() * 50) * 1_000_000;
      changes.pagu = pagu;
    }
    if (rng() < 0.3) changes.notes = `Catatan ${step}`;
    if (rng() < 0.2) changes.lokasi = BANYUASIN_KECAMATAN.filter(() => rng() < 0.2);
    if (rng() < 0.2) changes.sumberDana = pick(['DAU', 'DAK', 'PAD', null]) ?? null;
    if (rng() < 0.1) {
      const code = pick(codes) ?? program.code;
      changes.code = code;
      changes.title = titleOf(code);
    }
    if (rng() < 0.05) changes.opdId = pick(opdIds) ?? program.opdId;
    if (Object.keys(changes).length === 0) changes.notes = `Catatan ${step}`;
    return make('ReviseProgram', { programId: program.id, changes });
  }
  if (kind < 0.55) {
    const toColumnId = pick(columnIds) ?? program.columnId;
    const target = state.columns.find((c) => c.id === toColumnId)?.programIds ?? [];
    return make('MoveProgram', {
      programId: program.id,
      toColumnId,
      ...placement(target.filter((id) => id !== program.id)),
    });
  }
  if (kind < 0.65) {
    const list = pick(Object.values(state.referenceLists).filter((l) => l.items.length > 0));
    const itemId = pick(list?.items ?? [])?.id ?? 'ac-1';
    const tag = pick(program.tags);
    if (tag && rng() < 0.4) return make('UntagProgram', { programId: program.id, ...tag });
    return make('TagProgram', { programId: program.id, listId: list?.id ?? 'asta-cita', itemId });
  }
  if (kind < 0.72) return make('CommentOnProgram', { programId: program.id, text: `Komentar ke-${step}` });
  if (kind < 0.79) return make('ArchiveProgram', { programId: program.id, reason: `Alasan ${step}` });
  if (kind < 0.86) return make('UnarchiveProgram', { programId: (pick(archivedOnes) ?? program).id });
  if (kind < 0.9) return make('AddColumn', { title: `Kolom ${step}`, ...placement(columnIds) });
  if (kind < 0.93) {
    return make('RenameColumn', {
      columnId: pick(columnIds) ?? 'usulan-opd',
      title: pick(['Usulan OPD', 'Telaah', `Tahap ${step}`, 'Ditunda']) ?? 'x',
    });
  }
  if (kind < 0.97) {
    const columnId = pick(columnIds) ?? 'usulan-opd';
    return make('MoveColumn', { columnId, ...placement(columnIds.filter((id) => id !== columnId)) });
  }
  return make('AddReferenceItem', {
    listId: pick(['pro-rakyat', 'gerakan-bersama']) ?? 'pro-rakyat',
    item: {
      id: `isian-${step}`,
      code: `${step}`,
      short: `Isian ${step}`,
      label: `Isian sekretariat ${step}`,
    },
  });
}

/** Decides each command on the current state and evolves one event at a time, keeping every event. */
function randomWalk(seed: number, count: number) {
  const rng = mulberry32(seed);
  let state = initialBoardState(DEMO_BOARD_ID);
  const events: FoldableEvent[] = [];
  let accepted = 0;
  let rejected = 0;
  let n = 0;
  const run = (cmd: BoardCommand, actor: Actor) => {
    const at = new Date(Date.UTC(2025, 1, 14, 3, 0, events.length)).toISOString();
    const decision = decide(cmd, state, { actor, now: at, newId: () => `r${seed}-${++n}` });
    if (!decision.ok) {
      rejected++;
      return;
    }
    accepted++;
    for (const event of decision.events) {
      const foldable: FoldableEvent = { ...event, revision: state.revision + 1, meta: { actor, at } };
      events.push(foldable);
      state = evolve(state, foldable);
    }
  };
  for (const step of demoBoardSteps(fullNomenclature())) {
    const parsed = parseCommand(step.type, step.data);
    if (!parsed.success) throw new Error(parsed.error.message);
    run(parsed.command, demoActors[step.username] ?? testActors.sekretariat);
  }
  // Every third step Bappeda acts; the others, the OPD that owns the program (the role matrix lets an
  // OPD change only its own programs, so a walk of strangers' edits would be mostly refusals).
  for (let step = 0; step < count; step++) {
    const cmd = randomCommand(state, rng, step);
    const target = (cmd.data as { programId?: string; opdId?: string }).programId;
    const opdId = target ? state.programs[target]?.opdId : (cmd.data as { opdId?: string }).opdId;
    const owner: Actor | undefined = opdId
      ? { id: `u-${opdId}`, name: `Operator ${opdId}`, role: 'opd', opdId }
      : undefined;
    run(cmd, step % 3 === 0 || !owner ? testActors.sekretariat : owner);
  }
  return { state, events, accepted, rejected };
}

function expectConsistent(state: BoardState): void {
  const seen = new Set<string>();
  for (let i = 1; i < state.columns.length; i++) {
    expect(state.columns[i - 1]!.rank < state.columns[i]!.rank).toBe(true);
  }
  for (const column of state.columns) {
    const ranks = column.programIds.map((id) => state.programs[id]!.rank);
    for (let i = 1; i < ranks.length; i++) expect(ranks[i - 1]! < ranks[i]!).toBe(true);
    for (const id of column.programIds) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      expect(state.programs[id]).toMatchObject({ columnId: column.id, archived: false });
    }
    // No two active programs in a column share a rank (a restored program never ties).
    expect(new Set(ranks).size).toBe(ranks.length);
  }
  for (const program of Object.values(state.programs)) expect(seen.has(program.id)).toBe(!program.archived);
}

// ---- specs -------------------------------------------------------------------------------------

describe('evolve', () => {
  describe('when the board is created', () => {
    it('takes the title, flags, columns, OPDs and reference lists', () => {
      const state = fold(initialBoardState('papan-uji'), at(0, [[boardCreated, testActors.sekretariat]]));
      expect(state).toMatchObject({
        id: 'papan-uji',
        revision: 0,
        title: 'Papan uji',
        sample: true,
        synthetic: false,
        nomenclatureVersion: NOMENCLATURE,
        createdAt: '2025-02-14T03:00:00.000Z',
      });
      expect(state.columns).toEqual([
        { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0', programIds: [] },
        { id: 'telaah-bappeda', title: 'Telaah Bappeda', rank: 'a1', programIds: [] },
        { id: 'ditunda', title: 'Ditunda', rank: 'a2', programIds: [] },
      ]);
      expect(Object.keys(state.opds)).toEqual(['dinkes', 'disdik']);
      expect(state.referenceLists['asta-cita']?.items).toHaveLength(8);
      expect(state.programs).toEqual({});
    });
  });

  describe('when programs are proposed', () => {
    const state = board(populated);

    it('lists each column’s programs in rank order, whatever the order they came in', () => {
      expect(idsIn(state, 'usulan-opd')).toEqual(['p-a', 'p-c', 'p-b']);
      expect(idsIn(state, 'ditunda')).toEqual(['p-d']);
      expect(idsIn(state, 'telaah-bappeda')).toEqual([]);
    });

    it('orders equal ranks by id', () => {
      const tied = board([...populated, proposed('p-0', '1.03.10', 'ditunda', 'a0')]);
      expect(idsIn(tied, 'ditunda')).toEqual(['p-0', 'p-d']);
    });

    it('makes the program card with who proposed it and when', () => {
      const [created, proposal] = at(0, [
        [boardCreated, testActors.sekretariat],
        [programs[1]!, testActors.dinkes],
      ]);
      const p = boardFrom('papan-uji', [created!, proposal!]).programs['p-a'];
      expect(p).toEqual({
        code: '1.02.02',
        title: titleOf('1.02.02'),
        opdId: 'dinkes',
        indicators: [],
        pagu: { '2025': 100, '2026': 200 },
        lokasi: [],
        sumberDana: null,
        notes: '',
        id: 'p-a',
        columnId: 'usulan-opd',
        rank: 'a0',
        tags: [],
        comments: [],
        archived: false,
        proposedBy: testActors.dinkes,
        proposedAt: '2025-02-14T03:01:00.000Z',
        updatedAt: '2025-02-14T03:01:00.000Z',
        updatedRevision: 1,
      });
    });
  });

  describe('when a program is revised', () => {
    it('replaces the changed fields', () => {
      const state = board([
        ...populated,
        {
          type: 'ProgramRevised',
          data: {
            programId: 'p-b',
            changes: { code: '1.06.05', title: titleOf('1.06.05'), lokasi: ['Betung'], sumberDana: 'DAK' },
            before: { code: '1.02.03', title: titleOf('1.02.03'), lokasi: [], sumberDana: null },
          },
        },
      ]);
      expect(state.programs['p-b']).toMatchObject({
        code: '1.06.05',
        title: titleOf('1.06.05'),
        lokasi: ['Betung'],
        sumberDana: 'DAK',
        notes: '',
        updatedRevision: 5,
      });
    });

    it('merges pagu per year', () => {
      const state = board([
        ...populated,
        {
          type: 'ProgramRevised',
          data: {
            programId: 'p-a',
            changes: { pagu: { '2026': 300, '2027': null } },
            before: { pagu: { '2026': 200 } },
          },
        },
        {
          type: 'ProgramRevised',
          data: { programId: 'p-a', changes: { pagu: { '2029': 5 } }, before: { pagu: {} } },
        },
      ]);
      expect(state.programs['p-a']?.pagu).toEqual({ '2025': 100, '2026': 300, '2027': null, '2029': 5 });
    });
  });

  describe('when a program is moved', () => {
    it('takes it out of its column and puts it into the target at its new rank', () => {
      const state = board([
        ...populated,
        {
          type: 'ProgramMoved',
          data: {
            programId: 'p-c',
            fromColumnId: 'usulan-opd',
            toColumnId: 'ditunda',
            rank: 'Zz',
            fromRank: 'a0V',
          },
        },
      ]);
      expect(idsIn(state, 'usulan-opd')).toEqual(['p-a', 'p-b']);
      expect(idsIn(state, 'ditunda')).toEqual(['p-c', 'p-d']);
      expect(state.programs['p-c']).toMatchObject({ columnId: 'ditunda', rank: 'Zz', updatedRevision: 5 });
    });

    it('reorders within a column', () => {
      const state = board([
        ...populated,
        {
          type: 'ProgramMoved',
          data: {
            programId: 'p-b',
            fromColumnId: 'usulan-opd',
            toColumnId: 'usulan-opd',
            rank: 'Zz',
            fromRank: 'a1',
          },
        },
      ]);
      expect(idsIn(state, 'usulan-opd')).toEqual(['p-b', 'p-a', 'p-c']);
    });
  });

  describe('when a program is archived', () => {
    const state = board([
      ...populated,
      { type: 'ProgramArchived', data: { programId: 'p-c', reason: 'Digabung' } },
    ]);

    it('removes it from its column but keeps the program, archived', () => {
      expect(idsIn(state, 'usulan-opd')).toEqual(['p-a', 'p-b']);
      expect(state.programs['p-c']).toMatchObject({
        archived: true,
        columnId: 'usulan-opd',
        rank: 'a0V',
        updatedRevision: 5,
      });
    });

    describe('and then unarchived', () => {
      it('restores it at its rank', () => {
        const restored = board([
          ...populated,
          { type: 'ProgramArchived', data: { programId: 'p-c', reason: 'Digabung' } },
          { type: 'ProgramUnarchived', data: { programId: 'p-c' } },
        ]);
        expect(idsIn(restored, 'usulan-opd')).toEqual(['p-a', 'p-c', 'p-b']);
        expect(restored.programs['p-c']).toMatchObject({ archived: false, updatedRevision: 6 });
      });
    });
  });

  describe('when programs are tagged and untagged', () => {
    it('adds and removes exactly the named tags', () => {
      const tag = (
        type: 'ProgramTagged' | 'ProgramUntagged',
        listId: string,
        itemId: string,
      ): BoardEvent => ({
        type,
        data: { programId: 'p-a', listId, itemId },
      });
      const state = board([
        ...populated,
        tag('ProgramTagged', 'asta-cita', 'ac-4'),
        tag('ProgramTagged', 'phtc', 'phtc-2'),
        tag('ProgramTagged', 'asta-cita', 'ac-3'),
        tag('ProgramUntagged', 'asta-cita', 'ac-4'),
      ]);
      expect(state.programs['p-a']?.tags).toEqual([
        { listId: 'phtc', itemId: 'phtc-2' },
        { listId: 'asta-cita', itemId: 'ac-3' },
      ]);
      expect(state.programs['p-a']?.updatedRevision).toBe(8);
      expect(state.programs['p-b']?.tags).toEqual([]);
    });
  });

  describe('when programs are commented on', () => {
    it('keeps the comments in order, each with its actor, time and revision', () => {
      const events = at(0, [
        [boardCreated, testActors.sekretariat],
        [programs[1]!, testActors.dinkes],
        [
          {
            type: 'ProgramCommented',
            data: { programId: 'p-a', commentId: 'k-1', text: 'Mohon lengkapi pagu.' },
          },
          testActors.sekretariat,
        ],
        [
          {
            type: 'ProgramCommented',
            data: { programId: 'p-a', commentId: 'k-2', text: 'Sudah dilengkapi.' },
          },
          testActors.dinkes,
        ],
      ]);
      const state = boardFrom('papan-uji', events);
      expect(state.programs['p-a']?.comments).toEqual([
        {
          id: 'k-1',
          text: 'Mohon lengkapi pagu.',
          actor: testActors.sekretariat,
          at: '2025-02-14T03:02:00.000Z',
          revision: 2,
        },
        {
          id: 'k-2',
          text: 'Sudah dilengkapi.',
          actor: testActors.dinkes,
          at: '2025-02-14T03:03:00.000Z',
          revision: 3,
        },
      ]);
      expect(state.programs['p-a']).toMatchObject({
        updatedAt: '2025-02-14T03:03:00.000Z',
        updatedRevision: 3,
      });
      expect(state.revision).toBe(3);
    });
  });

  describe('when columns change', () => {
    it('inserts an added column at its rank', () => {
      const state = board([
        ...populated,
        { type: 'ColumnAdded', data: { columnId: 'arsip', title: 'Arsip', rank: 'Zz' } },
        { type: 'ColumnAdded', data: { columnId: 'visi-misi', title: 'Selaras Visi-Misi', rank: 'a1V' } },
        { type: 'ColumnAdded', data: { columnId: 'disepakati', title: 'Disepakati', rank: 'a3' } },
      ]);
      expect(state.columns.map((c) => c.id)).toEqual([
        'arsip',
        'usulan-opd',
        'telaah-bappeda',
        'visi-misi',
        'ditunda',
        'disepakati',
      ]);
      expect(state.columns[0]).toEqual({ id: 'arsip', title: 'Arsip', rank: 'Zz', programIds: [] });
    });

    it('reorders a moved column with its programs and renames a column', () => {
      const state = board([
        ...populated,
        { type: 'ColumnMoved', data: { columnId: 'ditunda', rank: 'Zz', fromRank: 'a2' } },
        {
          type: 'ColumnRenamed',
          data: { columnId: 'telaah-bappeda', title: 'Telaah', before: 'Telaah Bappeda' },
        },
      ]);
      expect(state.columns.map((c) => [c.id, c.title])).toEqual([
        ['ditunda', 'Ditunda'],
        ['usulan-opd', 'Usulan OPD'],
        ['telaah-bappeda', 'Telaah'],
      ]);
      expect(idsIn(state, 'ditunda')).toEqual(['p-d']);
      expect(state.revision).toBe(6);
    });
  });

  describe('when a reference item is added', () => {
    it('appends it to the list', () => {
      const item = { id: 'pr-1', code: 'PR 1', short: 'Isian', label: 'Isian sekretariat' };
      const state = board([
        ...populated,
        { type: 'ReferenceItemAdded', data: { listId: 'pro-rakyat', item } },
      ]);
      expect(state.referenceLists['pro-rakyat']?.items).toEqual([item]);
    });
  });

  describe('when the stream is corrupt', () => {
    it('throws for an event about a program that does not exist', () => {
      expect(() =>
        board([boardCreated, { type: 'ProgramArchived', data: { programId: 'p-hilang', reason: '' } }]),
      ).toThrow(/revision 1 names unknown program p-hilang/);
    });
  });

  describe('purity', () => {
    it('does not mutate the state it is given', () => {
      const empty = initialBoardState('papan-uji');
      const before = JSON.stringify(empty);
      evolve(empty, at(0, [[boardCreated, testActors.sekretariat]])[0]!);
      expect(JSON.stringify(empty)).toBe(before);

      const state = board(populated);
      const snapshot = JSON.stringify(state);
      const [next] = at(5, [
        [
          { type: 'ProgramTagged', data: { programId: 'p-a', listId: 'asta-cita', itemId: 'ac-4' } },
          testActors.sekretariat,
        ],
      ]);
      const after = evolve(state, next!);
      expect(JSON.stringify(state)).toBe(snapshot);
      expect(after.programs['p-a']?.tags).toHaveLength(1);
      expect(state.programs['p-a']?.tags).toHaveLength(0);
    });

    it('shares what an event does not touch', () => {
      const state = board(populated);
      const [tag, move] = at(5, [
        [
          { type: 'ProgramTagged', data: { programId: 'p-a', listId: 'asta-cita', itemId: 'ac-4' } },
          testActors.sekretariat,
        ],
        [
          {
            type: 'ProgramMoved',
            data: {
              programId: 'p-c',
              fromColumnId: 'usulan-opd',
              toColumnId: 'ditunda',
              rank: 'a1',
              fromRank: 'a0V',
            },
          },
          testActors.sekretariat,
        ],
      ]);
      const tagged = evolve(state, tag!);
      expect(tagged.programs['p-a']).not.toBe(state.programs['p-a']);
      expect(tagged.programs['p-b']).toBe(state.programs['p-b']);
      expect(tagged.programs['p-c']).toBe(state.programs['p-c']);
      expect(tagged.columns).toBe(state.columns);
      expect(tagged.opds).toBe(state.opds);
      expect(tagged.referenceLists).toBe(state.referenceLists);

      const moved = evolve(tagged, move!);
      expect(moved.programs['p-a']).toBe(tagged.programs['p-a']);
      expect(moved.programs['p-c']).not.toBe(tagged.programs['p-c']);
      expect(moved.columns[0]).not.toBe(tagged.columns[0]);
      expect(moved.columns[1]).toBe(tagged.columns[1]);
      expect(moved.columns[2]).not.toBe(tagged.columns[2]);
    });

    it('does not change the events it folds, nor the reference data they came from', () => {
      const item = { id: 'ac-9', code: 'AC 9', short: 'Uji', label: 'Butir uji' };
      const events: BoardEvent[] = [
        { ...boardCreated, data: { ...boardCreated.data, referenceLists: BANYUASIN_REFERENCE_LISTS } },
        proposed('p-a', '1.02.02', 'usulan-opd', 'a0', { pagu: { '2025': 100 } }),
        {
          type: 'ProgramRevised',
          data: { programId: 'p-a', changes: { pagu: { '2026': 7 } }, before: { pagu: {} } },
        },
        { type: 'ReferenceItemAdded', data: { listId: 'asta-cita', item } },
      ];
      const before = JSON.stringify(events);
      const astaCita = JSON.stringify(ASTA_CITA);
      const once = board(events);
      const twice = board(events);
      expect(JSON.stringify(events)).toBe(before);
      expect(JSON.stringify(ASTA_CITA)).toBe(astaCita);
      expect(twice).toEqual(once);
      expect(once.referenceLists['asta-cita']?.items).toHaveLength(9);
      expect(once.programs['p-a']?.pagu).toEqual({ '2025': 100, '2026': 7 });
    });
  });

  describe('fold', () => {
    it('continues from a state that is already folded', () => {
      const events = recorded([
        ...populated,
        { type: 'ProgramArchived', data: { programId: 'p-a', reason: '' } },
      ]);
      const whole = fold(initialBoardState('papan-uji'), events);
      const inTwo = fold(fold(initialBoardState('papan-uji'), events.slice(0, 3)), events.slice(3));
      expect(inTwo).toEqual(whole);
    });

    describe.each([[1], [42], [2025]])('for a random walk of 300 commands (seed %i)', (seed) => {
      const walk = randomWalk(seed, 300);

      it('decides mostly accepted commands on a demo-like board', () => {
        expect(walk.accepted).toBeGreaterThan(200);
        expect(walk.events.length).toBeGreaterThan(200);
        expect(walk.state.revision).toBe(walk.events.length - 1);
      });

      it('gives the same board as evolving one event at a time', () => {
        // The events were already folded (and frozen) by evolve: folding them again must not fail.
        const folded = fold(initialBoardState(DEMO_BOARD_ID), walk.events);
        expect(JSON.stringify(folded)).toBe(JSON.stringify(walk.state));
        const half = Math.floor(walk.events.length / 2);
        const inTwo = fold(
          fold(initialBoardState(DEMO_BOARD_ID), walk.events.slice(0, half)),
          walk.events.slice(half),
        );
        expect(JSON.stringify(inTwo)).toBe(JSON.stringify(walk.state));
      });

      it('keeps the board consistent: ranks strictly ordered, each active program in one column', () => {
        expectConsistent(walk.state);
      });
    });
  });
});

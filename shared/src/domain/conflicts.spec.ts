import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { ASTA_CITA } from '../reference/reference-lists';
import { command, recorded } from '../testing/given-when-then';
import type { BoardCommand } from './commands';
import { findConflicts, intendedKeys, touchedKeys } from './conflicts';
import type { BoardEvent } from './events';
import { boardFrom } from './evolve';
import type { ProgramFields } from './types';

const titleOf = (code: string): string => NOMENCLATURE_2021_PROGRAMS.entries.get(code)?.title ?? code;

function proposed(programId: string, code: string, rank: string): BoardEvent {
  return {
    type: 'ProgramProposed',
    data: {
      programId,
      columnId: 'usulan-opd',
      rank,
      code,
      title: titleOf(code),
      opdId: 'dinkes',
      indicators: [],
      pagu: { '2025': 100, '2026': 200 },
      lokasi: [],
      sumberDana: null,
      notes: '',
    },
  };
}

/** The board every row starts from: the sender was looking at its last revision. */
const base: BoardEvent[] = [
  {
    type: 'BoardCreated',
    data: {
      boardId: 'papan-uji',
      title: 'Papan uji',
      description: '',
      sample: true,
      synthetic: false,
      nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
      columns: [
        { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
        { id: 'telaah-bappeda', title: 'Telaah Bappeda', rank: 'a1' },
      ],
      opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
      referenceLists: [ASTA_CITA],
    },
  },
  proposed('p-a', '1.02.02', 'a0'),
  proposed('p-b', '1.02.03', 'a1'),
];

const revised = (programId: string, changes: Partial<ProgramFields>): BoardEvent => ({
  type: 'ProgramRevised',
  data: { programId, changes, before: {} },
});
const moved = (programId: string): BoardEvent => ({
  type: 'ProgramMoved',
  data: { programId, fromColumnId: 'usulan-opd', toColumnId: 'telaah-bappeda', rank: 'a0', fromRank: 'a0' },
});
const tagged = (programId: string, itemId: string): BoardEvent => ({
  type: 'ProgramTagged',
  data: { programId, listId: 'asta-cita', itemId },
});
const untagged = (programId: string, itemId: string): BoardEvent => ({
  type: 'ProgramUntagged',
  data: { programId, listId: 'asta-cita', itemId },
});
const commented = (programId: string): BoardEvent => ({
  type: 'ProgramCommented',
  data: { programId, commentId: 'k-1', text: 'Catatan rapat' },
});
const renamed = (columnId: string, title: string): BoardEvent => ({
  type: 'ColumnRenamed',
  data: { columnId, title, before: '' },
});

/** Runs the merge rule with `later` appended after the sender's base; returns the conflicting events' indices. */
function conflictsOf(cmd: BoardCommand, later: BoardEvent[]): number[] {
  const events = recorded([...base, ...later]);
  const state = boardFrom('papan-uji', events);
  const after = events.slice(base.length);
  return findConflicts(cmd, state, after).map((e) => after.indexOf(e));
}

const revise = (programId: string, changes: Partial<ProgramFields>) =>
  command('ReviseProgram', { programId, changes });

type Row = [string, BoardCommand, BoardEvent[], number[]];

describe('findConflicts', () => {
  describe('for ReviseProgram', () => {
    const rows: Row[] = [
      [
        'the same field of the same program',
        revise('p-a', { notes: 'Saya' }),
        [revised('p-a', { notes: 'Dia' })],
        [0],
      ],
      [
        'another field of the same program',
        revise('p-a', { notes: 'Saya' }),
        [revised('p-a', { lokasi: ['Betung'] })],
        [],
      ],
      [
        'the same field of another program',
        revise('p-a', { notes: 'Saya' }),
        [revised('p-b', { notes: 'Dia' })],
        [],
      ],
      [
        'pagu of another year',
        revise('p-a', { pagu: { '2026': 300 } }),
        [revised('p-a', { pagu: { '2025': 150 } })],
        [],
      ],
      [
        'pagu of the same year',
        revise('p-a', { pagu: { '2026': 300 } }),
        [revised('p-a', { pagu: { '2026': 250 } })],
        [0],
      ],
      [
        'pagu of the same year cleared to null',
        revise('p-a', { pagu: { '2026': 300 } }),
        [revised('p-a', { pagu: { '2026': null } })],
        [0],
      ],
      [
        'the same field, to the value the command asks for (nothing left to change)',
        revise('p-a', { notes: 'Sama' }),
        [revised('p-a', { notes: 'Sama' })],
        [],
      ],
      [
        'pagu of the same year, to the value the command asks for',
        revise('p-a', { pagu: { '2026': 300 } }),
        [revised('p-a', { pagu: { '2026': 300 } })],
        [],
      ],
      [
        'one of several fields',
        revise('p-a', { notes: 'Saya', sumberDana: 'DAK' }),
        [
          revised('p-a', { title: 'Judul lain' }),
          revised('p-a', { sumberDana: 'DAU' }),
          revised('p-b', { notes: 'x' }),
        ],
        [1],
      ],
      [
        'a move, a tag and a comment of the same program',
        revise('p-a', { notes: 'Saya' }),
        [moved('p-a'), tagged('p-a', 'ac-4'), commented('p-a')],
        [],
      ],
    ];
    it.each(rows)('vs a later change of %s', (_what, cmd, later, expected) => {
      expect(conflictsOf(cmd, later)).toEqual(expected);
    });
  });

  describe('for MoveProgram', () => {
    const move = command('MoveProgram', { programId: 'p-a', toColumnId: 'telaah-bappeda' });
    const rows: Row[] = [
      ['a move of the same program', move, [moved('p-a')], [0]],
      ['a move of another program', move, [moved('p-b')], []],
      ['a revision of the same program', move, [revised('p-a', { notes: 'x' })], []],
    ];
    it.each(rows)('vs %s', (_what, cmd, later, expected) => {
      expect(conflictsOf(cmd, later)).toEqual(expected);
    });
  });

  describe('for TagProgram and UntagProgram', () => {
    const tag = command('TagProgram', { programId: 'p-a', listId: 'asta-cita', itemId: 'ac-4' });
    const untag = command('UntagProgram', { programId: 'p-a', listId: 'asta-cita', itemId: 'ac-4' });
    const rows: Row[] = [
      // Both wanted the tag: nothing differs, so nothing conflicts (and the command changes nothing).
      ['Tag vs Tagged with the same item', tag, [tagged('p-a', 'ac-4')], []],
      [
        'Tag vs Tagged then Untagged (it differs now)',
        tag,
        [tagged('p-a', 'ac-4'), untagged('p-a', 'ac-4')],
        [0, 1],
      ],
      ['Tag vs Tagged with another item', tag, [tagged('p-a', 'ac-3')], []],
      ['Tag vs Tagged of another program', tag, [tagged('p-b', 'ac-4')], []],
      ['Untag vs a later Tagged of the same item', untag, [tagged('p-a', 'ac-4')], [0]],
      [
        'Untag vs Tagged then Untagged (already holds)',
        untag,
        [tagged('p-a', 'ac-4'), untagged('p-a', 'ac-4')],
        [],
      ],
    ];
    it.each(rows)('%s', (_what, cmd, later, expected) => {
      expect(conflictsOf(cmd, later)).toEqual(expected);
    });
  });

  describe('for CommentOnProgram', () => {
    it('never conflicts, whatever happened to the program', () => {
      const cmd = command('CommentOnProgram', { programId: 'p-a', text: 'Setuju' });
      const later = [
        commented('p-a'),
        revised('p-a', { notes: 'x' }),
        moved('p-a'),
        tagged('p-a', 'ac-4'),
        { type: 'ProgramArchived', data: { programId: 'p-a', reason: '' } } satisfies BoardEvent,
      ];
      expect(conflictsOf(cmd, later)).toEqual([]);
    });
  });

  describe('for ArchiveProgram and UnarchiveProgram', () => {
    it('conflicts with a later archive or restore of the same program only', () => {
      const archive = command('ArchiveProgram', { programId: 'p-a' });
      const later: BoardEvent[] = [
        { type: 'ProgramArchived', data: { programId: 'p-b', reason: '' } },
        { type: 'ProgramArchived', data: { programId: 'p-a', reason: '' } },
        { type: 'ProgramUnarchived', data: { programId: 'p-a' } },
      ];
      expect(conflictsOf(archive, later)).toEqual([1, 2]);
    });

    it('does not conflict when someone else already archived it: both wanted the same', () => {
      const archive = command('ArchiveProgram', { programId: 'p-a' });
      const later: BoardEvent[] = [
        { type: 'ProgramArchived', data: { programId: 'p-a', reason: 'Duplikat' } },
      ];
      expect(conflictsOf(archive, later)).toEqual([]);
    });
  });

  describe('for column commands', () => {
    const rows: Row[] = [
      [
        'RenameColumn vs ColumnRenamed of the same column',
        command('RenameColumn', { columnId: 'usulan-opd', title: 'Usulan' }),
        [renamed('usulan-opd', 'Usulan dari OPD')],
        [0],
      ],
      [
        'RenameColumn vs ColumnRenamed of another column',
        command('RenameColumn', { columnId: 'usulan-opd', title: 'Usulan' }),
        [renamed('telaah-bappeda', 'Telaah')],
        [],
      ],
      [
        'MoveColumn vs ColumnMoved of the same column',
        command('MoveColumn', { columnId: 'usulan-opd' }),
        [{ type: 'ColumnMoved', data: { columnId: 'usulan-opd', rank: 'a2', fromRank: 'a0' } }],
        [0],
      ],
      [
        'RenameColumn vs ColumnMoved of the same column',
        command('RenameColumn', { columnId: 'usulan-opd', title: 'Usulan' }),
        [{ type: 'ColumnMoved', data: { columnId: 'usulan-opd', rank: 'a2', fromRank: 'a0' } }],
        [],
      ],
    ];
    it.each(rows)('%s', (_what, cmd, later, expected) => {
      expect(conflictsOf(cmd, later)).toEqual(expected);
    });
  });

  describe('for commands that only add', () => {
    it.each([
      [
        'ProposeProgram',
        command('ProposeProgram', { code: '1.05.03', title: titleOf('1.05.03'), opdId: 'dinkes' }),
      ],
      ['AddColumn', command('AddColumn', { title: 'Ditunda' })],
      [
        'AddReferenceItem',
        command('AddReferenceItem', {
          listId: 'asta-cita',
          item: { id: 'ac-9', code: 'AC 9', short: 'x', label: 'x' },
        }),
      ],
    ])('%s never conflicts', (_type, cmd) => {
      const later = [revised('p-a', { notes: 'x' }), moved('p-b'), renamed('usulan-opd', 'Usulan')];
      expect(conflictsOf(cmd, later)).toEqual([]);
    });
  });

  it('finds nothing when no event came after the base', () => {
    expect(conflictsOf(revise('p-a', { notes: 'Saya' }), [])).toEqual([]);
  });
});

describe('touchedKeys and intendedKeys', () => {
  it('name each pagu year separately', () => {
    expect(touchedKeys(revised('p-a', { pagu: { '2026': null, '2028': 5 }, notes: 'x' }))).toEqual([
      'program:p-a:pagu.2026',
      'program:p-a:pagu.2028',
      'program:p-a:notes',
    ]);
  });

  it('name only what the command would really change on the current state', () => {
    const state = boardFrom('papan-uji', recorded(base));
    expect(intendedKeys(revise('p-a', { pagu: { '2025': 100, '2026': 1 }, notes: '' }), state)).toEqual([
      'program:p-a:pagu.2026',
    ]);
    expect(intendedKeys(revise('p-hilang', { notes: 'x' }), state)).toEqual([]);
  });
});

/** @jest-environment node */
import {
  analyzeConflict,
  buildReplacement,
  chooseAll,
  type Choices,
  type ConflictValue,
} from './conflict-resolution';
import { conflictOf, PROGRAM_ID, them, type Step } from './conflict-fixture';

const P = PROGRAM_ID;
const key = (name: string) => `program:${P}:${name}`;
const revise = (changes: Record<string, unknown>): Step => ({
  type: 'ReviseProgram',
  data: { programId: P, changes },
});
const move = (toColumnId: string): Step => ({ type: 'MoveProgram', data: { programId: P, toColumnId } });
const tag = (type: 'TagProgram' | 'UntagProgram', itemId: string): Step => ({
  type,
  data: { programId: P, listId: 'asta-cita', itemId },
});
const text = (value: string): ConflictValue => ({ kind: 'text', text: value });
const rupiah = (amount: number): ConflictValue => ({ kind: 'rupiah', amount });

interface Row {
  name: string;
  mine: Step;
  theirs: Step[];
  /** The conflicting rows: key → [mine, theirs]. */
  rows: Record<string, [ConflictValue, ConflictValue]>;
  alsoSaved: string[];
  /** What the view names in its heading; the program unless said otherwise. */
  subject?: unknown;
  /** Choices → the replacement command (or null). */
  outcomes: Array<[Choices, unknown]>;
}

const table: Row[] = [
  {
    name: 'ReviseProgram: title conflicts, the notes nobody else touched are kept',
    mine: revise({ title: 'Program Imunisasi Dasar Lengkap', notes: 'Hasil musrenbang Betung' }),
    theirs: [revise({ title: 'Program Upaya Kesehatan Masyarakat' })],
    rows: {
      [key('title')]: [text('Program Imunisasi Dasar Lengkap'), text('Program Upaya Kesehatan Masyarakat')],
    },
    alsoSaved: [key('notes')],
    outcomes: [
      [
        { [key('title')]: 'theirs' },
        { type: 'ReviseProgram', data: { programId: P, changes: { notes: 'Hasil musrenbang Betung' } } },
      ],
      [
        { [key('title')]: 'mine' },
        {
          type: 'ReviseProgram',
          data: {
            programId: P,
            changes: { title: 'Program Imunisasi Dasar Lengkap', notes: 'Hasil musrenbang Betung' },
          },
        },
      ],
    ],
  },
  {
    name: 'ReviseProgram: pagu conflicts only in 2026; my 2027 is kept either way',
    mine: revise({ pagu: { '2026': 1_500_000_000, '2027': 1_600_000_000 } }),
    theirs: [revise({ pagu: { '2026': 1_250_000_000 } })],
    rows: { [key('pagu.2026')]: [rupiah(1_500_000_000), rupiah(1_250_000_000)] },
    alsoSaved: [key('pagu.2027')],
    outcomes: [
      [
        { [key('pagu.2026')]: 'theirs' },
        { type: 'ReviseProgram', data: { programId: P, changes: { pagu: { '2027': 1_600_000_000 } } } },
      ],
      [
        // No choice made counts as mine: nothing typed is dropped by default.
        {},
        {
          type: 'ReviseProgram',
          data: { programId: P, changes: { pagu: { '2026': 1_500_000_000, '2027': 1_600_000_000 } } },
        },
      ],
    ],
  },
  {
    name: 'ReviseProgram: theirs chosen everywhere leaves nothing to send',
    mine: revise({ title: 'Program Imunisasi Dasar Lengkap', pagu: { '2026': 1_500_000_000 } }),
    theirs: [revise({ title: 'Program Upaya Kesehatan Masyarakat', pagu: { '2026': 900_000_000 } })],
    rows: {
      [key('title')]: [text('Program Imunisasi Dasar Lengkap'), text('Program Upaya Kesehatan Masyarakat')],
      [key('pagu.2026')]: [rupiah(1_500_000_000), rupiah(900_000_000)],
    },
    alsoSaved: [],
    outcomes: [
      [{ [key('title')]: 'theirs', [key('pagu.2026')]: 'theirs' }, null],
      [
        { [key('title')]: 'theirs', [key('pagu.2026')]: 'mine' },
        { type: 'ReviseProgram', data: { programId: P, changes: { pagu: { '2026': 1_500_000_000 } } } },
      ],
    ],
  },
  {
    name: 'MoveProgram: both moved the card to different stages',
    mine: move('telaah-bappeda'),
    theirs: [move('selaras-visi-misi')],
    rows: {
      [key('place')]: [
        { kind: 'column', columnId: 'telaah-bappeda' },
        { kind: 'column', columnId: 'selaras-visi-misi' },
      ],
    },
    alsoSaved: [],
    outcomes: [
      [{ [key('place')]: 'theirs' }, null],
      [
        { [key('place')]: 'mine' },
        { type: 'MoveProgram', data: { programId: P, toColumnId: 'telaah-bappeda' } },
      ],
    ],
  },
  {
    name: 'TagProgram: they tagged and untagged AC 4 while I tagged it',
    mine: tag('TagProgram', 'ac-4'),
    theirs: [tag('TagProgram', 'ac-4'), tag('UntagProgram', 'ac-4')],
    rows: {
      [key('tag:asta-cita:ac-4')]: [
        { kind: 'tag', listId: 'asta-cita', itemId: 'ac-4', tagged: true },
        { kind: 'tag', listId: 'asta-cita', itemId: 'ac-4', tagged: false },
      ],
    },
    alsoSaved: [],
    outcomes: [
      [{ [key('tag:asta-cita:ac-4')]: 'theirs' }, null],
      [
        { [key('tag:asta-cita:ac-4')]: 'mine' },
        { type: 'TagProgram', data: { programId: P, listId: 'asta-cita', itemId: 'ac-4' } },
      ],
    ],
  },
  {
    name: 'ArchiveProgram: they archived and restored it while I archived it',
    mine: { type: 'ArchiveProgram', data: { programId: P, reason: 'Digabung' } },
    theirs: [
      { type: 'ArchiveProgram', data: { programId: P } },
      { type: 'UnarchiveProgram', data: { programId: P } },
    ],
    rows: {
      [key('archived')]: [
        { kind: 'archived', archived: true },
        { kind: 'archived', archived: false },
      ],
    },
    alsoSaved: [],
    outcomes: [
      [{ [key('archived')]: 'theirs' }, null],
      [{}, { type: 'ArchiveProgram', data: { programId: P, reason: 'Digabung' } }],
    ],
  },
  {
    name: 'RenameColumn: both renamed the same stage',
    mine: { type: 'RenameColumn', data: { columnId: 'telaah-bappeda', title: 'Telaah Teknis' } },
    theirs: [{ type: 'RenameColumn', data: { columnId: 'telaah-bappeda', title: 'Verifikasi Bappeda' } }],
    rows: { 'column:telaah-bappeda:title': [text('Telaah Teknis'), text('Verifikasi Bappeda')] },
    alsoSaved: [],
    subject: { kind: 'column', columnId: 'telaah-bappeda', title: 'Verifikasi Bappeda' },
    outcomes: [
      [{ 'column:telaah-bappeda:title': 'theirs' }, null],
      [
        { 'column:telaah-bappeda:title': 'mine' },
        { type: 'RenameColumn', data: { columnId: 'telaah-bappeda', title: 'Telaah Teknis' } },
      ],
    ],
  },
  {
    name: 'MoveColumn: I moved a stage to the end, they moved it first',
    mine: { type: 'MoveColumn', data: { columnId: 'telaah-bappeda', afterId: 'selaras-visi-misi' } },
    theirs: [{ type: 'MoveColumn', data: { columnId: 'telaah-bappeda', beforeId: 'usulan-opd' } }],
    rows: {
      'column:telaah-bappeda:place': [
        { kind: 'columnPlace', afterId: 'selaras-visi-misi', beforeId: null },
        { kind: 'columnPlace', afterId: null, beforeId: 'usulan-opd' },
      ],
    },
    alsoSaved: [],
    subject: { kind: 'column', columnId: 'telaah-bappeda', title: 'Telaah Bappeda' },
    outcomes: [[{ 'column:telaah-bappeda:place': 'theirs' }, null]],
  },
];

describe('analyzeConflict', () => {
  it.each(table)('$name', ({ mine, theirs, rows, alsoSaved, subject }) => {
    const { pending, confirmed, conflicts } = conflictOf(mine, theirs);
    const analysis = analyzeConflict(pending, confirmed);
    expect(analysis.subject).toEqual(
      subject ?? { kind: 'program', programId: P, code: '1.02.02', title: confirmed.programs[P]!.title },
    );
    expect(Object.fromEntries(analysis.rows.map((r) => [r.key, [r.mine, r.theirs]]))).toEqual(rows);
    expect(analysis.alsoSaved.map((s) => s.key)).toEqual(alsoSaved);
    for (const row of analysis.rows) {
      // Who changed it: the latest of their events that touched this key.
      expect(row.changedBy).toBe(conflicts.at(-1));
      expect(row.changedBy?.meta.actor).toEqual(them);
    }
  });
});

describe('buildReplacement', () => {
  const cases = table.flatMap((row) =>
    row.outcomes.map(([choices, expected]) => ({
      ...row,
      choices,
      expected,
      label: JSON.stringify(choices),
    })),
  );
  it.each(cases)('$name with $label', ({ mine, theirs, choices, expected }) => {
    const { pending, confirmed } = conflictOf(mine, theirs);
    expect(buildReplacement(pending, confirmed, choices)).toEqual(expected);
  });

  it('"all theirs" and "all mine" set every conflicting row', () => {
    const { pending, confirmed } = conflictOf(table[2]!.mine, table[2]!.theirs);
    const analysis = analyzeConflict(pending, confirmed);
    expect(buildReplacement(pending, confirmed, chooseAll(analysis, 'theirs'))).toBeNull();
    expect(buildReplacement(pending, confirmed, chooseAll(analysis, 'mine'))).toEqual({
      type: pending.type,
      data: pending.data,
    });
  });

  it('a field they set to the same value as mine is no longer in dispute and is not sent again', () => {
    const { pending, confirmed } = conflictOf(
      revise({ title: 'Program Imunisasi Dasar Lengkap', notes: 'Sama' }),
      [revise({ title: 'Program Upaya Kesehatan Masyarakat', notes: 'Sama' })],
    );
    const analysis = analyzeConflict(pending, confirmed);
    expect(analysis.rows.map((r) => r.key)).toEqual([key('title')]);
    expect(analysis.alsoSaved).toEqual([]);
    expect(buildReplacement(pending, confirmed, { [key('title')]: 'theirs' })).toBeNull();
  });
});

import type { BoardEvent } from '../domain/events';
import type { Actor } from '../domain/types';
import { programPaguYear } from '../domain/pagu';
import { kegiatanOf } from '../domain/types';
import { testActors } from '../testing/given-when-then';
import type { ImportCell } from './import-types';
import { FULL, actors, apply, boardOf, childrenOf, plan, rowOf, titleOf } from './import.spec-helper';

// Codes from the shipped nomenclature: program 1.02.02, its first two kegiatan and their sub-kegiatan.
const PROGRAM = '1.02.02';
const [KEG, KEG_2] = childrenOf(PROGRAM) as [string, string];
const [SUB, SUB_2] = childrenOf(KEG) as [string, string];
const SUB_OF_KEG_2 = childrenOf(KEG_2)[0]!;
const OTHER_BIDANG_PROGRAM = childrenOf('1.01').find((c) => c.split('.').length === 3 && c !== '1.01.01')!;
/** Well formed, in bidang 1.02, but not in the list. */
const UNKNOWN = (() => {
  for (let n = 99; n > 0; n--) {
    const code = `1.02.${String(n).padStart(2, '0')}`;
    if (!FULL.entries.has(code)) return code;
  }
  throw new Error('no free code');
})();

const HEADER = [
  'Kode',
  'Program/Kegiatan/Sub Kegiatan',
  'Indikator',
  'Satuan',
  'Target 2026',
  'Pagu 2026',
  'Pagu 2027',
  'OPD',
];
type Row = [
  string | null,
  string | null,
  string | null,
  string | null,
  ImportCell,
  ImportCell,
  ImportCell,
  string | null,
];
const table = (...rows: Row[]): ImportCell[][] => [HEADER, ...rows];
const programRow = (pagu: ImportCell = null, opd: string | null = 'Dinas Kesehatan'): Row => [
  PROGRAM,
  titleOf(PROGRAM),
  'Persentase layanan kesehatan',
  '%',
  '90',
  pagu,
  null,
  opd,
];
const kegiatanRow = (code = KEG): Row => [
  code,
  titleOf(code),
  null,
  null,
  null,
  null,
  null,
  'Dinas Kesehatan',
];
const subRow = (code = SUB, pagu: ImportCell = '1.250.000.000', pagu2027: ImportCell = null): Row => [
  code,
  titleOf(code),
  null,
  null,
  null,
  pagu,
  pagu2027,
  'Dinas Kesehatan',
];

const programOnBoard: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'dinkes-1-02-02',
    columnId: 'usulan-opd',
    rank: 'a0',
    code: PROGRAM,
    title: titleOf(PROGRAM),
    opdId: 'dinkes',
    indicators: [
      { id: 'i1', name: 'Persentase layanan kesehatan', unit: '%', baseline: 80, targets: { '2026': 85 } },
    ],
    pagu: {},
    lokasi: [],
    sumberDana: null,
    notes: '',
  },
};
const kegiatanOnBoard: BoardEvent = {
  type: 'KegiatanAdded',
  data: { programId: 'dinkes-1-02-02', code: KEG, title: titleOf(KEG), indicators: [], notes: '' },
};
const subOnBoard = (pagu: Record<string, number>): BoardEvent => ({
  type: 'SubKegiatanAdded',
  data: {
    programId: 'dinkes-1-02-02',
    code: SUB,
    title: titleOf(SUB),
    indicators: [],
    pagu,
    lokasi: [],
    notes: '',
  },
});

describe('planning an import', () => {
  describe('on an empty board', () => {
    const board = boardOf();
    const preview = plan(board, table(programRow(), kegiatanRow(), subRow(), subRow(SUB_2, '750.000.000')));

    it('marks every row new and plans the ordinary commands in dependency order', () => {
      expect(preview.rows.map((r) => r.status)).toEqual(['new', 'new', 'new', 'new']);
      expect(preview.commands.map((c) => c.type)).toEqual([
        'ProposeProgram',
        'AddKegiatan',
        'AddSubKegiatan',
        'AddSubKegiatan',
      ]);
      expect(preview.counts).toMatchObject({ new: 4, changed: 0, unchanged: 0, error: 0, total: 4 });
      expect(preview.commands[0]!.data).toMatchObject({
        programId: 'dinkes-1-02-02',
        code: PROGRAM,
        opdId: 'dinkes',
      });
    });

    it('lists what each new row sets, with the indicator and its target', () => {
      expect(rowOf(preview, 2).changes).toEqual(
        expect.arrayContaining([
          { field: 'title', before: null, after: titleOf(PROGRAM) },
          {
            field: 'indicator',
            indicator: 'Persentase layanan kesehatan',
            before: null,
            after: { unit: '%', baseline: null, targets: { '2026': 90 } },
          },
        ]),
      );
      expect(rowOf(preview, 4).changes).toEqual([{ field: 'pagu.2026', before: null, after: 1_250_000_000 }]);
    });

    it('applies to the tree, and the same file again plans nothing (idempotent)', () => {
      const after = apply(board, preview);
      const program = after.programs['dinkes-1-02-02']!;
      expect(kegiatanOf(program)[KEG]!.subKegiatan[SUB]!.pagu).toEqual({ '2026': 1_250_000_000 });
      expect(programPaguYear(program, '2026')).toMatchObject({ value: 2_000_000_000, source: 'rincian' });
      const again = plan(after, table(programRow(), kegiatanRow(), subRow(), subRow(SUB_2, '750.000.000')));
      expect(again.commands).toEqual([]);
      expect(again.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    });

    it('is deterministic: the same input gives the same digest and command ids', () => {
      const twice = plan(board, table(programRow(), kegiatanRow(), subRow(), subRow(SUB_2, '750.000.000')));
      expect(twice.digest).toBe(preview.digest);
      expect(twice.commands.map((c) => c.commandId)).toEqual(preview.commands.map((c) => c.commandId));
      for (const c of twice.commands)
        expect(c.commandId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const otherFile = plan(board, table(programRow()), testActors.sekretariat, {
        fileHash: 'e'.repeat(64),
      });
      expect(otherFile.importId).not.toBe(preview.importId);
    });
  });

  describe('against what the board has', () => {
    const board = boardOf([programOnBoard, kegiatanOnBoard, subOnBoard({ '2026': 1_000_000, '2027': 5 })]);

    it('marks a changed value with its exact diff and an equal one unchanged', () => {
      const preview = plan(board, table(programRow(), kegiatanRow(), subRow(SUB, '2.000.000', '5')));
      expect(rowOf(preview, 4)).toMatchObject({
        status: 'changed',
        changes: [{ field: 'pagu.2026', before: 1_000_000, after: 2_000_000 }],
      });
      expect(rowOf(preview, 3).status).toBe('unchanged');
      // The program's indicator target 2026 goes from 85 to 90.
      expect(rowOf(preview, 2)).toMatchObject({
        status: 'changed',
        changes: [
          { field: 'targets.2026', indicator: 'Persentase layanan kesehatan', before: 85, after: 90 },
        ],
      });
      expect(preview.commands.map((c) => c.type)).toEqual(['ReviseProgram', 'ReviseSubKegiatan']);
      expect(preview.commands[1]!.data).toEqual({
        programId: 'dinkes-1-02-02',
        code: SUB,
        changes: { pagu: { '2026': 2_000_000 } },
      });
    });

    it('treats an empty cell as "not filled": it never clears what is there', () => {
      const preview = plan(board, table(subRow(SUB, null, null)));
      expect(rowOf(preview, 2).status).toBe('unchanged');
      expect(preview.commands).toEqual([]);
    });

    it('restores an archived sub-kegiatan the file lists', () => {
      const archived = boardOf([
        programOnBoard,
        kegiatanOnBoard,
        subOnBoard({ '2026': 1_000_000 }),
        { type: 'SubKegiatanArchived', data: { programId: 'dinkes-1-02-02', code: SUB, reason: '' } },
      ]);
      const preview = plan(archived, table(subRow(SUB, '1.000.000')));
      expect(preview.commands.map((c) => c.type)).toEqual(['UnarchiveSubKegiatan']);
      expect(rowOf(preview, 2)).toMatchObject({
        status: 'changed',
        changes: [{ field: 'archived', before: true, after: false }],
      });
    });
  });

  describe("a program's pagu", () => {
    const rows = (programPagu: string) =>
      table(programRow(programPagu), kegiatanRow(), subRow(SUB, '600'), subRow(SUB_2, '400'));

    it('equal to the sum of its sub-kegiatan stays a sum (not set by hand)', () => {
      const preview = plan(boardOf(), rows('1.000'));
      expect(preview.commands[0]!.data).not.toHaveProperty('pagu');
      expect(rowOf(preview, 2).changes.some((c) => c.field === 'pagu.2026')).toBe(false);
    });

    it("different from the sum is the program's own figure, which then wins", () => {
      const preview = plan(boardOf(), rows('1.500'));
      expect(preview.commands[0]!.data).toMatchObject({ pagu: { '2026': 1500 } });
      const program = apply(boardOf(), preview).programs['dinkes-1-02-02']!;
      expect(programPaguYear(program, '2026')).toEqual({
        value: 1500,
        source: 'manual',
        manual: 1500,
        rincian: 1000,
      });
    });

    it("a kegiatan's figure is the sum of its sub-kegiatan: a different one is pointed out, not imported", () => {
      const preview = plan(
        boardOf(),
        table(
          programRow(),
          [...kegiatanRow().slice(0, 5), '999', null, 'Dinas Kesehatan'] as Row,
          subRow(SUB, '600'),
        ),
      );
      expect(rowOf(preview, 3).warnings.map((w) => w.code)).toEqual(['KegiatanPaguDerived']);
      expect(rowOf(preview, 3).warnings[0]!.message).toContain('600');
    });
  });

  describe('row errors', () => {
    const board = boardOf([programOnBoard]);
    const errorOf = (rows: ImportCell[][], row: number, actor: Actor = testActors.sekretariat, extra = {}) =>
      rowOf(plan(board, rows, actor, extra), row);

    it.each<[string, () => ReturnType<typeof errorOf>, string]>([
      [
        'an unknown code',
        () => errorOf(table([UNKNOWN, 'x', null, null, null, null, null, 'Dinkes']), 2),
        'UnknownCode',
      ],
      [
        'a malformed code',
        () => errorOf(table(['1.2.3', 'x', null, null, null, null, null, 'Dinkes']), 2),
        'InvalidCode',
      ],
      ['an unknown OPD', () => errorOf(table(programRow(null, 'Dinas Antah')), 2), 'UnknownOpd'],
      [
        'no OPD at all',
        () => errorOf(table([childrenOf('1.01')[1]!, 'x', null, null, null, null, null, null]), 2),
        'MissingOpd',
      ],
      [
        "another OPD's row, for an OPD",
        () => errorOf(table(programRow(null, 'Dinas PUTR')), 2, testActors.dinkes),
        'OtherOpd',
      ],
      ['"Rp 1,25 M"', () => errorOf(table(subRow(SUB, 'Rp 1,25 M')), 2), 'AbbreviatedNumber'],
      ['text for a number', () => errorOf(table(subRow(SUB, 'belum tahu')), 2), 'BadNumber'],
      ['cents in a pagu', () => errorOf(table(subRow(SUB, '1.000,50')), 2), 'NotWholeRupiah'],
      ['a repeated row', () => errorOf(table(programRow(), programRow()), 3), 'DuplicateRow'],
      [
        'a contradicting row',
        () =>
          errorOf(
            table(subRow(SUB, '1'), [
              ...subRow(SUB, '2').slice(0, 2),
              'Lain',
              'unit',
              null,
              '2',
              null,
              'Dinkes',
            ] as Row),
            3,
          ),
        'ConflictingValues',
      ],
      [
        'a kegiatan without its program',
        () => errorOf(table(kegiatanRow(KEG).map((c, i) => (i === 7 ? 'Dinas PUTR' : c)) as Row), 2),
        'MissingProgram',
      ],
      [
        'a sub-kegiatan without its kegiatan',
        () => errorOf(table(subRow(SUB_OF_KEG_2)), 2),
        'MissingKegiatan',
      ],
      [
        'a kegiatan whose program row failed',
        () =>
          errorOf(
            table(
              ['1.02.03', 'x', null, null, null, 'Rp 1 M', null, 'Dinas PUTR'],
              [childrenOf('1.02.03')[0]!, 'x', null, null, null, null, null, 'Dinas PUTR'],
            ),
            3,
          ),
        'ParentFailed',
      ],
      [
        'a target without an indicator',
        () => errorOf(table([PROGRAM, 'x', null, null, '90', null, null, 'Dinkes']), 2),
        'MissingIndicator',
      ],
      [
        'a new indicator without its unit',
        () => errorOf(table([PROGRAM, 'x', 'Indikator baru', null, '90', null, null, 'Dinkes']), 2),
        'MissingUnit',
      ],
      [
        'a formula without a stored value',
        () =>
          errorOf(
            table([
              PROGRAM,
              'x',
              null,
              null,
              null,
              { problem: 'formulaWithoutValue', text: 'SUM(F3:F9)' },
              null,
              'Dinkes',
            ]),
            2,
          ),
        'FormulaWithoutValue',
      ],
      [
        'an error value',
        () =>
          errorOf(
            table([PROGRAM, 'x', null, null, null, { problem: 'errorValue', text: '#REF!' }, null, 'Dinkes']),
            2,
          ),
        'ErrorValue',
      ],
      [
        'a row without a code',
        () => errorOf(table([null, 'Program tanpa kode', null, null, null, '5', null, 'Dinkes']), 2),
        'MissingCode',
      ],
    ])('%s', (_, run, code) => {
      const row = run();
      expect(row.status).toBe('error');
      expect(row.errors.map((e) => e.code)).toContain(code);
      for (const e of row.errors) {
        expect(e.message).toMatch(/^Baris \d+/);
        expect(e.messageEn).toMatch(/^Row \d+/);
      }
    });

    it('names row and column in both languages for a bad cell', () => {
      const row = errorOf(table(subRow(SUB, 'Rp 1,25 M')), 2);
      expect(row.errors[0]).toEqual({
        code: 'AbbreviatedNumber',
        column: 'F',
        message:
          'Baris 2, kolom F (Pagu 2026): "Rp 1,25 M" memakai singkatan; tulis angka lengkap, mis. 1.250.000.000 (bukan "1,25 M").',
        messageEn:
          'Row 2, column F (Pagu 2026): "Rp 1,25 M" is abbreviated; write the full number, e.g. 1.250.000.000 (not "1,25 M").',
      });
    });

    it('refuses a code outside the bidang the OPD is mapped to', () => {
      const mapped = boardOf([
        { type: 'OpdBidangSet', data: { opdId: 'dinkes', bidang: ['1.02'], before: [] } },
      ]);
      const preview = plan(
        mapped,
        table([OTHER_BIDANG_PROGRAM, 'x', null, null, null, null, null, 'Dinkes'], programRow()),
      );
      expect(rowOf(preview, 2).errors.map((e) => e.code)).toEqual(['OtherBidang']);
      expect(rowOf(preview, 3).status).toBe('new');
    });

    it('leaves error rows out of the commands and imports the rest', () => {
      const preview = plan(board, table(subRow(SUB, 'Rp 1,25 M'), kegiatanRow(KEG_2)));
      expect(preview.counts).toMatchObject({ error: 1, new: 1 });
      expect(preview.commands.map((c) => c.type)).toEqual(['AddKegiatan']);
    });

    it("reports the domain's refusal in its words (an archived program)", () => {
      const archived = boardOf([
        programOnBoard,
        { type: 'ProgramArchived', data: { programId: 'dinkes-1-02-02', reason: '' } },
      ]);
      const preview = plan(archived, table(kegiatanRow()));
      expect(rowOf(preview, 2).errors[0]).toMatchObject({ code: 'Refused' });
      expect(rowOf(preview, 2).errors[0]!.message).toContain('diarsipkan');
    });
  });

  describe('who imports for whom', () => {
    it('an OPD imports for itself whatever OPD it names as default, and rows without OPD are its own', () => {
      const preview = plan(boardOf(), table([...programRow().slice(0, 7), null] as Row), actors.dinkes, {
        opdId: 'putr',
      });
      expect(preview.opdId).toBe('dinkes');
      expect(rowOf(preview, 2)).toMatchObject({ status: 'new', opdId: 'dinkes' });
    });

    it('the secretariat imports for any OPD, by the OPD column or the chosen default', () => {
      const rows = table(programRow(null, 'Dinas PUTR'), [...programRow().slice(0, 7), null] as Row);
      const preview = plan(boardOf(), rows, testActors.sekretariat, { opdId: 'disdik' });
      expect(preview.rows.map((r) => r.opdId)).toEqual(['putr', 'disdik']);
      expect(preview.commands.map((c) => (c.data as { opdId: string }).opdId)).toEqual(['putr', 'disdik']);
    });

    it('a heading row naming an OPD sets the OPD of the rows below it', () => {
      const rows: ImportCell[][] = [HEADER, ['Dinas Pendidikan'], [...programRow().slice(0, 7), null]];
      expect(rowOf(plan(boardOf(), rows), 3).opdId).toBe('disdik');
    });

    it('an auditor plans only refusals', () => {
      const preview = plan(boardOf(), table(programRow()), testActors.inspektorat);
      expect(rowOf(preview, 2).status).toBe('error');
      expect(preview.commands).toEqual([]);
    });
  });

  describe('the shape of the table', () => {
    it('reads urusan and bidang rows as context, and skips totals and notes', () => {
      const rows: ImportCell[][] = [
        HEADER,
        ['1', 'URUSAN', null, null, null, '9.999', null, null],
        ['1.02', 'BIDANG', null, null, null, null, null, null],
        programRow(),
        [null, 'Jumlah', null, null, null, '9.999', null, null],
        ['Catatan: angka fiktif'],
      ];
      const preview = plan(boardOf(), rows);
      expect(preview.rows.map((r) => [r.row, r.status])).toEqual([
        [2, 'unchanged'],
        [3, 'unchanged'],
        [4, 'new'],
      ]);
      expect(rowOf(preview, 2).warnings.map((w) => w.code)).toEqual(['ContextRow']);
      expect(preview.counts.ignored).toBe(2);
    });

    it('asks for the mapping first when a column is not recognised, and plans nothing until then', () => {
      const rows: ImportCell[][] = [
        ['Kode', 'Nama', 'Anggaran 26'],
        [PROGRAM, titleOf(PROGRAM), '5'],
      ];
      const first = plan(boardOf(), rows, actors.dinkes);
      expect(first).toMatchObject({ needsMapping: true, unmapped: [2], rows: [], commands: [] });
      const mapped = plan(boardOf(), rows, actors.dinkes, { mapping: { '2': 'pagu.2026' } });
      expect(mapped.needsMapping).toBe(false);
      expect(mapped.commands[0]!.data).toMatchObject({ pagu: { '2026': 5 } });
    });

    it("undoes the export's formula guard", () => {
      const rows: ImportCell[][] = [
        ['Kode', 'Program', 'Sumber dana', 'OPD'],
        [PROGRAM, titleOf(PROGRAM), "'=1+1", 'Dinas Kesehatan'],
      ];
      expect(plan(boardOf(), rows).commands[0]!.data).toMatchObject({ sumberDana: '=1+1' });
    });

    it('takes a sub-kegiatan indicator from the nomenclature when only its target is given', () => {
      const sub = [...FULL.entries.values()].find(
        (e) => e.level === 'subKegiatan' && e.code.startsWith(`${KEG}.`) && e.indikator,
      )!;
      const rows = table(programRow(), kegiatanRow(), [
        sub.code,
        sub.title,
        null,
        null,
        '3',
        null,
        null,
        'Dinkes',
      ]);
      const row = rowOf(plan(boardOf(), rows), 4);
      expect(row.status).toBe('new');
      expect(row.warnings.map((w) => w.code)).toEqual(['IndicatorFromNomenclature']);
      expect(row.changes).toContainEqual({
        field: 'indicator',
        indicator: sub.indikator,
        before: null,
        after: { unit: sub.satuan, baseline: null, targets: { '2026': 3 } },
      });
    });
  });
});

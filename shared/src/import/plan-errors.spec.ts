import type { Actor } from '../domain/types';
import { testActors } from '../testing/given-when-then';
import type { ImportCell } from './import-types';
import { boardOf, childrenOf, plan, rowOf } from './import.spec-helper';

import {
  KEG,
  KEG_2,
  OTHER_BIDANG_PROGRAM,
  PROGRAM,
  SUB,
  SUB_OF_KEG_2,
  UNKNOWN,
  type Row,
  kegiatanRow,
  programOnBoard,
  programRow,
  subRow,
  table,
} from './plan-fixtures.spec-helper';

describe('planning an import: row errors', () => {
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
    ['a sub-kegiatan without its kegiatan', () => errorOf(table(subRow(SUB_OF_KEG_2)), 2), 'MissingKegiatan'],
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

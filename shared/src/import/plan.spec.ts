import { programPaguYear } from '../domain/pagu';
import { kegiatanOf } from '../domain/types';
import { testActors } from '../testing/given-when-then';
import type { ImportCell } from './import-types';
import { FULL, actors, apply, boardOf, plan, rowOf, titleOf } from './import.spec-helper';

import {
  HEADER,
  KEG,
  PROGRAM,
  SUB,
  SUB_2,
  type Row,
  kegiatanOnBoard,
  kegiatanRow,
  programOnBoard,
  programRow,
  subOnBoard,
  subRow,
  table,
} from './plan-fixtures.spec-helper';

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

import { PassThrough, type Writable } from 'node:stream';
import {
  type BoardState,
  type PlanYear,
  PLAN_YEARS,
  kegiatanOf,
  kegiatanPagu,
  programPaguYear,
} from '@selaras/shared';
import ExcelJS from 'exceljs';
import { rincianBoard, run } from '../import/rincian-board.spec-helper';
import { compareCodes } from './compare';
import { writeRpjmdHtml } from './rpjmd-html';
import { writeRpjmdXlsx } from './rpjmd-xlsx';

const STAMP = {
  boardId: 'papan-rincian',
  revision: 42,
  headHash: 'b'.repeat(64),
  at: '2025-02-14T03:00:00.000Z',
  exportedAt: '2025-02-14T04:00:00.000Z',
};

async function bytesOf(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  await write(out);
  out.end();
  await done;
  return Buffer.concat(chunks);
}

/** The board of the import specs, plus a second OPD holding a program code too and a tricky title. */
function board(): BoardState {
  const base = rincianBoard();
  const first = Object.values(base.programs)[0]!;
  return run(base, [
    [
      'ProposeProgram',
      {
        programId: 'bappeda-dup',
        code: first.code,
        title: 'Program yang sama, OPD lain',
        opdId: 'bappeda',
        pagu: { '2026': 5_000_000 },
      },
    ],
    [
      'ReviseProgram',
      { programId: first.id, changes: { title: '=HYPERLINK("http://x","<script>alert(1)</script>")' } },
    ],
  ]);
}

interface ReadRow {
  code: string;
  name: string;
  opd: string;
  pagu: Array<number | null>;
  end: number | null;
}

describe('the RPJMD table as XLSX, read back', () => {
  const state = board();
  const opdName = (id: string) => state.opds[id]!.name;
  const programs = Object.values(state.programs).filter((p) => !p.archived);
  const sum = (values: Array<number | null>[]) =>
    PLAN_YEARS.map((_, i) =>
      values.some((v) => v[i] !== null) ? values.reduce((s, v) => s + (v[i] ?? 0), 0) : null,
    );
  const paguOf = (p: (typeof programs)[number]) =>
    PLAN_YEARS.map((y: PlanYear) => programPaguYear(p, y).value);
  let sheet: ExcelJS.Worksheet;
  let rows: ReadRow[];

  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await bytesOf((out) => writeRpjmdXlsx(out, state, STAMP))) as unknown as ArrayBuffer,
    );
    sheet = workbook.worksheets[0]!;
    rows = [];
    sheet.eachRow((row, n) => {
      if (n < 8) return;
      const value = (c: number) => row.getCell(c).value;
      const number = (c: number) => (typeof value(c) === 'number' ? (value(c) as number) : null);
      rows.push({
        code: String(value(1) ?? ''),
        name: String(value(2) ?? ''),
        opd: String(value(18) ?? ''),
        pagu: PLAN_YEARS.map((_, i) => number(7 + 2 * i)),
        end: number(17),
      });
    });
  });

  const find = (code: string, opd: string) => {
    const found = rows.find((r) => r.code === code && r.opd === opd);
    if (!found) throw new Error(`no row ${code} ${opd}`);
    return found;
  };
  const endOf = (pagu: Array<number | null>) =>
    pagu.some((v) => v !== null) ? pagu.reduce<number>((s, v) => s + (v ?? 0), 0) : null;

  it('every program, kegiatan and sub-kegiatan figure equals the fold (programPagu, kegiatanPagu, sub pagu)', () => {
    let checked = 0;
    for (const p of programs) {
      expect(find(p.code, opdName(p.opdId))).toMatchObject({ pagu: paguOf(p), end: endOf(paguOf(p)) });
      for (const k of Object.values(kegiatanOf(p)).filter((k) => !k.archived)) {
        const pagu = PLAN_YEARS.map((y) => kegiatanPagu(k, y));
        expect(find(k.code, opdName(p.opdId))).toMatchObject({ pagu, end: endOf(pagu) });
        for (const s of Object.values(k.subKegiatan)) {
          if (s.archived) {
            expect(rows.some((r) => r.code === s.code)).toBe(false);
            continue;
          }
          expect(find(s.code, opdName(p.opdId)).pagu).toEqual(PLAN_YEARS.map((y) => s.pagu[y] ?? null));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('urusan and bidang rows total their programs; then the overall total and one per OPD', () => {
    for (const urusan of new Set(programs.map((p) => p.code.split('.')[0]!)))
      expect(find(urusan, '').pagu).toEqual(
        sum(programs.filter((p) => p.code.split('.')[0] === urusan).map(paguOf)),
      );
    for (const bidang of new Set(programs.map((p) => p.code.split('.').slice(0, 2).join('.'))))
      expect(find(bidang, '').pagu).toEqual(
        sum(programs.filter((p) => p.code.startsWith(`${bidang}.`)).map(paguOf)),
      );
    const overall = rows.find((r) => r.name === 'JUMLAH TOTAL')!;
    expect(overall.pagu).toEqual(sum(programs.map(paguOf)));
    expect(overall.end).toBe(endOf(sum(programs.map(paguOf))));
    for (const opdId of new Set(programs.map((p) => p.opdId))) {
      const recap = rows.find((r) => r.name === opdName(opdId) && r.opd === opdName(opdId) && r.code === '')!;
      expect(recap.pagu).toEqual(sum(programs.filter((p) => p.opdId === opdId).map(paguOf)));
    }
  });

  it('lists rows in nomenclature order: urusan, bidang, program, kegiatan, sub-kegiatan', () => {
    const coded = rows.filter((r) => r.code !== '').map((r) => r.code);
    for (let i = 1; i < coded.length; i++) {
      const [a, b] = [coded[i - 1]!, coded[i]!];
      expect([a, b, compareCodes(a, b) <= 0 || b.split('.').length < a.split('.').length]).toEqual([
        a,
        b,
        true,
      ]);
    }
    expect(coded[0]!.split('.')).toHaveLength(1);
  });

  it('is laid out for print: merged header, Rupiah formats, frozen panes, A3 landscape, stamped', () => {
    expect(sheet.model.merges).toEqual(
      expect.arrayContaining(['A4:A6', 'F4:O4', 'F5:G5', 'N5:O5', 'P4:Q4', 'R4:R6']),
    );
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 7 });
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 8,
      orientation: 'landscape',
      fitToWidth: 1,
      printTitlesRow: '4:7',
    });
    expect(sheet.headerFooter.oddFooter).toContain(`revisi 42, head hash ${'b'.repeat(64)}`);
    expect(String(sheet.getCell('A2').value)).toContain(`revisi 42, head hash ${'b'.repeat(64)}`);
    expect(sheet.getCell('G8').numFmt).toBe('"Rp"#,##0');
    expect(String(sheet.getCell('A1').value)).toContain('Data contoh');
  });

  it('guards text cells against formulas', () => {
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(rows.some((r) => r.name.startsWith("'=HYPERLINK("))).toBe(true);
  });
});

describe('the RPJMD table as HTML', () => {
  it('is escaped, printable on A3 landscape with a repeated header, and stamped', async () => {
    const html = (await bytesOf((out) => writeRpjmdHtml(out, board(), STAMP))).toString('utf8');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script');
    expect(html).toContain('@page { size: A3 landscape');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain(`revisi 42, head hash ${'b'.repeat(64)}`);
    expect(html).toContain('JUMLAH TOTAL');
    expect(html).toMatch(/<td class="n">\d{1,3}(\.\d{3}){2,}<\/td>/);
    expect(html.trim().endsWith('</html>')).toBe(true);
  });
});

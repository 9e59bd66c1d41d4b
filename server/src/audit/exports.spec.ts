import { PassThrough } from 'node:stream';
import { DEMO_BOARD_ID, boardFrom, kegiatanOf } from '@selaras/shared';
import ExcelJS from 'exceljs';
import { csvLine, guardCell } from './csv';
import { historyFromEvents } from './history-from-events';
import { matrixRows, writeMatrixXlsx } from './matrix-xlsx';
import { randomHistory } from './random-history.spec-helper';

describe('formula guard', () => {
  it.each(['=SUM(A1)', '+62 811', '-1', '@cmd', '\tx', '\rx'])('puts an apostrophe before %j', (text) => {
    expect(guardCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(guardCell('Dinas Kesehatan')).toBe('Dinas Kesehatan');
    expect(csvLine([1, -5, 'a'])).toBe('1,-5,a\r\n');
  });

  it('quotes CSV cells with commas, quotes or line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', null, '=1+1'])).toBe('"a,b","say ""hi""","x\ny",,\'=1+1\r\n');
  });
});

describe('the alignment matrix', () => {
  const events = randomHistory(21, 300);
  const board = boardFrom(DEMO_BOARD_ID, events);

  it('has a row per indicator of every active program and its active kegiatan and sub-kegiatan, in nomenclature order', () => {
    const { rows } = matrixRows(board);
    const active = Object.values(board.programs).filter((p) => !p.archived);
    const rowsOf = (item: { indicators: unknown[] }) => Math.max(1, item.indicators.length);
    const expected = active.reduce((n, p) => {
      let count = n + rowsOf(p);
      for (const k of Object.values(kegiatanOf(p)).filter((k) => !k.archived)) {
        count += rowsOf(k);
        for (const s of Object.values(k.subKegiatan).filter((s) => !s.archived)) count += rowsOf(s);
      }
      return count;
    }, 0);
    expect(rows).toHaveLength(expected);
    const codes = rows.map((r) => r[0] as string);
    expect(codes).toEqual([...codes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  it('opens in an Excel-compatible reader, stamped with revision and head hash, formulas defused', async () => {
    const tricky = structuredClone(board);
    const first = Object.values(tricky.programs).find((p) => !p.archived)!;
    first.title = '=HYPERLINK("http://x","klik")';
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => out.on('end', resolve));
    await writeMatrixXlsx(out, tricky, {
      boardId: DEMO_BOARD_ID,
      revision: board.revision,
      headHash: 'abc123',
      at: '2025-02-14T03:32:00.000Z',
      exportedAt: '2025-02-15T00:00:00.000Z',
    });
    await done;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('Data contoh');
    expect(String(sheet.getCell('A2').value)).toBe(
      `Papan ${DEMO_BOARD_ID}, revisi ${board.revision}, head hash abc123`,
    );
    expect(sheet.getCell('A5').value).toBe('Kode');
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(cells.some((c) => c.value === `'${first.title}`)).toBe(true);
    expect(sheet.rowCount).toBe(6 + matrixRows(board).rows.length);
  });
});

describe('historyFromEvents', () => {
  const events = randomHistory(8, 400);
  const programId = 'dinkes-1-02-02';
  const mine = events.filter((e) => (e.data as { programId?: string }).programId === programId);
  const history = historyFromEvents(mine);

  it('is newest first, one entry per event of the program', () => {
    expect(history.map((h) => h.revision)).toEqual(mine.map((e) => e.revision).reverse());
  });

  it('replays: each field change goes from the value before to the value after', () => {
    for (const entry of history.filter((h) => h.type === 'ProgramRevised')) {
      const before = boardFrom(DEMO_BOARD_ID, events.slice(0, entry.revision)).programs[programId]!;
      const after = boardFrom(DEMO_BOARD_ID, events.slice(0, entry.revision + 1)).programs[programId]!;
      for (const change of entry.changes) {
        const read = (p: typeof before) =>
          change.field.startsWith('pagu.')
            ? (p.pagu[change.field.slice(5) as '2025'] ?? null)
            : (p as unknown as Record<string, unknown>)[change.field];
        expect(read(before)).toEqual(change.before);
        expect(read(after)).toEqual(change.after);
      }
    }
  });

  it('names moves by stage and carries reasons and reverts', () => {
    const move = history.find((h) => h.type === 'ProgramMoved');
    expect(move?.fromColumnId).toBeDefined();
    const reverted = historyFromEvents(events).filter((h) => h.revertedTo !== undefined);
    for (const r of reverted) expect(r.text).toBe('uji kembali');
  });
});

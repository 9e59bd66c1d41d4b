import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { planImport } from '@selaras/shared';
import { writeMatrixXlsx } from '../audit/matrix-xlsx';
import { readSpreadsheet } from './read-spreadsheet';
import { FULL, SEKRETARIAT, emptyBoard, rincianBoard } from './rincian-board.spec-helper';
import { SAMPLE_OPDS, sampleRows } from './sample-tables';
import { sampleCsv, sampleXlsx } from './sample-writers';

async function matrixBytes(board: ReturnType<typeof rincianBoard>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  await writeMatrixXlsx(out, board, {
    boardId: board.id,
    revision: board.revision,
    headHash: 'a'.repeat(64),
    at: '2025-02-14T03:00:00.000Z',
    exportedAt: '2025-02-14T04:00:00.000Z',
  });
  await done;
  return Buffer.concat(chunks);
}

describe('round trip: the board exported as XLSX reads back unchanged', () => {
  const board = rincianBoard();

  it('carries programs, kegiatan and sub-kegiatan, and importing it changes nothing', async () => {
    const table = await readSpreadsheet(await matrixBytes(board), 'xlsx');
    const preview = planImport({ board, nomenclature: FULL, table, actor: SEKRETARIAT, fileHash: 'x' });
    expect(preview.layout).toBe('selaras-matriks');
    expect(preview.columns.filter((c) => preview.unmapped.includes(c.index))).toEqual([]);
    expect(preview.needsMapping).toBe(false);
    expect(preview.rows.filter((r) => r.status !== 'unchanged')).toEqual([]);
    expect(preview.commands).toEqual([]);
    const levels = new Set(preview.rows.map((r) => r.level));
    expect([...levels].sort()).toEqual(['kegiatan', 'program', 'subKegiatan']);
    const subs = Object.values(board.programs).flatMap((p) =>
      Object.values(p.kegiatan ?? {}).flatMap((k) => Object.values(k.subKegiatan).filter((s) => !s.archived)),
    );
    expect(preview.rows.filter((r) => r.level === 'subKegiatan')).toHaveLength(subs.length);
  });

  it('the same export imported into an empty board rebuilds the tree', async () => {
    const table = await readSpreadsheet(await matrixBytes(board), 'xlsx');
    const preview = planImport({
      board: emptyBoard(),
      nomenclature: FULL,
      table,
      actor: SEKRETARIAT,
      fileHash: 'x',
    });
    expect(preview.needsMapping).toBe(false);
    expect(preview.counts.error).toBe(0);
    expect(preview.rows.length).toBeGreaterThan(20);
    expect(preview.rows.every((r) => r.status === 'new')).toBe(true);
  });
});

describe('the sample files', () => {
  const rows = sampleRows({
    nomenclature: FULL,
    opds: [SAMPLE_OPDS.dinkes!],
    programsPerOpd: 2,
    kegiatanPerProgram: 2,
    subPerKegiatan: 2,
  });
  const file = { title: 'CONTOH uji', notes: ['angka FIKTIF'] };

  it.each([
    ['xlsx', async () => readSpreadsheet(await sampleXlsx(rows, file), 'xlsx')],
    ['csv', async () => readSpreadsheet(Buffer.from(sampleCsv(rows, file)), 'csv')],
  ])('%s: recognised without mapping, every row new and none in error', async (_, read) => {
    const table = await read();
    const preview = planImport({
      board: emptyBoard(),
      nomenclature: FULL,
      table,
      actor: SEKRETARIAT,
      fileHash: 'x',
    });
    expect(preview.unmapped).toEqual([]);
    expect(preview.counts).toMatchObject({ total: rows.length, new: rows.length, error: 0 });
    // Program and kegiatan rows carry the sums of their sub-kegiatan: no manual pagu, no warning.
    expect(preview.counts.warnings).toBe(0);
    expect(
      preview.commands
        .filter((c) => c.type === 'ProposeProgram')
        .every((c) => !('pagu' in (c.data as object))),
    ).toBe(true);
  });
});

describe('the committed sample files (docs/contoh)', () => {
  const dir = path.resolve(__dirname, '..', '..', '..', 'docs', 'contoh');
  const files = readdirSync(dir).filter((name) => /^CONTOH-.*\.(xlsx|csv)$/.test(name));

  it('are there, named CONTOH, and say the figures are fictitious', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(
      readFileSync(
        path.join(
          dir,
          files.find((f) => f.endsWith('.csv'))!,
        ),
        'utf8',
      ),
    ).toContain('FIKTIF');
  });

  it.each(files)('%s reads without mapping or errors into an empty board', async (name) => {
    const bytes = readFileSync(path.join(dir, name));
    const table = await readSpreadsheet(bytes, name.endsWith('.csv') ? 'csv' : 'xlsx');
    const preview = planImport({
      board: emptyBoard(),
      nomenclature: FULL,
      table,
      actor: SEKRETARIAT,
      fileHash: 'x',
    });
    expect(preview.needsMapping).toBe(false);
    expect(preview.counts.error).toBe(0);
    expect(preview.counts.new).toBeGreaterThan(10);
  });
});

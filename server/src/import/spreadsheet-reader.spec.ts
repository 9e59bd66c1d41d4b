import path from 'node:path';
import pino from 'pino';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { SAMPLE_OPDS, sampleRows } from './sample-tables';
import { sampleXlsx } from './sample-writers';
import { WorkerSpreadsheetReader } from './spreadsheet-reader';

// The compiled worker (npm test builds first): specs run from sources, the worker runs built code.
const SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'import', 'parse-worker.js');
const logger = pino({ level: 'silent' });

jest.setTimeout(60_000);

describe('reading in a worker thread', () => {
  let big: Buffer;

  beforeAll(async () => {
    const rows = sampleRows({
      nomenclature: fullNomenclature(),
      opds: Object.values(SAMPLE_OPDS),
      programsPerOpd: 5,
      kegiatanPerProgram: 5,
      subPerKegiatan: 10,
    });
    big = await sampleXlsx(rows, { title: 'CONTOH', notes: [] });
  });

  it('reads a workbook off the main thread', async () => {
    const reader = new WorkerSpreadsheetReader(logger, { timeoutMs: 30_000, heapMb: 512, script: SCRIPT });
    try {
      const table = await reader.read(big, 'xlsx');
      expect(table.rows.length).toBeGreaterThan(100);
    } finally {
      await reader.close();
    }
  });

  it('a file that exhausts the worker kills only the worker: a 422, then the next file is read', async () => {
    const reader = new WorkerSpreadsheetReader(logger, { timeoutMs: 30_000, heapMb: 16, script: SCRIPT });
    try {
      await expect(reader.read(big, 'xlsx')).rejects.toMatchObject({ status: 422, code: 'FileRefused' });
      const table = await reader.read(Buffer.from('Kode;Nama\n1.02.02;x\n'), 'csv');
      expect(table.rows).toEqual([
        ['Kode', 'Nama'],
        ['1.02.02', 'x'],
      ]);
    } finally {
      await reader.close();
    }
  });

  it('a file that takes too long gets a 422 and a fresh worker', async () => {
    const reader = new WorkerSpreadsheetReader(logger, { timeoutMs: 1, heapMb: 512, script: SCRIPT });
    try {
      await expect(reader.read(big, 'xlsx')).rejects.toMatchObject({ status: 422 });
    } finally {
      await reader.close();
    }
  });
});

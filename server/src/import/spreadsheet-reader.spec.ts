import path from 'node:path';
import { mulberry32 } from '@selaras/shared';
import pino from 'pino';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { SAMPLE_OPDS, sampleRows } from './sample-tables';
import { sampleXlsx } from './sample-writers';
import { WorkerSpreadsheetReader } from './spreadsheet-reader';
import { checkZip } from './zip-guard';
import { makeZip } from './zip.spec-helper';

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
    const reader = new WorkerSpreadsheetReader(logger, { timeoutMs: 60_000, heapMb: 128, script: SCRIPT });
    try {
      // Under every limit of the zip guard, but a million cells: more than the worker's heap holds.
      const file = millionCells();
      expect(checkZip(file).uncompressed).toBeGreaterThan(20 * 1024 * 1024);
      await expect(reader.read(file, 'xlsx')).rejects.toMatchObject({
        status: 422,
        code: 'FileRefused',
      });
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

/** A minimal workbook whose one sheet has 100,000 rows of 10 numbers (about 30 MB of XML, 1:4 compressed). */
function millionCells(): Buffer {
  const random = mulberry32(3);
  const rows: string[] = [];
  for (let r = 1; r <= 100_000; r++) {
    let cells = '';
    for (let c = 0; c < 10; c++)
      cells += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${(random() * 1e9).toFixed(3)}</v></c>`;
    rows.push(`<row r="${r}">${cells}</row>`);
  }
  const xml = (body: string) =>
    Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Besar" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(`<worksheet xmlns="${main}"><sheetData>${rows.join('')}</sheetData></worksheet>`),
    },
  ]);
}

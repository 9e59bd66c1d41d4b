import ExcelJS from 'exceljs';
import { SpreadsheetError, readSpreadsheet, sniffFormat } from './read-spreadsheet';
import { checkZip } from './zip-guard';
import { makeZip } from './zip.spec-helper';

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('Data'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refusal(bytes: Buffer, format: 'xlsx' | 'csv' = 'xlsx'): Promise<SpreadsheetError> {
  try {
    await readSpreadsheet(bytes, format);
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the zip guard', () => {
  it('passes a real workbook', async () => {
    const bytes = await workbook((s) => s.addRow(['Kode', 'Nama']));
    expect(checkZip(bytes).entries).toBeGreaterThan(5);
  });

  it.each<[string, () => Buffer, string]>([
    [
      'a part that inflates far beyond its declared size',
      () => makeZip([{ name: 'a.xml', data: Buffer.alloc(10_000_000), declaredSize: 1000 }]),
      'tooLarge',
    ],
    [
      'declared sizes adding up past 100 MB',
      () =>
        makeZip([1, 2].map((i) => ({ name: `p${i}.xml`, data: Buffer.alloc(10), declaredSize: 60_000_000 }))),
      'tooLarge',
    ],
    [
      'an extreme compression ratio',
      () => makeZip([{ name: 'sheet.xml', data: Buffer.alloc(20_000_000) }]),
      'ratio',
    ],
    [
      'too many parts',
      () => makeZip(Array.from({ length: 2001 }, (_, i) => ({ name: `p${i}`, data: Buffer.from('x') }))),
      'tooManyEntries',
    ],
    [
      'an encrypted part',
      () => makeZip([{ name: 'a.xml', data: Buffer.from('<a/>'), flags: 1 }]),
      'encrypted',
    ],
    [
      'XML with a DTD (entity expansion)',
      () =>
        makeZip([
          {
            name: 'x.xml',
            data: Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbb">]><a>&b;</a>'),
          },
        ]),
      'dtd',
    ],
    [
      'a truncated archive',
      () => makeZip([{ name: 'a.xml', data: Buffer.from('<a/>') }]).subarray(0, 40),
      'corrupt',
    ],
  ])('refuses %s', (_, make, problem) => {
    expect(() => checkZip(make())).toThrow(expect.objectContaining({ problem }));
  });

  it.each<[string, () => Buffer, number, string]>([
    [
      'a zip bomb',
      () => makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20_000_000) }]),
      422,
      'FileRefused',
    ],
    [
      'a lying bomb',
      () => makeZip([{ name: 'a.xml', data: Buffer.alloc(5_000_000), declaredSize: 10 }]),
      413,
      'FileTooLarge',
    ],
    [
      'random bytes after a ZIP signature',
      () => Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(500, 7)]),
      400,
      'MalformedFile',
    ],
    [
      'a ZIP that is no workbook',
      () => makeZip([{ name: 'hello.txt', data: Buffer.from('halo') }]),
      400,
      'MalformedFile',
    ],
  ])('answers %s with a clear 4xx', async (_, make, status, code) => {
    const error = await refusal(make());
    expect([error.status, error.code]).toEqual([status, code]);
    expect(error.message).not.toBe('');
    expect(error.messageEn).not.toBe('');
  });
});

describe('reading cells', () => {
  it('takes the stored value of a formula and never runs it; no stored value is a cell problem', async () => {
    const bytes = await workbook((s) => {
      s.addRow(['Kode', 'Pagu 2026', 'Pagu 2027', 'Pagu 2028', 'Catatan']);
      s.addRow([
        '1.02.02',
        { formula: 'SUM(1,2)', result: 3 },
        { formula: 'SUM(A1:A3)' },
        { formula: '1/0', result: { error: '#DIV/0!' } },
        { richText: [{ text: 'tebal ' }, { text: 'miring' }] },
      ]);
    });
    const table = await readSpreadsheet(bytes, 'xlsx');
    expect(table.rows[1]).toEqual([
      '1.02.02',
      3,
      { problem: 'formulaWithoutValue', text: '=SUM(A1:A3)' },
      { problem: 'errorValue', text: '#DIV/0!' },
      'tebal miring',
    ]);
  });

  it('gives every cell of a merged range the value of its first cell', async () => {
    const bytes = await workbook((s) => {
      s.addRow(['Target dan Pagu', null, null]);
      s.mergeCells('A1:C1');
    });
    expect((await readSpreadsheet(bytes, 'xlsx')).rows[0]).toEqual([
      'Target dan Pagu',
      'Target dan Pagu',
      'Target dan Pagu',
    ]);
  });

  it('picks the sheet that has the code column', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Keterangan').addRow(['Petunjuk pengisian']);
    wb.addWorksheet('Renstra').addRow(['Kode', 'Program', 'Pagu 2026']);
    const table = await readSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(table.sheet).toBe('Renstra');
  });

  it('reads CSV written as Windows-1252 (Excel\'s "CSV (Comma delimited)")', async () => {
    const bytes = Buffer.from([...Buffer.from('Kode;Nama\n1.02.02;Caf'), 0xe9, 0x0a]);
    expect((await readSpreadsheet(bytes, 'csv')).rows[1]).toEqual(['1.02.02', 'Café']);
  });

  it('refuses an empty file, an unclosed CSV quote, and old .xls files', async () => {
    expect((await refusal(Buffer.alloc(0), 'csv')).code).toBe('MalformedFile');
    expect((await refusal(Buffer.from('a,b\n"1,2\n'), 'csv')).code).toBe('MalformedFile');
    expect(() =>
      sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'lama.xls'),
    ).toThrow(expect.objectContaining({ status: 415 }));
    expect(sniffFormat(Buffer.from('Kode;Nama'), 'x.csv')).toBe('csv');
  });
});

// Hostile and broken uploads against the real server: every one gets a clear 4xx in both languages,
// nothing is written, and the server goes on answering (no 500, no crash).
import ExcelJS from 'exceljs';
import { ApiClient } from './support/api-client';
import { SAMPLE_OPDS } from '../server/src/import/sample-tables';
import { makeZip } from '../server/src/import/zip.spec-helper';
import { board, createRincianBoard, preview, sampleFile, upload } from './support/import-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(90_000);

describe('hostile imports', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let sekretariat: ApiClient;
  const boardId = 'impor-jahat';

  beforeAll(async () => {
    server = await startServer(data.dir);
    sekretariat = await ApiClient.login(server.url, 'sekretariat');
    await createRincianBoard(sekretariat, boardId);
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  afterEach(async () => {
    expect(server.logs.filter((l) => l.includes('"unhandled error"'))).toEqual([]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  const refused = async (bytes: Buffer, name: string, status: number, error: string) => {
    const revision = (await board(sekretariat, boardId)).revision;
    const answer = await upload<{ error: string; message: string; messageEn: string }>(
      sekretariat,
      boardId,
      'preview',
      { bytes, name },
    );
    expect([answer.status, answer.body?.error]).toEqual([status, error]);
    expect(answer.body.message.length).toBeGreaterThan(10);
    expect(answer.body.messageEn.length).toBeGreaterThan(10);
    expect((await board(sekretariat, boardId)).revision).toBe(revision);
    return answer.body;
  };

  it('a file over 20 MB: 413 with a clear body', async () => {
    const body = await refused(Buffer.alloc(21 * 1024 * 1024, 'a'), 'besar.csv', 413, 'FileTooLarge');
    expect(body.message).toContain('20 MB');
  });

  it('a zip bomb (extreme ratio): 422, refused before exceljs sees it', async () => {
    await refused(
      makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024) }]),
      'bom.xlsx',
      422,
      'FileRefused',
    );
  });

  it('a zip bomb lying about its sizes: 413', async () => {
    await refused(
      makeZip([
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024), declaredSize: 100 },
      ]),
      'bohong.xlsx',
      413,
      'FileTooLarge',
    );
  });

  it('XML with an entity-expansion DTD: 422', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet>&b;</worksheet>`;
    await refused(
      makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(xml) }]),
      'dtd.xlsx',
      422,
      'FileRefused',
    );
  });

  it.each([
    [
      'a truncated XLSX',
      async () => (await sampleFile([SAMPLE_OPDS.dinkes!], 'xlsx')).bytes.subarray(0, 2000),
      'potong.xlsx',
    ],
    [
      'a ZIP that is no workbook',
      async () => makeZip([{ name: 'a.txt', data: Buffer.from('halo') }]),
      'zip.xlsx',
    ],
    ['an empty file', async () => Buffer.alloc(0), 'kosong.csv'],
    [
      'a CSV with an unclosed quote',
      async () => Buffer.from('Kode;Nama\n1.02.02;"tidak ditutup\n'),
      'kutip.csv',
    ],
  ])('%s: 400 MalformedFile', async (_, make, name) => {
    await refused(await make(), name, 400, 'MalformedFile');
  });

  it('binary that is no spreadsheet, and an old .xls: 415', async () => {
    await refused(
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
      'lama.xls',
      415,
      'UnsupportedFileType',
    );
    await refused(
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]),
      'program.bin',
      415,
      'UnsupportedFileType',
    );
  });

  it('no multipart, no file, a bad mapping: clear 4xx', async () => {
    const json = await sekretariat.request<{ error: string }>(
      'POST',
      `/api/boards/${boardId}/import/preview`,
      { file: 'x' },
    );
    expect([json.status, json.body.error]).toEqual([415, 'UnsupportedMediaType']);
    const none = await upload<{ error: string }>(sekretariat, boardId, 'preview', null, { opdId: 'dinkes' });
    expect([none.status, none.body.error]).toEqual([400, 'NoFile']);
    const file = await sampleFile([SAMPLE_OPDS.dinkes!], 'csv');
    const badJson = await upload<{ error: string }>(sekretariat, boardId, 'preview', file, {
      mapping: '{nope',
    });
    expect([badJson.status, badJson.body.error]).toEqual([400, 'ValidationFailed']);
    const badField = await upload<{ error: string }>(sekretariat, boardId, 'preview', file, {
      mapping: '{"1":"warna"}',
    });
    expect([badField.status, badField.body.error]).toEqual([400, 'ValidationFailed']);
    const extra = await upload<{ error: string }>(sekretariat, boardId, 'preview', file, { sihir: '1' });
    expect([extra.status, extra.body.error]).toEqual([400, 'ValidationFailed']);
    const missing = await upload<{ error: string }>(sekretariat, 'tidak-ada', 'preview', file);
    expect([missing.status, missing.body.error]).toEqual([404, 'BoardNotFound']);
  });

  it('formulas: the stored value is read, never run; a formula without one is an error row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Renstra');
    sheet.addRow(['Kode', 'Program', 'Pagu 2026', 'Pagu 2027', 'OPD']);
    // WEBSERVICE would fetch a URL if anything evaluated it; the stored 5 is what counts.
    sheet.addRow([
      '1.02.02',
      'PROGRAM',
      { formula: 'WEBSERVICE("http://127.0.0.1:9/")', result: 5 },
      null,
      'Dinas Kesehatan',
    ]);
    sheet.addRow(['1.02.03', 'PROGRAM', { formula: 'SUM(C2:C2)' }, null, 'Dinas Kesehatan']);
    sheet.addRow([
      '1.02.04',
      'PROGRAM',
      null,
      { formula: 'C2/0', result: { error: '#DIV/0!' } },
      'Dinas Kesehatan',
    ]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const seen = await preview(sekretariat, boardId, { bytes, name: 'rumus.xlsx' });
    expect(seen.status).toBe(200);
    const [first, second, third] = seen.body.rows;
    expect(first!.status).toBe('new');
    expect(seen.body.commands[0]!.data).toMatchObject({ code: '1.02.02', pagu: { '2026': 5 } });
    expect(second!.errors.map((e) => e.code)).toEqual(['FormulaWithoutValue']);
    expect(second!.errors[0]!.message).toContain('Baris 3, kolom C');
    expect(third!.errors.map((e) => e.code)).toEqual(['ErrorValue']);
  });

  it('many rows of a large but honest sheet are read (no false alarm)', async () => {
    const file = await sampleFile(Object.values(SAMPLE_OPDS), 'xlsx', {
      programsPerOpd: 4,
      kegiatanPerProgram: 4,
      subPerKegiatan: 6,
    });
    const seen = await preview(sekretariat, boardId, file);
    expect(seen.status).toBe(200);
    expect(seen.body.counts.total).toBe(file.rows.length);
  });
});

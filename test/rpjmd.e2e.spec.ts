// The RPJMD table over HTTP (issue 11 §4): XLSX and HTML, now and at any revision, for every role but
// the display, stamped with the revision and head hash of the point.
import ExcelJS from 'exceljs';
import { ApiClient } from './support/api-client';
import { SAMPLE_OPDS } from '../server/src/import/sample-tables';
import { board, confirm, createRincianBoard, preview, sampleFile } from './support/import-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(90_000);

describe('RPJMD exports', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let auditor: ApiClient;
  const boardId = 'rpjmd-uji';
  let before: number;
  let after: { revision: number; headHash: string };

  beforeAll(async () => {
    server = await startServer(data.dir);
    const sekretariat = await ApiClient.login(server.url, 'sekretariat');
    auditor = await ApiClient.login(server.url, 'inspektorat');
    await createRincianBoard(sekretariat, boardId);
    before = (await board(sekretariat, boardId)).revision;
    const file = await sampleFile([SAMPLE_OPDS.dinkes!, SAMPLE_OPDS.putr!], 'xlsx');
    await confirm(sekretariat, boardId, file, (await preview(sekretariat, boardId, file)).body);
    after = await board(sekretariat, boardId);
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  const get = (route: string, client = auditor) =>
    fetch(`${server.url}/api/boards/${boardId}/export/${route}`, {
      headers: { authorization: `Bearer ${client.token}` },
    });

  it('rpjmd.xlsx now: the tree with its totals, stamped with the head', async () => {
    const res = await get('rpjmd.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="selaras-rpjmd-uji-rpjmd-r\d+\.xlsx"/);
    expect(res.headers.get('x-head-hash')).toBe(after.headHash);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A2').value)).toContain(
      `revisi ${after.revision}, head hash ${after.headHash}`,
    );
    const codes: string[] = [];
    sheet.eachRow((row, n) => n > 7 && codes.push(String(row.getCell(1).value ?? '')));
    expect(codes).toEqual(expect.arrayContaining(['1', '1.02', '1.02.02', '1.03']));
    expect(codes.some((c) => c.split('.').length === 6)).toBe(true);
  });

  it('rpjmd.html at an earlier revision: the board as it was then', async () => {
    const res = await get(`rpjmd.html?at=${before}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(Number(res.headers.get('x-board-revision'))).toBe(before);
    const html = await res.text();
    expect(html).toContain(`revisi ${before}`);
    expect(html).not.toContain('1.02.02.2.01');
    const now = await (await get('rpjmd.html')).text();
    expect(now).toContain('1.02.02.2.01');
  });

  it('refuses the display and a bad point', async () => {
    const layar = await ApiClient.login(server.url, 'layar');
    expect((await get('rpjmd.xlsx', layar)).status).toBe(403);
    const bad = await get('rpjmd.xlsx?at=999999');
    expect(bad.status).toBe(400);
  });
});

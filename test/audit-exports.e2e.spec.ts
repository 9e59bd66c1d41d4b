import { get } from 'node:http';
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RecordedEvent } from '@selaras/shared';
import ExcelJS from 'exceljs';
import { ApiClient } from './support/api-client';
import { BOARD, allEvents } from './support/audit-fixture';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

describe('exports', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let auditor: ApiClient;
  let events: RecordedEvent[];
  let fetchAs: (route: string) => Promise<Response>;

  beforeAll(async () => {
    server = await startServer(data.dir);
    const putr = await ApiClient.login(server.url, 'putr');
    auditor = await ApiClient.login(server.url, 'inspektorat');
    // Text a spreadsheet would run as a formula if it were not defused.
    const base = await putr.revision(BOARD);
    await putr.command(
      BOARD,
      'ReviseProgram',
      { programId: 'putr-1-03-10', changes: { sumberDana: '=1+1', lokasi: ['@SUM(A1)'] } },
      base,
    );
    events = await allEvents(auditor);
    fetchAs = (route) =>
      fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${auditor.token}` } });
  });

  afterAll(async () => {
    await server.stop();
    data.cleanup();
  });

  const head = () => events[events.length - 1]!;

  it('audit.csv: stamped with revision and head hash, one row per event, formulas defused', async () => {
    const res = await fetchAs(`/api/boards/${BOARD}/export/audit.csv`);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="selaras-.*-audit-r\d+\.csv"/,
    );
    expect(res.headers.get('x-head-hash')).toBe(head().meta.hash);
    expect(Number(res.headers.get('x-total-events'))).toBe(events.length);
    const text = await res.text();
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toContain(`revisi ${head().revision}`);
    expect(lines[0]).toContain(`head hash ${head().meta.hash}`);
    expect(lines[1]).toMatch(/^revision,at,type,/);
    expect(lines).toHaveLength(events.length + 2);
    // The CSV reads back in an Excel-compatible reader, cell for cell (without the byte-order mark).
    const csv = await new ExcelJS.Workbook().csv.read(Readable.from([text.slice(1)]));
    expect(csv.getRow(3).getCell(3).value).toBe('BoardCreated');
    expect(String(csv.getRow(events.length + 2).getCell(12).value)).toBe(head().meta.hash);
  });

  it('the text exports go out compressed as the client takes them (brotli, gzip), the same bytes inside', async () => {
    const download = (route: string, acceptEncoding?: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${auditor.token}` };
        if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
        get(`${server.url}${route}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        }).on('error', reject);
      });
    // Each export names the moment it was made: that is the one difference between two downloads.
    const same = (a: Buffer, b: Buffer) => {
      const moment = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g;
      return a.toString('utf8').replace(moment, 'T') === b.toString('utf8').replace(moment, 'T');
    };
    for (const route of [
      `/api/boards/${BOARD}/export/audit.csv`,
      `/api/boards/${BOARD}/export/audit.jsonl`,
      `/api/boards/${BOARD}/export/rpjmd.html?at=${head().revision}`,
    ]) {
      const plain = await download(route);
      expect(plain.encoding).toBeUndefined();
      const br = await download(route, 'gzip, deflate, br');
      expect(br.encoding).toBe('br');
      expect(same(brotliDecompressSync(br.body), plain.body)).toBe(true);
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
      const gzip = await download(route, 'gzip');
      expect(gzip.encoding).toBe('gzip');
      expect(same(gunzipSync(gzip.body), plain.body)).toBe(true);
    }
    // XLSX is a zip already: sent as it is.
    expect((await download(`/api/boards/${BOARD}/export/matrix.xlsx`, 'gzip, br')).encoding).toBeUndefined();
  });

  it('audit.jsonl: a header line, then every event with its hash, filterable', async () => {
    const res = await fetchAs(`/api/boards/${BOARD}/export/audit.jsonl?type=ProgramRevised`);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'header', revision: head().revision, headHash: head().meta.hash });
    const revised = events.filter((e) => e.type === 'ProgramRevised');
    expect(lines.slice(1)).toEqual(revised);
  });

  it('matrix.xlsx as of a revision opens in exceljs, stamped, with formulas defused', async () => {
    const res = await fetchAs(`/api/boards/${BOARD}/export/matrix.xlsx?at=${head().revision}`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A2').value)).toContain(
      `revisi ${head().revision}, head hash ${head().meta.hash}`,
    );
    const values: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toContain("'=1+1");
    expect(values).toContain("'@SUM(A1)");
    expect(values).toContain('1.03.10');
  });

  it('compare.csv lists the changes between two points', async () => {
    const from = head().revision - 1;
    const res = await fetchAs(`/api/boards/${BOARD}/export/compare.csv?from=${from}&to=${head().revision}`);
    const text = await res.text();
    expect(text).toContain(`ke revisi ${head().revision}`);
    expect(text).toContain("direvisi (revised),sumberDana,,'=1+1");
  });

  it('a bad query is a 400 before any byte is streamed', async () => {
    const res = await fetchAs(`/api/boards/${BOARD}/export/matrix.xlsx?at=nope`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('ValidationFailed');
  });
});

// The live board's answer is serialised once per revision and compressed once per encoding: every
// encoding decodes to the same board, a command makes the next answer the new revision, and a
// client that accepts no compression gets plain JSON, written in ASCII. The nomenclature list and the
// client's scripts are compressed once too. Also the socket's refusals in both languages.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { BoardResponse } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const BOARD = 'banyuasin-2025-2029';
const CLIENT_DIST = path.resolve(__dirname, '..', 'client', 'dist');
let server: ServerProcess;
let cleanup: () => void;
let client: ApiClient;

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  ({ server } = await launchReady(data.dir));
  client = await ApiClient.login(server.url, 'sekretariat');
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

interface Answer {
  headers: http.IncomingHttpHeaders;
  status: number;
  /** The body as sent, decompressed by its Content-Encoding. */
  bytes: Buffer;
}

function get(path: string, acceptEncoding: string | null, auth = true): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  const headers: Record<string, string> = auth ? { authorization: `Bearer ${client.token}` } : {};
  if (acceptEncoding !== null) headers['accept-encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    http
      .get({ host: hostname, port, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const bytes =
            encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ headers: res.headers, status: res.statusCode ?? 0, bytes });
        });
      })
      .on('error', reject);
  });
}

async function getBoard(
  acceptEncoding: string | null,
): Promise<{ headers: http.IncomingHttpHeaders; board: BoardResponse; text: string }> {
  const { headers, bytes } = await get(`/api/boards/${BOARD}`, acceptEncoding);
  expect(Number(headers['x-uncompressed-length'])).toBe(bytes.length);
  const text = bytes.toString('utf8');
  const board = JSON.parse(text) as BoardResponse;
  // The revision the body holds, named before it: a client joins the live feed from it meanwhile.
  expect(headers['x-board-revision']).toBe(String(board.revision));
  return { headers, board, text };
}

/** Only 7-bit characters: a browser decodes such a body on its fast path. */
const isAscii = (text: string) => [...text].every((c) => c.charCodeAt(0) < 0x80);

test('every encoding answers the same board, and a command makes the next answer new', async () => {
  const br = await getBoard('gzip, deflate, br');
  const gzip = await getBoard('gzip');
  const plain = await getBoard(null);
  const identity = await getBoard('identity');
  expect(br.headers['content-encoding']).toBe('br');
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(identity.headers['content-encoding']).toBeUndefined();
  expect(br.headers.vary).toMatch(/Accept-Encoding/i);
  expect(gzip.board).toEqual(br.board);
  expect(plain.board).toEqual(br.board);

  const programId = br.board.board.columns[0]!.programIds[0]!;
  const answer = await client.command(
    BOARD,
    'CommentOnProgram',
    { programId, text: 'Komentar untuk uji isi papan' },
    br.board.revision,
  );
  expect(answer.status).toBe(200);
  for (const encoding of ['br', 'gzip', null]) {
    const after = await getBoard(encoding);
    expect(after.board.revision).toBe(br.board.revision + 1);
    expect(after.board.board.programs[programId]!.comments.at(-1)?.text).toBe('Komentar untuk uji isi papan');
  }
});

test('text beyond ASCII travels as JSON escapes and reads back unchanged', async () => {
  const before = await getBoard('br');
  const programId = before.board.board.columns[0]!.programIds[0]!;
  const text = 'Sasaran — “Rp 1,25 M” é ✓ 😀';
  const answer = await client.command(BOARD, 'CommentOnProgram', { programId, text }, before.board.revision);
  expect(answer.status).toBe(200);
  for (const encoding of ['br', 'gzip', null]) {
    const after = await getBoard(encoding);
    expect(isAscii(after.text)).toBe(true);
    expect(after.text).toContain('\\u2014');
    expect(after.board.board.programs[programId]!.comments.at(-1)?.text).toBe(text);
  }
  // The board as of that revision (time travel) is written the same way.
  const at = await get(`/api/boards/${BOARD}?at=${before.board.revision + 1}`, null);
  expect(at.status).toBe(200);
  expect(Number(at.headers['x-uncompressed-length'])).toBe(at.bytes.length);
  expect(isAscii(at.bytes.toString('utf8'))).toBe(true);
  const travelled = JSON.parse(at.bytes.toString('utf8')) as { board: BoardResponse['board'] };
  expect(travelled.board.programs[programId]!.comments.at(-1)?.text).toBe(text);
});

test('the nomenclature list is compressed once and answers the same in every encoding', async () => {
  const { board } = await getBoard('br');
  const path = `/api/nomenclature/${encodeURIComponent(board.board.nomenclatureVersion)}`;
  const answers = [];
  for (const encoding of ['gzip, deflate, br', 'gzip', null, 'br'])
    answers.push({ encoding, ...(await get(path, encoding)) });
  expect(answers.map((a) => a.headers['content-encoding'])).toEqual(['br', 'gzip', undefined, 'br']);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toContain('immutable');
    expect(Number(answer.headers['x-uncompressed-length'])).toBe(answer.bytes.length);
    expect(isAscii(answer.bytes.toString('utf8'))).toBe(true);
    expect(answer.bytes.equals(answers[0]!.bytes)).toBe(true);
  }
  const list = JSON.parse(answers[0]!.bytes.toString('utf8')) as { version: string; subKegiatan: unknown[] };
  expect(list.version).toBe(board.board.nomenclatureVersion);
  expect(list.subKegiatan.length).toBeGreaterThan(3000);
});

test('the client’s scripts go out as the build’s precompressed copies, or plain', async () => {
  const index = await get('/', null, false);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.bytes.toString('utf8'))?.[1];
  expect(script).toBeDefined();
  const file = readFileSync(path.join(CLIENT_DIST, script!));
  const br = await get(script!, 'gzip, deflate, br', false);
  const gzip = await get(script!, 'gzip', false);
  const plain = await get(script!, null, false);
  expect(br.headers['content-encoding']).toBe('br');
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(plain.headers['content-encoding']).toBeUndefined();
  // What was sent is the build's .br file itself (Brotli's best quality), not compressed per request.
  expect(Number(br.headers['content-length'])).toBe(
    readFileSync(path.join(CLIENT_DIST, `${script!}.br`)).length,
  );
  for (const answer of [br, gzip, plain]) {
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(answer.headers['cache-control']).toContain('immutable');
    expect(answer.bytes.equals(file)).toBe(true);
  }
  expect(br.headers.vary).toMatch(/Accept-Encoding/i);
});

test('a refused socket join says why in English too', async () => {
  const socket = client.socket();
  try {
    const ack = await new Promise<unknown>((resolve) =>
      socket.emit('board:join', { boardId: 'tidak-ada', after: -1 }, resolve),
    );
    expect(ack).toMatchObject({ error: 'BoardNotFound', messageEn: 'Board "tidak-ada" was not found.' });
    const invalid = await new Promise<unknown>((resolve) =>
      socket.emit('board:join', { boardId: BOARD, after: 'nol' } as never, resolve),
    );
    expect(invalid).toMatchObject({
      error: 'ValidationFailed',
      messageEn: expect.stringMatching(/^after: .*expected number/),
    });
  } finally {
    socket.disconnect();
  }
});

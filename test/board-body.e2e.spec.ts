// The live board's answer is serialised once per revision and compressed once per encoding: every
// encoding decodes to the same board, a command makes the next answer the new revision, and a
// client that accepts no compression gets plain JSON. Also the socket's refusals in both languages.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { BoardResponse } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const BOARD = 'banyuasin-2025-2029';
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

function getBoard(
  acceptEncoding: string | null,
): Promise<{ headers: http.IncomingHttpHeaders; board: BoardResponse }> {
  const { hostname, port } = new URL(server.url);
  const headers: Record<string, string> = { authorization: `Bearer ${client.token}` };
  if (acceptEncoding !== null) headers['accept-encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    http
      .get({ host: hostname, port, path: `/api/boards/${BOARD}`, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const text =
            encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
          expect(Number(res.headers['x-uncompressed-length'])).toBe(text.length);
          resolve({ headers: res.headers, board: JSON.parse(text.toString('utf8')) as BoardResponse });
        });
      })
      .on('error', reject);
  });
}

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

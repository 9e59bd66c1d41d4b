import { promisify } from 'node:util';
import { type Transform } from 'node:stream';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';
import { BOARD_HEADERS } from '@selaras/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type BodyEncoding = 'br' | 'gzip';

/** Brotli at quality 4: every answer the server compresses (bodies made once, exports, the compression plugin). */
export const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

const compress: Record<BodyEncoding, (json: Buffer) => Promise<Buffer>> = {
  br: (json) => promisify(brotliCompress)(json, BROTLI_OPTIONS) as Promise<Buffer>,
  gzip: (json) => promisify(gzip)(json) as Promise<Buffer>,
};

/** The same two encodings as a stream, for answers written as they are made (the exports). */
export function compressStream(encoding: BodyEncoding): Transform {
  return encoding === 'br' ? createBrotliCompress(BROTLI_OPTIONS) : createGzip();
}

/**
 * A JSON answer that many requests share (the live board at one revision, a nomenclature list): its
 * UTF-8 bytes made once, rather than measured and converted per request, and compressed once per
 * encoding on the thread pool (off the event loop), shared by concurrent requests.
 */
export class JsonBody {
  readonly bytes: Buffer;
  private readonly encoded = new Map<BodyEncoding, Promise<Buffer>>();

  constructor(json: string) {
    this.bytes = asciiJsonBytes(json);
  }

  compressed(encoding: BodyEncoding): Promise<Buffer> {
    let body = this.encoded.get(encoding);
    if (!body) {
      body = compress[encoding](this.bytes);
      this.encoded.set(encoding, body);
      body.catch(() => this.encoded.delete(encoding)); // a failure is not remembered
    }
    return body;
  }
}

/**
 * Sends `body` compressed as the client takes it. X-Uncompressed-Length, since gzip hides the length:
 * the client shows download progress against the uncompressed size. Already compressed: the
 * compression middleware leaves an encoded answer alone.
 */
export async function sendJsonBody(
  request: FastifyRequest,
  reply: FastifyReply,
  body: JsonBody,
): Promise<void> {
  reply.header(BOARD_HEADERS.uncompressedLength, body.bytes.length);
  reply.type('application/json; charset=utf-8');
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  if (!encoding) {
    await reply.send(body.bytes);
    return;
  }
  const bytes = await body.compressed(encoding);
  reply.header('Content-Encoding', encoding);
  reply.header('Vary', 'Accept-Encoding');
  await reply.send(bytes);
}

/** Brotli when the client takes it (as the compression plugin prefers), else gzip, else none. */
export function preferredEncoding(acceptEncoding: string | undefined): BodyEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) weights.set(name, q === undefined ? 1 : Number(q));
  }
  const takes = (encoding: string) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : null;
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * The bytes of `json` with every non-ASCII character written as a `\uXXXX` escape, so pure ASCII
 * (and so valid UTF-8). A browser decodes a pure-ASCII body several times faster (one en dash in a
 * 4 MB board made Chromium's UTF-8 decoding of it ~50 ms instead of ~15 ms here); the parsed value is
 * identical. Written straight into one buffer, the ASCII runs as Latin-1: one en dash makes all of a
 * board's JSON a two-byte string in V8, and escaping it as a string and then encoding that took three
 * times as long (48 against 15 ms for 7 MB; `Buffer.from` alone, without the escapes, 22 ms).
 */
export function asciiJsonBytes(json: string): Buffer {
  const escaped: number[] = [];
  NON_ASCII.lastIndex = 0;
  for (let match = NON_ASCII.exec(json); match; match = NON_ASCII.exec(json)) escaped.push(match.index);
  const bytes = Buffer.allocUnsafe(json.length + 5 * escaped.length);
  let written = 0;
  let from = 0;
  for (const at of escaped) {
    written += bytes.write(json.slice(from, at), written, 'latin1');
    written += bytes.write(`\\u${json.charCodeAt(at).toString(16).padStart(4, '0')}`, written, 'latin1');
    from = at + 1;
  }
  bytes.write(json.slice(from), written, 'latin1');
  return bytes;
}

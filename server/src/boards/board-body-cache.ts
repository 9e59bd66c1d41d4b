import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type BodyEncoding = 'br' | 'gzip';

interface Entry {
  revision: number;
  /** The JSON as UTF-8, made once per revision rather than measured and converted per request. */
  bytes: Buffer;
  encoded: Map<BodyEncoding, Promise<Buffer>>;
}

export const compressBody: Record<BodyEncoding, (json: Buffer) => Promise<Buffer>> = {
  // The same settings as the compression middleware uses for everything else.
  br: (json) =>
    promisify(brotliCompress)(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }) as Promise<Buffer>,
  gzip: (json) => promisify(gzip)(json) as Promise<Buffer>,
};

/**
 * The live board's answer, serialised once per revision and compressed once per encoding (on the
 * thread pool, off the event loop): a 5,000-program board is megabytes of JSON, and a meeting opens
 * the same revision many times. Holds the latest revision of each board only.
 */
export class BoardBodyCache {
  private readonly entries = new Map<string, Entry>();

  /** The JSON for `revision` as UTF-8, made by `serialise` (called now, synchronously) unless held. */
  json(boardId: string, revision: number, serialise: () => string): Buffer {
    return this.entry(boardId, revision, serialise).bytes;
  }

  /** The same body compressed; shared by concurrent requests for the same revision. */
  encoded(
    boardId: string,
    revision: number,
    encoding: BodyEncoding,
    serialise: () => string,
  ): Promise<Buffer> {
    const entry = this.entry(boardId, revision, serialise);
    let body = entry.encoded.get(encoding);
    if (!body) {
      body = compressBody[encoding](entry.bytes);
      entry.encoded.set(encoding, body);
      body.catch(() => entry.encoded.delete(encoding));
    }
    return body;
  }

  private entry(boardId: string, revision: number, serialise: () => string): Entry {
    let entry = this.entries.get(boardId);
    if (entry?.revision !== revision) {
      entry = { revision, bytes: Buffer.from(asciiJson(serialise())), encoded: new Map() };
      this.entries.set(boardId, entry);
    }
    return entry;
  }
}

/** Brotli when the client takes it (as the compression middleware prefers), else gzip, else none. */
export function preferredEncoding(req: {
  headers: { 'accept-encoding'?: string | undefined };
  acceptsEncodings(encoding: string): string | false;
}): BodyEncoding | null {
  if (!req.headers['accept-encoding']) return null;
  return req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null;
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * The same JSON with every non-ASCII character written as a `\uXXXX` escape. A browser decodes a
 * pure-ASCII body several times faster (one en dash in a 4 MB board made Chromium's UTF-8 decoding
 * of it ~50 ms instead of ~15 ms here); the parsed value is identical. Board and list texts hold only
 * a few such characters, so this copies a handful of slices.
 */
export function asciiJson(json: string): string {
  NON_ASCII.lastIndex = 0;
  let match = NON_ASCII.exec(json);
  if (!match) return json;
  let out = '';
  let from = 0;
  do {
    out += json.slice(from, match.index) + `\\u${json.charCodeAt(match.index).toString(16).padStart(4, '0')}`;
    from = match.index + 1;
  } while ((match = NON_ASCII.exec(json)));
  return out + json.slice(from);
}

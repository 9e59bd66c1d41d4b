import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type BodyEncoding = 'br' | 'gzip';

interface Entry {
  revision: number;
  /** The JSON as UTF-8, made once per revision rather than measured and converted per request. */
  bytes: Buffer;
  encoded: Map<BodyEncoding, Promise<Buffer>>;
}

const compress: Record<BodyEncoding, (json: Buffer) => Promise<Buffer>> = {
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
      body = compress[encoding](entry.bytes);
      entry.encoded.set(encoding, body);
      body.catch(() => entry.encoded.delete(encoding));
    }
    return body;
  }

  private entry(boardId: string, revision: number, serialise: () => string): Entry {
    let entry = this.entries.get(boardId);
    if (entry?.revision !== revision) {
      entry = { revision, bytes: Buffer.from(serialise()), encoded: new Map() };
      this.entries.set(boardId, entry);
    }
    return entry;
  }
}

import { inflateRawSync } from 'node:zlib';

/**
 * An XLSX file is a ZIP of XML parts. Before exceljs sees one, this reads the ZIP's central directory
 * itself and inflates every part with a hard cap (never trusting the sizes a file declares), so a zip
 * bomb — a few kilobytes that inflate to gigabytes — is refused before it costs memory. Also refused:
 * encrypted or ZIP64 archives and XML with a DTD (entity expansion), none of which a spreadsheet needs.
 */
export interface ZipLimits {
  maxEntries: number;
  /** Sum of the inflated sizes of all parts, in bytes. */
  maxUncompressed: number;
  /** Inflated / compressed, for parts above 1 MB inflated (legitimate sheet XML stays well below). */
  maxRatio: number;
}

export const XLSX_LIMITS: ZipLimits = { maxEntries: 2000, maxUncompressed: 100 * 1024 * 1024, maxRatio: 200 };

export type ZipProblem =
  | 'notZip'
  | 'corrupt'
  | 'tooManyEntries'
  | 'tooLarge'
  | 'ratio'
  | 'encrypted'
  | 'zip64'
  | 'unsupportedMethod'
  | 'dtd';

export class ZipRefused extends Error {
  constructor(
    readonly problem: ZipProblem,
    detail: string,
  ) {
    super(`${problem}: ${detail}`);
    this.name = 'ZipRefused';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ONE_MB = 1024 * 1024;

export interface ZipSummary {
  entries: number;
  uncompressed: number;
}

export function checkZip(bytes: Buffer, limits: ZipLimits = XLSX_LIMITS): ZipSummary {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL)
    throw new ZipRefused('notZip', 'no ZIP signature');
  const eocd = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new ZipRefused('zip64', 'ZIP64 archive');
  if (count > limits.maxEntries) throw new ZipRefused('tooManyEntries', `${count} entries`);
  if (offset + size > bytes.length) throw new ZipRefused('corrupt', 'central directory outside the file');
  const entries: Array<{
    name: string;
    method: number;
    compressed: number;
    uncompressed: number;
    localOffset: number;
  }> = [];
  let at = offset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL)
      throw new ZipRefused('corrupt', `central directory entry ${i}`);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const uncompressed = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, Math.min(bytes.length, at + 46 + nameLength));
    if (flags & 0x1) throw new ZipRefused('encrypted', name);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || localOffset === 0xffffffff)
      throw new ZipRefused('zip64', name);
    if (method !== 0 && method !== 8) throw new ZipRefused('unsupportedMethod', `${name}: method ${method}`);
    total += uncompressed;
    entries.push({ name, method, compressed, uncompressed, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  // What the file declares first (cheap), then what it really inflates to (the declaration may lie).
  if (total > limits.maxUncompressed) throw new ZipRefused('tooLarge', `${total} bytes declared`);
  for (const e of entries) {
    if (e.uncompressed > ONE_MB && e.uncompressed / Math.max(1, e.compressed) > limits.maxRatio)
      throw new ZipRefused('ratio', `${e.name}: ${e.uncompressed} from ${e.compressed} bytes`);
  }
  for (const e of entries)
    inflateChecked(bytes, e.localOffset, e.method, e.compressed, e.uncompressed, e.name);
  return { entries: count, uncompressed: total };
}

/** Inflates one part with its declared size as the cap: a part that inflates to more (or less) is refused. */
function inflateChecked(
  bytes: Buffer,
  localOffset: number,
  method: number,
  compressed: number,
  uncompressed: number,
  name: string,
): void {
  if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL)
    throw new ZipRefused('corrupt', `${name}: local header`);
  const start =
    localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
  if (start + compressed > bytes.length) throw new ZipRefused('corrupt', `${name}: data outside the file`);
  const data = bytes.subarray(start, start + compressed);
  let inflated: Buffer;
  if (method === 0) inflated = data;
  else {
    try {
      inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, uncompressed) });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE')
        throw new ZipRefused('tooLarge', `${name}: inflates beyond its declared size`);
      throw new ZipRefused('corrupt', `${name}: ${(error as Error).message}`);
    }
  }
  if (inflated.length !== uncompressed)
    throw new ZipRefused('corrupt', `${name}: size differs from the directory`);
  if (/\.(xml|rels|vml)$/i.test(name) && inflated.includes('<!DOCTYPE')) throw new ZipRefused('dtd', name);
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipRefused('corrupt', 'no end of central directory');
}

import type { Sha256 } from '../hash/hash-chain';
import { canonicalJson } from '../hash/canonical-json';
import type { BoardState } from '../domain/types';
import { normalizeHeader } from './headers';
import type { ImportMapping } from './import-types';

/**
 * Deterministic ids. The same file, mapping, OPD and person on the same board revision always give the
 * same import id, and so the same command ids: a confirm that is retried (a double click, a dropped
 * connection, a restarted server) sends commands the server already has, which it answers without
 * appending them again. A later import of the same file starts from a later revision: new ids.
 */
export function importIdOf(
  sha256: Sha256,
  input: {
    boardId: string;
    baseRevision: number;
    fileHash: string;
    mapping: ImportMapping;
    opdId: string | null;
    actorId: string;
  },
): string {
  return sha256(`selaras-import:${canonicalJson(input)}`).slice(0, 32);
}

/**
 * A command's id: a UUID (version 8, "custom", so zod's uuid check and the store accept it) made of the
 * import id and the command's place in the plan, which the same inputs always give again.
 */
export function commandIdOf(importId: string, index: number): string {
  const hex = importId.slice(0, 20) + index.toString(16).padStart(12, '0');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A new program's id: `<opd>-<code with dashes>` as the demo board names them, else one from the hash. */
export function programIdFor(
  sha256: Sha256,
  board: BoardState,
  taken: ReadonlySet<string>,
  opdId: string,
  code: string,
  importId: string,
): string {
  const readable = `${opdId}-${code.replace(/\./g, '-')}`;
  if (readable.length <= 64 && !Object.hasOwn(board.programs, readable) && !taken.has(readable))
    return readable;
  return `imp-${sha256(`${importId}:${opdId}:${code}`).slice(0, 20)}`;
}

/** An indicator's id from its name (so the same indicator gets the same id on every run). */
export function indicatorIdFor(name: string, taken: ReadonlySet<string>): string {
  const base = `ind-${fnv1a(normalizeHeader(name))}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell a program's few indicators apart, and cheap. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively (paths relative to `dir`). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/**
 * The files under a data directory whose bytes contain `needle` (UTF-8). The store keeps event data
 * as JSON text (in the database file or its write-ahead log), so an id that was ever written shows up;
 * a black-box way to ask "did anything about X reach the disk?".
 */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return filesUnder(dir).filter((file) => readFileSync(path.join(dir, file)).includes(bytes));
}

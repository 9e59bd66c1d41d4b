import { cpSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type Nomenclature,
  type NomenclatureLevel,
  type NomenclatureSource,
  nomenclatureFromSource,
} from '@selaras/shared';
import { dataNomenclatureDir, readNomenclatureDir, versionDirs } from './nomenclature-files';

/**
 * What `npm run nomenclature -- list | check | add` does, without the console: reading version folders,
 * checking a new one against the known ones, copying it into the data directory. A version takes
 * effect when the server (re)starts: the running process keeps the lists it registered at start.
 */

export interface VersionInfo {
  version: string;
  title: string;
  dir: string;
  counts: Record<NomenclatureLevel, number>;
}

export interface CheckReport extends VersionInfo {
  /** A version of this name is already known (then `add` refuses it). */
  alreadyKnown: boolean;
  /** How it differs from each known version, level by level. */
  against: Array<{ version: string; added: number; removed: number; retitled: number }>;
}

const LEVELS: NomenclatureLevel[] = ['urusan', 'bidang', 'program', 'kegiatan', 'subKegiatan'];

/** Every version under the roots (shipped, SELARAS_NOMENCLATURE_DIR, the data dir), with its counts. */
export function listVersions(roots: readonly string[]): Array<VersionInfo & { nomenclature: Nomenclature }> {
  return roots.flatMap((root) =>
    versionDirs(root).map((dir) => {
      const nomenclature = nomenclatureFromSource(readNomenclatureDir(dir));
      return { ...info(nomenclature, dir), nomenclature };
    }),
  );
}

/** Reads and checks a folder (throws with the file and the problem); compares it with the known ones. */
export function checkFolder(folder: string, roots: readonly string[]): CheckReport {
  const dir = path.resolve(folder);
  if (!existsSync(path.join(dir, 'manifest.json')) || !statSync(dir).isDirectory())
    throw new Error(`${dir}: bukan folder versi nomenklatur (no manifest.json; not a version folder)`);
  const source: NomenclatureSource = readNomenclatureDir(dir);
  const nomenclature = nomenclatureFromSource(source);
  const known = listVersions(roots);
  return {
    ...info(nomenclature, dir),
    alreadyKnown: known.some((k) => k.version === nomenclature.version),
    against: known
      .filter((k) => k.version !== nomenclature.version)
      .map((k) => ({ version: k.version, ...difference(k.nomenclature, nomenclature) })),
  };
}

/**
 * Checks the folder and copies it to `<dataDir>/nomenclature/<version>`; refuses a version already
 * known (a board's version must always mean one list). Returns where it went.
 */
export function addFolder(
  folder: string,
  dataDir: string,
  roots: readonly string[],
): CheckReport & { target: string } {
  const report = checkFolder(folder, roots);
  if (report.alreadyKnown)
    throw new Error(
      `versi ${report.version} sudah dikenal; beri versi baru nama lain di manifest.json (version already known)`,
    );
  const target = path.join(dataNomenclatureDir(dataDir), report.version.replace(/[^A-Za-z0-9._-]/g, '_'));
  if (existsSync(target)) throw new Error(`${target} sudah ada (already exists)`);
  cpSync(report.dir, target, { recursive: true });
  return { ...report, target };
}

function info(nomenclature: Nomenclature, dir: string): VersionInfo {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<NomenclatureLevel, number>;
  for (const entry of nomenclature.entries.values()) if (entry.level) counts[entry.level]++;
  return { version: nomenclature.version, title: nomenclature.title ?? nomenclature.version, dir, counts };
}

function difference(from: Nomenclature, to: Nomenclature) {
  let removed = 0;
  let retitled = 0;
  for (const [code, entry] of from.entries) {
    const next = to.entries.get(code);
    if (!next) removed++;
    else if (next.title !== entry.title) retitled++;
  }
  let added = 0;
  for (const code of to.entries.keys()) if (!from.entries.has(code)) added++;
  return { added, removed, retitled };
}

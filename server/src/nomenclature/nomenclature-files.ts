import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type NomenclatureManifest,
  type NomenclatureSource,
  nomenclatureFromSource,
  nomenclatureSourceFromCsv,
  registerNomenclature,
} from '@selaras/shared';
import { z } from 'zod';

/** The versions shipped with Selaras (shared/nomenclature/<version>/), read from the published CSVs. */
export const SHIPPED_NOMENCLATURE_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'nomenclature');

/**
 * Where versions are read from at start, in order: shipped, `SELARAS_NOMENCLATURE_DIR` (separated like
 * PATH), and `<dataDir>/nomenclature` (where `npm run nomenclature -- add` puts a newer decree).
 */
export function nomenclatureRoots(dataDir: string, extra: string | undefined): string[] {
  return [
    SHIPPED_NOMENCLATURE_DIR,
    ...(extra ?? '')
      .split(path.delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => path.resolve(dir)),
    dataNomenclatureDir(dataDir),
  ];
}

export const dataNomenclatureDir = (dataDir: string) => path.join(path.resolve(dataDir), 'nomenclature');

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/, 'a CSV file name in the same folder');
const manifestSchema = z
  .object({
    version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, 'letters, digits, . _ / -, at most 100'),
    title: z.string().min(1).max(300),
    source: z.string().min(1).max(2000),
    supportProgram: z.string().optional(),
    files: z
      .object({
        urusan: fileName,
        bidang: fileName,
        programs: fileName,
        kegiatan: fileName,
        subKegiatan: fileName,
        subKegiatanMetadata: fileName.optional(),
      })
      .strict(),
  })
  .strict();

/** Reads one version folder (manifest.json and its CSV files); throws with the folder's name on a bad one. */
export function readNomenclatureDir(dir: string): NomenclatureSource {
  const manifestFile = path.join(dir, 'manifest.json');
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${manifestFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const manifest: NomenclatureManifest = parsed.data;
  const read = (name: string | undefined) =>
    name === undefined ? undefined : readFileSync(path.join(dir, name), 'utf8');
  const { files } = manifest;
  return nomenclatureSourceFromCsv(manifest, {
    urusan: read(files.urusan),
    bidang: read(files.bidang),
    programs: read(files.programs),
    kegiatan: read(files.kegiatan),
    subKegiatan: read(files.subKegiatan),
    subKegiatanMetadata: read(files.subKegiatanMetadata),
  });
}

/** Every version folder (one holding manifest.json) directly inside `root`, or `root` itself. */
export function versionDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  if (existsSync(path.join(root, 'manifest.json'))) return [root];
  return readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(path.join(dir, 'manifest.json')))
    .sort();
}

/**
 * Reads and registers every version under `roots` (later roots may add versions, never replace one: a
 * board's version must mean one list). Returns the sources, for the API that hands them to clients.
 */
export function loadNomenclatures(roots: readonly string[]): Map<string, NomenclatureSource> {
  const sources = new Map<string, NomenclatureSource>();
  for (const root of roots) {
    for (const dir of versionDirs(root)) {
      const source = readNomenclatureDir(dir);
      if (sources.has(source.version))
        throw new Error(`nomenclature version ${source.version} is defined twice (again in ${dir})`);
      registerNomenclature(nomenclatureFromSource(source));
      sources.set(source.version, source);
    }
  }
  return sources;
}

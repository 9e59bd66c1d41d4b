import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NOMENCLATURE_FULL_VERSION } from '@selaras/shared';
import { addFolder, checkFolder, listVersions } from './nomenclature-admin';
import { SHIPPED_NOMENCLATURE_DIR, loadNomenclatures, nomenclatureRoots } from './nomenclature-files';

const FULL_DIR = path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION);

describe('npm run nomenclature: list, check, add', () => {
  let root: string;
  let dataDir: string;
  let roots: string[];
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'selaras-nomenclature-admin-'));
    dataDir = path.join(root, 'data');
    roots = nomenclatureRoots(dataDir, undefined);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A newer decree: the shipped list under a new version name, one program renamed, one kegiatan gone. */
  function newerDecree(version = 'keputusan-uji-2026'): string {
    const dir = path.join(root, 'baru');
    cpSync(FULL_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { version: string };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version }));
    const programs = path.join(dir, 'programs.csv');
    writeFileSync(
      programs,
      readFileSync(programs, 'utf8').replace('PROGRAM PENYELENGGARAAN JALAN', 'PROGRAM JALAN'),
    );
    return dir;
  }

  it('lists the shipped version with its counts', () => {
    const [full] = listVersions(roots);
    expect(full?.version).toBe(NOMENCLATURE_FULL_VERSION);
    expect(full?.counts).toMatchObject({ urusan: 9, bidang: 49, program: 237 });
  });

  it('checks a folder against the known versions, and refuses a version already known', () => {
    const report = checkFolder(newerDecree(), roots);
    expect(report.alreadyKnown).toBe(false);
    expect(report.against).toEqual([
      { version: NOMENCLATURE_FULL_VERSION, added: 0, removed: 0, retitled: 1 },
    ]);
    expect(checkFolder(FULL_DIR, roots).alreadyKnown).toBe(true);
    expect(() => addFolder(FULL_DIR, dataDir, roots)).toThrow(/sudah dikenal/);
  });

  it('refuses a folder without a manifest or with a broken file, naming it', () => {
    expect(() => checkFolder(root, roots)).toThrow(/manifest\.json/);
    const dir = newerDecree();
    writeFileSync(path.join(dir, 'kegiatan.csv'), 'code,name,program_code\n1.02.02.2,Salah,1.02.02\n');
    expect(() => checkFolder(dir, roots)).toThrow(/1\.02\.02\.2/);
  });

  it('copies a valid folder into the data directory, where the next start reads it', () => {
    const added = addFolder(newerDecree(), dataDir, roots);
    expect(existsSync(path.join(added.target, 'manifest.json'))).toBe(true);
    expect(added.target.startsWith(path.join(dataDir, 'nomenclature'))).toBe(true);
    // What a restart does: every root read again; the new version is there, under its own name.
    const loaded = loadNomenclatures(roots);
    expect([...loaded.keys()]).toEqual([NOMENCLATURE_FULL_VERSION, 'keputusan-uji-2026']);
    expect(() => addFolder(newerDecree(), dataDir, roots)).toThrow(/sudah dikenal/);
  });
});

import { mkdtempSync, rmSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NOMENCLATURE_FULL_VERSION,
  nomenclatureByVersion,
  nomenclatureChildren,
  nomenclatureFromSource,
  searchNomenclature,
} from '@selaras/shared';
import { SHIPPED_NOMENCLATURE_DIR, loadNomenclatures, readNomenclatureDir } from './nomenclature-files';

const FULL_DIR = path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION);
const lineCount = (file: string) =>
  readFileSync(path.join(FULL_DIR, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '').length;

describe('the shipped kabupaten/kota nomenclature', () => {
  const source = readNomenclatureDir(FULL_DIR);
  const full = nomenclatureFromSource(source);
  const count = (level: string, support?: boolean) =>
    [...full.entries.values()].filter(
      (e) => e.level === level && (support === undefined || Boolean(e.support) === support),
    ).length;

  it('reads every row of the published files', () => {
    expect(source.urusan).toHaveLength(10);
    expect(source.bidang).toHaveLength(50);
    expect(source.programs).toHaveLength(189);
    expect(source.kegiatan).toHaveLength(732);
    expect(source.subKegiatan).toHaveLength(3625);
    expect(source.metadata).toHaveLength(3395);
    // One row per line of the file (no field spans lines), quoted commas kept inside the name.
    expect(source.subKegiatan).toHaveLength(lineCount('sub_kegiatan.csv') - 1);
    expect(source.kegiatan).toContainEqual([
      'X.XX.01.2.01',
      'Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah',
    ]);
  });

  it('instantiates the support program X.XX.01 for each of the 49 bidang and drops the placeholder', () => {
    const placeholderKegiatan = source.kegiatan.filter(([c]) => c.startsWith('X.')).length;
    const placeholderSub = source.subKegiatan.filter(([c]) => c.startsWith('X.')).length;
    expect(count('urusan')).toBe(9);
    expect(count('bidang')).toBe(49);
    expect(count('program', false)).toBe(188);
    expect(count('program', true)).toBe(49);
    expect(count('kegiatan', false)).toBe(732 - placeholderKegiatan);
    expect(count('kegiatan', true)).toBe(49 * placeholderKegiatan);
    expect(count('subKegiatan', false)).toBe(3625 - placeholderSub);
    expect(count('subKegiatan', true)).toBe(49 * placeholderSub);
    expect(full.entries.has('X.XX.01')).toBe(false);
    const support = full.entries.get('1.02.01');
    expect(support?.title).toBe(source.programs.find(([c]) => c === 'X.XX.01')?.[1]);
    expect(support?.parent).toBe('1.02');
    const sub = full.entries.get('1.02.01.2.01.0001');
    expect(sub?.title).toBe('Penyusunan Dokumen Perencanaan Perangkat Daerah');
    expect(sub?.satuan).toBe('Dokumen');
  });

  it('knows the tree: kegiatan under a program, sub-kegiatan under a kegiatan, in code order', () => {
    const kegiatan = nomenclatureChildren(full, '1.02.02');
    expect(kegiatan.length).toBeGreaterThan(0);
    for (const code of kegiatan) expect(code.startsWith('1.02.02.')).toBe(true);
    const subs = nomenclatureChildren(full, kegiatan[0]!);
    expect(subs.length).toBeGreaterThan(0);
    expect([...subs].sort()).toEqual(subs);
  });

  it('builds the same list without the checks when the source was checked already (the client)', () => {
    const checked = nomenclatureFromSource(JSON.parse(JSON.stringify(source)), { checked: true });
    expect([...checked.entries]).toEqual([...full.entries]);
    expect([...checked.children!]).toEqual([...full.children!]);
  });

  it('searches by code prefix and by Indonesian words, case-insensitively', () => {
    expect(searchNomenclature(full, { query: '1.02.02', levels: ['program'] })[0]?.code).toBe('1.02.02');
    const words = searchNomenclature(full, { query: 'penyediaan air minum', levels: ['program'] });
    expect(words.map((e) => e.code)).toContain('1.03.03');
    const under = searchNomenclature(full, { query: '', under: '1.02.02', levels: ['kegiatan'], limit: 100 });
    expect(under.map((e) => e.code)).toEqual(nomenclatureChildren(full, '1.02.02'));
  });
});

describe('loading versions from folders', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'selaras-nomenclature-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('registers a newer decree dropped in as a folder, without code changes', () => {
    const dir = path.join(root, 'keputusan-baru');
    cpSync(FULL_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { version: string };
    manifest.version = 'keputusan-baru-2026';
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const loaded = loadNomenclatures([root]);
    expect([...loaded.keys()]).toEqual(['keputusan-baru-2026']);
    expect(nomenclatureByVersion('keputusan-baru-2026')?.entries.get('1.02.02')?.level).toBe('program');
  });

  it('refuses a version defined twice, a bad manifest and a malformed code, naming the file', () => {
    const dir = path.join(root, 'a');
    cpSync(FULL_DIR, dir, { recursive: true });
    cpSync(FULL_DIR, path.join(root, 'b'), { recursive: true });
    expect(() => loadNomenclatures([root])).toThrow(/defined twice/);
    rmSync(path.join(root, 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: 'x' }));
    expect(() => loadNomenclatures([root])).toThrow(/manifest\.json/);
    cpSync(path.join(FULL_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
    writeFileSync(path.join(dir, 'programs.csv'), 'code,name,urusan_code,bidang_code\n1.2.3,Salah,1,1.02\n');
    expect(() => loadNomenclatures([root])).toThrow(/1\.2\.3/);
  });
});

import { csvRecords } from './csv';

/**
 * Program nomenclature (Kepmendagri 050-5889/2021 and its amendments), kept as versioned reference data.
 * A board records the version it validates against. Versions are data, never hand-typed code: the full
 * kabupaten/kota list is read from the published CSV files (shared/nomenclature/<version>/), and a newer
 * decree is one more folder. Codes outside a board's version are rejected, never accepted silently.
 */
export type NomenclatureLevel = 'urusan' | 'bidang' | 'program' | 'kegiatan' | 'subKegiatan';

export interface NomenclatureEntry {
  code: string;
  title: string;
  /** Absent in the early program-only sample list; derived from the code's shape otherwise. */
  level?: NomenclatureLevel;
  /** The code one level up (bidang of a program, program of a kegiatan, …). */
  parent?: string;
  /** Sub-kegiatan only, from the decree's annex where it has them: a prefill, not a rule. */
  kinerja?: string;
  indikator?: string;
  satuan?: string;
  /** Instantiated from the cross-cutting support program (X.XX.01) for this bidang, as SIPD does. */
  support?: boolean;
}

export interface Nomenclature {
  /** Stored in BoardCreated so a board keeps validating against the list it was made with. */
  version: string;
  title?: string;
  source: string;
  synthetic: boolean;
  entries: ReadonlyMap<string, NomenclatureEntry>;
  /** Child codes per code, in nomenclature order (absent for lists without a hierarchy). */
  children?: ReadonlyMap<string, readonly string[]>;
}

/** Urusan `U`, bidang `U.BB`, program `U.BB.PP`, kegiatan `U.BB.PP.L.KK`, sub-kegiatan `…KK.SSSS`. */
export const NOMENCLATURE_CODE_PATTERN = /^\d(\.\d{2}(\.\d{2}(\.\d\.\d{2}(\.\d{4})?)?)?)?$/;

/** The level a well-formed code names (by its number of segments), or undefined. */
export function codeLevel(code: string): NomenclatureLevel | undefined {
  let segments = 1;
  for (let i = code.indexOf('.'); i >= 0; i = code.indexOf('.', i + 1)) segments++;
  switch (segments) {
    case 1:
      return 'urusan';
    case 2:
      return 'bidang';
    case 3:
      return 'program';
    case 5:
      return 'kegiatan';
    case 6:
      return 'subKegiatan';
    default:
      return undefined;
  }
}

/** The code one level up: `1.02.02.2.01` → `1.02.02`; undefined for an urusan. */
export function parentCode(code: string): string | undefined {
  const last = code.lastIndexOf('.');
  if (last < 0) return undefined;
  let dots = 0;
  for (let i = 0; i <= last; i++) if (code.charCodeAt(i) === 0x2e) dots++;
  // A kegiatan (`1.02.02.2.01`, five segments) hangs under its program (three), not under `1.02.02.2`.
  return code.slice(0, dots === 4 ? code.lastIndexOf('.', last - 1) : last);
}

/** Nomenclature order: segment by segment, numerically (`1.02.10` after `1.02.9`, `X` last). */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isNaN(nx) || Number.isNaN(ny)) return x < y ? -1 : 1;
    return nx - ny;
  }
  return 0;
}

/**
 * A nomenclature version as published: the manifest and the rows of its CSV files. This is what the server
 * reads from disk and what a client downloads (once, lazily) to build the same `Nomenclature`.
 */
export interface NomenclatureSource {
  version: string;
  title: string;
  source: string;
  /** The placeholder support program (`X.XX.01`) to instantiate per bidang, if the list has one. */
  supportProgram?: string;
  urusan: Array<[code: string, name: string]>;
  bidang: Array<[code: string, name: string]>;
  programs: Array<[code: string, name: string]>;
  kegiatan: Array<[code: string, name: string]>;
  subKegiatan: Array<[code: string, name: string]>;
  /** Optional per sub-kegiatan: [code, kinerja, indikator, satuan]. */
  metadata: Array<[code: string, kinerja: string, indikator: string, satuan: string]>;
}

/** GET /api/nomenclature: a version the server knows, with its entry counts per level. */
export interface NomenclatureVersionSummary {
  version: string;
  title: string;
  source: string;
  counts: Record<NomenclatureLevel, number>;
}

export interface NomenclatureManifest {
  version: string;
  title: string;
  source: string;
  supportProgram?: string;
  files: {
    urusan: string;
    bidang: string;
    programs: string;
    kegiatan: string;
    subKegiatan: string;
    subKegiatanMetadata?: string;
  };
}

/** Reads a version's CSV texts (keyed like `manifest.files`) into its source rows. Throws on a bad file. */
export function nomenclatureSourceFromCsv(
  manifest: NomenclatureManifest,
  texts: Record<keyof NomenclatureManifest['files'], string | undefined>,
): NomenclatureSource {
  const pairs = (key: keyof NomenclatureManifest['files']): Array<[string, string]> => {
    const text = texts[key];
    if (text === undefined) throw new Error(`nomenclature ${manifest.version}: ${key} file missing`);
    return csvRecords(text, ['code', 'name']).map((r) => [r.code!, r.name!]);
  };
  const metadataText = texts.subKegiatanMetadata;
  return {
    version: manifest.version,
    title: manifest.title,
    source: manifest.source,
    ...(manifest.supportProgram !== undefined && { supportProgram: manifest.supportProgram }),
    urusan: pairs('urusan'),
    bidang: pairs('bidang'),
    programs: pairs('programs'),
    kegiatan: pairs('kegiatan'),
    subKegiatan: pairs('subKegiatan'),
    metadata:
      metadataText === undefined
        ? []
        : csvRecords(metadataText, ['code', 'kinerja', 'indikator', 'satuan']).map((r) => [
            r.code!,
            r.kinerja!,
            r.indikator!,
            r.satuan!,
          ]),
  };
}

/**
 * Builds the lookup a board validates against. Codes must be well formed and unique per level; the
 * placeholder support program is instantiated per bidang (`X.XX.01.2.01` → `1.02.01.2.01`, …) and its
 * placeholder codes are left out, as SIPD does. `checked`: the source passed these checks already (the
 * client builds what the server served), so they are skipped: a third less work on the board's first load.
 */
export function nomenclatureFromSource(
  source: NomenclatureSource,
  options: { checked?: boolean } = {},
): Nomenclature {
  const check = !options.checked;
  const entries = new Map<string, NomenclatureEntry>();
  const metadata = new Map(
    source.metadata.map(([code, kinerja, indikator, satuan]) => [code, { kinerja, indikator, satuan }]),
  );
  const placeholder = source.supportProgram;
  const placeholderBidang = placeholder === undefined ? undefined : parentCode(placeholder);
  const isPlaceholder = (code: string) =>
    placeholderBidang !== undefined &&
    (code === placeholderBidang ||
      code.startsWith(`${placeholderBidang}.`) ||
      code === placeholderBidang.split('.')[0]);
  const add = (code: string, title: string, level: NomenclatureLevel, support = false) => {
    if (check) {
      if (!NOMENCLATURE_CODE_PATTERN.test(code) || codeLevel(code) !== level)
        throw new Error(`nomenclature ${source.version}: "${code}" is not a ${level} code`);
      if (entries.has(code)) throw new Error(`nomenclature ${source.version}: ${code} appears twice`);
    }
    const entry: NomenclatureEntry = { code, title, level };
    const parent = parentCode(code);
    if (parent !== undefined) entry.parent = parent;
    const meta = level === 'subKegiatan' ? metadata.get(code) : undefined;
    if (meta) {
      entry.kinerja = meta.kinerja;
      entry.indikator = meta.indikator;
      entry.satuan = meta.satuan;
    }
    if (support) entry.support = true;
    entries.set(code, entry);
  };
  const levels: Array<[NomenclatureLevel, Array<[string, string]>]> = [
    ['urusan', source.urusan],
    ['bidang', source.bidang],
    ['program', source.programs],
    ['kegiatan', source.kegiatan],
    ['subKegiatan', source.subKegiatan],
  ];
  for (const [level, rows] of levels)
    for (const [code, title] of rows) if (!isPlaceholder(code)) add(code, title, level);
  if (placeholder !== undefined && placeholderBidang !== undefined) {
    const prefix = `${placeholderBidang}.`;
    const supportRows = levels
      .slice(2)
      .flatMap(([level, rows]) =>
        rows
          .filter(([code]) => code === placeholder || code.startsWith(`${placeholder}.`))
          .map((row) => [level, row] as const),
      );
    for (const [bidang] of source.bidang) {
      if (isPlaceholder(bidang)) continue;
      for (const [level, [code, title]] of supportRows) {
        const instantiated = `${bidang}.${code.slice(prefix.length)}`;
        const meta = metadata.get(code);
        if (meta) metadata.set(instantiated, meta);
        add(instantiated, title, level, true);
      }
    }
  }
  for (const entry of check ? entries.values() : []) {
    if (entry.parent !== undefined && !entries.has(entry.parent))
      throw new Error(`nomenclature ${source.version}: ${entry.code} has no parent ${entry.parent}`);
  }
  return {
    version: source.version,
    title: source.title,
    source: source.source,
    synthetic: false,
    entries,
    children: childIndex(entries),
  };
}

function childIndex(entries: ReadonlyMap<string, NomenclatureEntry>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const { code, parent } of entries.values()) {
    if (parent === undefined) continue;
    const list = children.get(parent);
    if (list) list.push(code);
    else children.set(parent, [code]);
  }
  // Each parent's few children in order, rather than all 10,000 codes sorted at once. Every code here
  // matched NOMENCLATURE_CODE_PATTERN (fixed-width digit segments) and siblings share a level, so
  // plain string order is compareCodes' numeric order.
  for (const list of children.values()) list.sort();
  return children;
}

/** The codes directly under `code` (kegiatan of a program, sub-kegiatan of a kegiatan), in order. */
export function nomenclatureChildren(nomenclature: Nomenclature, code: string): readonly string[] {
  return nomenclature.children?.get(code) ?? [];
}

/** Lower case, no diacritics, one space: how search compares words. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('id')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

export interface NomenclatureSearch {
  query: string;
  /** Only these levels. */
  levels?: readonly NomenclatureLevel[];
  /** Only codes under this one (e.g. the kegiatan of program `1.02.02`). */
  under?: string;
  limit?: number;
}

/**
 * Search as you type: a query that looks like a code matches codes starting with it; otherwise every
 * word of the query must occur in the title (Indonesian, case and accents ignored). Code matches and
 * titles that start with the query come first, then nomenclature order.
 */
export function searchNomenclature(
  nomenclature: Nomenclature,
  search: NomenclatureSearch,
): NomenclatureEntry[] {
  const query = normalizeSearchText(search.query);
  const limit = search.limit ?? 20;
  const words = query.split(' ').filter((w) => w.length > 0);
  const codeLike = /^[0-9x][0-9x.]*$/i.test(query);
  const under = search.under === undefined ? undefined : `${search.under}.`;
  const titles = searchIndex(nomenclature);
  const scored: Array<{ entry: NomenclatureEntry; score: number }> = [];
  for (const entry of candidates(nomenclature, search.under)) {
    if (search.levels && !search.levels.includes(entry.level ?? codeLevel(entry.code)!)) continue;
    if (under !== undefined && !entry.code.startsWith(under)) continue;
    let score: number;
    if (words.length === 0) score = 2;
    else if (codeLike && entry.code.startsWith(query)) score = 0;
    else {
      const title = titles.get(entry.code) ?? '';
      if (!words.every((w) => title.includes(w))) continue;
      score = title.startsWith(query) ? 1 : 2;
    }
    scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || compareCodes(a.entry.code, b.entry.code));
  return scored.slice(0, limit).map((s) => s.entry);
}

/**
 * Titles normalised once per list (a version never changes): search as you type then costs a substring
 * test per entry instead of a normalisation per entry and keystroke (~1 ms instead of ~10 on 10,000).
 */
const searchIndexes = new WeakMap<Nomenclature, Map<string, string>>();

function searchIndex(nomenclature: Nomenclature): Map<string, string> {
  let index = searchIndexes.get(nomenclature);
  if (!index) {
    index = new Map();
    for (const entry of nomenclature.entries.values())
      index.set(entry.code, normalizeSearchText(entry.title));
    searchIndexes.set(nomenclature, index);
  }
  return index;
}

/** The entries a search under `under` can match: its subtree when the list has a hierarchy, else all. */
function* candidates(nomenclature: Nomenclature, under: string | undefined): Iterable<NomenclatureEntry> {
  if (under === undefined || !nomenclature.children) {
    yield* nomenclature.entries.values();
    return;
  }
  const stack = [...nomenclatureChildren(nomenclature, under)].reverse();
  while (stack.length > 0) {
    const code = stack.pop()!;
    const entry = nomenclature.entries.get(code);
    if (entry) yield entry;
    stack.push(...[...nomenclatureChildren(nomenclature, code)].reverse());
  }
}

const PROGRAMS: Array<[string, string]> = [
  ['1.01.02', 'Program Pengelolaan Pendidikan'],
  ['1.02.02', 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat'],
  ['1.02.03', 'Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan'],
  ['1.03.02', 'Program Pengelolaan Sumber Daya Air (SDA)'],
  ['1.03.03', 'Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum'],
  ['1.03.10', 'Program Penyelenggaraan Jalan'],
  ['1.04.02', 'Program Pengembangan Perumahan'],
  ['1.04.04', 'Program Perumahan dan Kawasan Permukiman Kumuh'],
  ['1.05.03', 'Program Penanggulangan Bencana'],
  ['1.06.05', 'Program Perlindungan dan Jaminan Sosial'],
  ['2.09.03', 'Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat'],
  ['2.12.02', 'Program Pendaftaran Penduduk'],
  ['2.13.04', 'Program Administrasi Pemerintahan Desa'],
  ['2.14.03', 'Program Pembinaan Keluarga Berencana (KB)'],
  ['2.16.03', 'Program Pengelolaan Aplikasi Informatika'],
  ['2.17.07', 'Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)'],
  ['3.25.04', 'Program Pengelolaan Perikanan Budidaya'],
  ['3.27.02', 'Program Penyediaan dan Pengembangan Sarana Pertanian'],
  ['3.27.03', 'Program Penyediaan dan Pengembangan Prasarana Pertanian'],
  ['3.27.07', 'Program Penyuluhan Pertanian'],
  ['5.01.02', 'Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah'],
  ['5.01.03', 'Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah'],
  ['5.02.02', 'Program Pengelolaan Keuangan Daerah'],
  ['5.02.04', 'Program Pengelolaan Pendapatan Daerah'],
  ['6.01.02', 'Program Penyelenggaraan Pengawasan'],
  ['7.01.02', 'Program Penyelenggaraan Pemerintahan dan Pelayanan Publik'],
  ['7.01.03', 'Program Pemberdayaan Masyarakat Desa dan Kelurahan'],
  ['8.01.02', 'Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan'],
];

/**
 * The first release's sample of 28 program codes (taken from DOMAIN.md). Boards made with it keep folding
 * and validating against it; new boards use a full version.
 */
export const NOMENCLATURE_2021_PROGRAMS: Nomenclature = {
  version: 'kepmendagri-050-5889-2021/program-sample-1',
  source:
    'Kepmendagri 050-5889/2021 dan perubahannya — daftar program yang dipakai contoh (bukan daftar lengkap)',
  synthetic: false,
  entries: new Map(PROGRAMS.map(([code, title]) => [code, { code, title, level: 'program' as const }])),
};

/** The full kabupaten/kota list shipped in shared/nomenclature (read from its CSV files at start). */
export const NOMENCLATURE_FULL_VERSION = 'kepmendagri-900.1.15.5-1317-2023';

/**
 * A generated nomenclature for synthetic benchmark and load-test boards only: codes are well formed
 * but fictitious, and boards made with it say so.
 */
export function syntheticNomenclature(subKegiatanCount: number): Nomenclature {
  const entries = new Map<string, NomenclatureEntry>();
  for (let i = 0; i < subKegiatanCount; i++) {
    const code = `9.${String(1 + (Math.floor(i / 10000) % 99)).padStart(2, '0')}.${String(1 + (Math.floor(i / 100) % 99)).padStart(2, '0')}.1.${String(1 + (i % 99)).padStart(2, '0')}.${String(1 + (i % 9999)).padStart(4, '0')}`;
    entries.set(code, { code, title: `Sub-kegiatan sintetis ${i + 1}` });
  }
  return {
    version: `synthetic-${subKegiatanCount}`,
    source: 'Data sintetis untuk uji beban',
    synthetic: true,
    entries,
  };
}

const registry = new Map<string, Nomenclature>([
  [NOMENCLATURE_2021_PROGRAMS.version, NOMENCLATURE_2021_PROGRAMS],
]);

/**
 * Makes a version known to `decide` in this process (the server at start, a client once it has downloaded
 * the board's version). Registering the same version again replaces it.
 */
export function registerNomenclature(nomenclature: Nomenclature): void {
  registry.set(nomenclature.version, nomenclature);
}

/** The versions known here, in registration order. */
export function knownNomenclatures(): Nomenclature[] {
  return [...registry.values()].filter((n) => !n.synthetic);
}

/** Looks up a nomenclature version; synthetic versions are generated on demand. */
export function nomenclatureByVersion(version: string): Nomenclature | undefined {
  const known = registry.get(version);
  if (known) return known;
  const synthetic = /^synthetic-(\d{1,6})$/.exec(version);
  if (!synthetic) return undefined;
  const made = syntheticNomenclature(Number(synthetic[1]));
  registry.set(version, made);
  return made;
}

/**
 * Program nomenclature (Kepmendagri 050-5889/2021 and later amendments), kept as versioned reference
 * data. Only entries taken from the official list are here; codes beyond them (kegiatan, sub-kegiatan)
 * are not known to this release and must not be invented (DOMAIN.md), so they are rejected, never
 * accepted silently.
 */
export interface NomenclatureEntry {
  code: string;
  title: string;
}

export interface Nomenclature {
  /** Stored in BoardCreated so a board keeps validating against the list it was made with. */
  version: string;
  source: string;
  synthetic: boolean;
  entries: ReadonlyMap<string, NomenclatureEntry>;
}

/** Urusan `U`, bidang `U.BB`, program `U.BB.PP`, kegiatan `U.BB.PP.L.KK`, sub-kegiatan `…KK.SSSS`. */
export const NOMENCLATURE_CODE_PATTERN = /^\d(\.\d{2}(\.\d{2}(\.\d\.\d{2}(\.\d{4})?)?)?)?$/;

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

export const NOMENCLATURE_2021_PROGRAMS: Nomenclature = {
  version: 'kepmendagri-050-5889-2021/program-sample-1',
  source:
    'Kepmendagri 050-5889/2021 dan perubahannya — daftar program yang dipakai contoh (bukan daftar lengkap)',
  synthetic: false,
  entries: new Map(PROGRAMS.map(([code, title]) => [code, { code, title }])),
};

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

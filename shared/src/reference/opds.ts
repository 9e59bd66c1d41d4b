/** OPDs as Banyuasin names them (DOMAIN.md). Ids are short, stable and used in URLs and accounts. */
export interface Opd {
  id: string;
  name: string;
  short: string;
}

export const BANYUASIN_OPDS: Opd[] = [
  { id: 'bappeda', name: 'Bappeda', short: 'Bappeda' },
  { id: 'bpkad', name: 'BPKAD', short: 'BPKAD' },
  { id: 'bapenda', name: 'Bapenda', short: 'Bapenda' },
  { id: 'inspektorat', name: 'Inspektorat Daerah', short: 'Inspektorat' },
  { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
  { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
  { id: 'putr', name: 'Dinas PUTR', short: 'PUTR' },
  { id: 'perkim', name: 'Dinas Perkim', short: 'Perkim' },
  { id: 'dinsos', name: 'Dinas Sosial', short: 'Dinsos' },
  { id: 'kominfo', name: 'Dinas Kominfo', short: 'Kominfo' },
  { id: 'dishub', name: 'Dinas Perhubungan', short: 'Dishub' },
  { id: 'bpbd', name: 'BPBD', short: 'BPBD' },
  { id: 'disdukcapil', name: 'Disdukcapil', short: 'Disdukcapil' },
  { id: 'disnakertrans', name: 'Disnakertrans', short: 'Disnakertrans' },
  { id: 'disbunnak', name: 'Dinas Perkebunan dan Peternakan', short: 'Disbunnak' },
  { id: 'distan', name: 'Dinas Pertanian', short: 'Distan' },
  { id: 'diskan', name: 'Dinas Perikanan', short: 'Diskan' },
  { id: 'dpmd', name: 'Dinas PMD', short: 'DPMD' },
  { id: 'dkp', name: 'Dinas Ketahanan Pangan', short: 'DKP' },
  { id: 'setda', name: 'Sekretariat Daerah', short: 'Setda' },
];

export const BANYUASIN_KECAMATAN: string[] = [
  'Air Salek',
  'Banyuasin I',
  'Banyuasin II',
  'Banyuasin III',
  'Betung',
  'Makarti Jaya',
  'Muara Padang',
  'Muara Sugihan',
  'Muara Telang',
  'Pulau Rimau',
  'Rambutan',
  'Rantau Bayur',
  'Sumber Marga Telang',
  'Talang Kelapa',
  'Tungkal Ilir',
];

/** The planning years of the RPJMD 2025–2029 board. */
export const PLAN_YEARS = ['2025', '2026', '2027', '2028', '2029'] as const;
export type PlanYear = (typeof PLAN_YEARS)[number];

/** The kecamatan take part as OPDs too (the camat attend the rapat sinkronisasi). */
export function kecamatanOpds(): Opd[] {
  return BANYUASIN_KECAMATAN.map((name) => ({
    id: `kec-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    name: `Kecamatan ${name}`,
    short: `Kec. ${name}`,
  }));
}

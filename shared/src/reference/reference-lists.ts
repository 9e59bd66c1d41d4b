/**
 * Reference lists a program is aligned to. Wording from public sources (DOMAIN.md); lists whose content
 * is not known are deliberately empty so the secretariat fills them (never invent items).
 */
export interface ReferenceItem {
  id: string;
  /** The number or short code people say in a meeting ("AC 4", "PHTC 1"). */
  code: string;
  /** A short label for chips on a card. */
  short: string;
  label: string;
}

export interface ReferenceList {
  id: string;
  title: string;
  source: string;
  items: ReferenceItem[];
}

const item = (listPrefix: string, n: number, short: string, label: string): ReferenceItem => ({
  id: `${listPrefix}-${n}`,
  code: `${listPrefix.toUpperCase()} ${n}`,
  short,
  label,
});

export const ASTA_CITA: ReferenceList = {
  id: 'asta-cita',
  title: 'Asta Cita',
  source: 'Visi "Bersama Indonesia Maju, Menuju Indonesia Emas 2045"; RPJMN 2025–2029 (Perpres 12/2025)',
  items: [
    item(
      'ac',
      1,
      'Pancasila, demokrasi, HAM',
      'Memperkokoh ideologi Pancasila, demokrasi, dan hak asasi manusia (HAM).',
    ),
    item(
      'ac',
      2,
      'Hankam & swasembada',
      'Memantapkan sistem pertahanan keamanan negara dan mendorong kemandirian bangsa melalui swasembada pangan, energi, air, ekonomi kreatif, ekonomi hijau, dan ekonomi biru.',
    ),
    item(
      'ac',
      3,
      'Lapangan kerja & infrastruktur',
      'Meningkatkan lapangan kerja yang berkualitas, mendorong kewirausahaan, mengembangkan industri kreatif, dan melanjutkan pengembangan infrastruktur.',
    ),
    item(
      'ac',
      4,
      'SDM, pendidikan, kesehatan',
      'Memperkuat pembangunan sumber daya manusia (SDM), sains, teknologi, pendidikan, kesehatan, prestasi olahraga, kesetaraan gender, serta penguatan peran perempuan, pemuda, dan penyandang disabilitas.',
    ),
    item(
      'ac',
      5,
      'Hilirisasi & industrialisasi',
      'Melanjutkan hilirisasi dan industrialisasi untuk meningkatkan nilai tambah di dalam negeri.',
    ),
    item(
      'ac',
      6,
      'Membangun dari desa',
      'Membangun dari desa dan dari bawah untuk pemerataan ekonomi dan pemberantasan kemiskinan.',
    ),
    item(
      'ac',
      7,
      'Reformasi & antikorupsi',
      'Memperkuat reformasi politik, hukum, dan birokrasi, serta memperkuat pencegahan dan pemberantasan korupsi dan narkoba.',
    ),
    item(
      'ac',
      8,
      'Harmoni lingkungan & budaya',
      'Memperkuat penyelarasan kehidupan yang harmonis dengan lingkungan, alam, dan budaya, serta peningkatan toleransi antarumat beragama untuk mencapai masyarakat yang adil dan makmur.',
    ),
  ],
};

export const PHTC: ReferenceList = {
  id: 'phtc',
  title: 'Program Hasil Terbaik Cepat (PHTC)',
  source: 'Perpres 79/2025',
  items: [
    item('phtc', 1, 'Makan Bergizi Gratis', 'Makan Bergizi Gratis'),
    item(
      'phtc',
      2,
      'Cek kesehatan gratis, TBC, RS',
      'Pemeriksaan kesehatan gratis, tuntaskan TBC, rumah sakit lengkap di kabupaten',
    ),
    item('phtc', 3, 'Lumbung pangan', 'Lumbung pangan desa, daerah dan nasional'),
    item('phtc', 4, 'Sekolah unggul & renovasi', 'Sekolah unggul terintegrasi dan renovasi sekolah'),
    item('phtc', 5, 'Kartu kesejahteraan & usaha', 'Kartu kesejahteraan sosial dan kartu usaha'),
    item('phtc', 6, 'Kenaikan gaji ASN/TNI/Polri', 'Kenaikan gaji ASN, TNI/Polri dan pejabat negara'),
    item(
      'phtc',
      7,
      'Infrastruktur desa, BLT, rumah murah',
      'Infrastruktur desa dan kelurahan, BLT, rumah murah bersanitasi',
    ),
    item('phtc', 8, 'Badan Penerimaan Negara', 'Badan Penerimaan Negara'),
  ],
};

/** "Sapta Cita": the seven misi as a press paraphrase, not the official wording. */
export const MISI_BUPATI_BANYUASIN: ReferenceList = {
  id: 'misi-bupati',
  title: 'Misi Bupati Banyuasin 2025–2030 (Sapta Cita)',
  source:
    'Visi "Banyuasin Bangkit Adil Sejahtera Berkelanjutan" (Bupati Askolani, Wakil Bupati Netta Indian); parafrase pers',
  items: [
    item('misi', 1, 'SDM berdaya saing', 'SDM berdaya saing lewat pendidikan dan kesehatan'),
    item('misi', 2, 'Keamanan & demokrasi', 'Keamanan, kenyamanan dan demokrasi yang sehat'),
    item('misi', 3, 'Iman, kebersamaan, prestasi', 'Keimanan, ketaqwaan, kebersamaan dan prestasi'),
    item('misi', 4, 'Nilai tambah SDA & ekonomi', 'Nilai tambah SDA dan ekonomi'),
    item('misi', 5, 'Keterbukaan & keadilan', 'Keterbukaan dan keadilan'),
    item('misi', 6, 'Infrastruktur dasar', 'Infrastruktur dasar'),
    item('misi', 7, 'Fasilitas sosial', 'Fasilitas sosial'),
  ],
};

export const PROGRAM_PRIORITAS_BANYUASIN: ReferenceList = {
  id: 'prioritas-bupati',
  title: 'Program Prioritas Bupati Banyuasin',
  source: 'Tujuh program prioritas Bupati Banyuasin 2025–2030',
  items: ['Cerdas', 'Sehat', 'Religius', 'Makmur', 'Prima', 'Terbuka', 'Membangun'].map((name, i) =>
    item('prioritas', i + 1, `Banyuasin ${name}`, `Banyuasin ${name}`),
  ),
};

/** Named in the Bupati's framework; its 2025 content is not public, so the secretariat fills it. */
export const PROGRAM_PRO_RAKYAT: ReferenceList = {
  id: 'pro-rakyat',
  title: '5 Program Pro Rakyat',
  source: 'Kerangka Bupati Banyuasin 2025–2030 (isi belum diketahui — diisi sekretariat)',
  items: [],
};

/** Named in the Bupati's framework; its 2025 content is not public, so the secretariat fills it. */
export const GERAKAN_BERSAMA: ReferenceList = {
  id: 'gerakan-bersama',
  title: '12 Gerakan Bersama Masyarakat',
  source: 'Kerangka Bupati Banyuasin 2025–2030 (isi belum diketahui — diisi sekretariat)',
  items: [],
};

export const BANYUASIN_REFERENCE_LISTS: ReferenceList[] = [
  ASTA_CITA,
  MISI_BUPATI_BANYUASIN,
  PROGRAM_PRIORITAS_BANYUASIN,
  PHTC,
  PROGRAM_PRO_RAKYAT,
  GERAKAN_BERSAMA,
];

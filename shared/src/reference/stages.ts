/**
 * The default board stages. These are Selaras's design, not law: never present them as legally required
 * (DOMAIN.md). A board's columns are data the secretariat can edit.
 */
export const DEFAULT_STAGES: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'usulan-opd', title: 'Usulan OPD' },
  { id: 'telaah-bappeda', title: 'Telaah Bappeda' },
  { id: 'selaras-visi-misi', title: 'Selaras Visi-Misi Bupati' },
  { id: 'selaras-asta-cita', title: 'Selaras Asta Cita & RPJMN' },
  { id: 'rancangan-awal', title: 'Masuk Rancangan Awal' },
  { id: 'disepakati', title: 'Disepakati' },
  { id: 'ditunda', title: 'Ditunda' },
];

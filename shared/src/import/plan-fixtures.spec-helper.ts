import type { BoardEvent } from '../domain/events';
import type { ImportCell } from './import-types';
import { FULL, childrenOf, titleOf } from './import.spec-helper';

// Codes from the shipped nomenclature: program 1.02.02, its first two kegiatan and their sub-kegiatan.
export const PROGRAM = '1.02.02';
export const [KEG, KEG_2] = childrenOf(PROGRAM) as [string, string];
export const [SUB, SUB_2] = childrenOf(KEG) as [string, string];
export const SUB_OF_KEG_2 = childrenOf(KEG_2)[0]!;
export const OTHER_BIDANG_PROGRAM = childrenOf('1.01').find(
  (c) => c.split('.').length === 3 && c !== '1.01.01',
)!;
/** Well formed, in bidang 1.02, but not in the list. */
export const UNKNOWN = (() => {
  for (let n = 99; n > 0; n--) {
    const code = `1.02.${String(n).padStart(2, '0')}`;
    if (!FULL.entries.has(code)) return code;
  }
  throw new Error('no free code');
})();

export const HEADER = [
  'Kode',
  'Program/Kegiatan/Sub Kegiatan',
  'Indikator',
  'Satuan',
  'Target 2026',
  'Pagu 2026',
  'Pagu 2027',
  'OPD',
];
export type Row = [
  string | null,
  string | null,
  string | null,
  string | null,
  ImportCell,
  ImportCell,
  ImportCell,
  string | null,
];
export const table = (...rows: Row[]): ImportCell[][] => [HEADER, ...rows];
export const programRow = (pagu: ImportCell = null, opd: string | null = 'Dinas Kesehatan'): Row => [
  PROGRAM,
  titleOf(PROGRAM),
  'Persentase layanan kesehatan',
  '%',
  '90',
  pagu,
  null,
  opd,
];
export const kegiatanRow = (code = KEG): Row => [
  code,
  titleOf(code),
  null,
  null,
  null,
  null,
  null,
  'Dinas Kesehatan',
];
export const subRow = (code = SUB, pagu: ImportCell = '1.250.000.000', pagu2027: ImportCell = null): Row => [
  code,
  titleOf(code),
  null,
  null,
  null,
  pagu,
  pagu2027,
  'Dinas Kesehatan',
];

export const programOnBoard: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'dinkes-1-02-02',
    columnId: 'usulan-opd',
    rank: 'a0',
    code: PROGRAM,
    title: titleOf(PROGRAM),
    opdId: 'dinkes',
    indicators: [
      { id: 'i1', name: 'Persentase layanan kesehatan', unit: '%', baseline: 80, targets: { '2026': 85 } },
    ],
    pagu: {},
    lokasi: [],
    sumberDana: null,
    notes: '',
  },
};
export const kegiatanOnBoard: BoardEvent = {
  type: 'KegiatanAdded',
  data: { programId: 'dinkes-1-02-02', code: KEG, title: titleOf(KEG), indicators: [], notes: '' },
};
export const subOnBoard = (pagu: Record<string, number>): BoardEvent => ({
  type: 'SubKegiatanAdded',
  data: {
    programId: 'dinkes-1-02-02',
    code: SUB,
    title: titleOf(SUB),
    indicators: [],
    pagu,
    lokasi: [],
    notes: '',
  },
});

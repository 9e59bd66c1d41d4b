import type { CommandInput, CommandType } from '../domain/commands';
import type { Indicator } from '../domain/types';
import {
  NOMENCLATURE_FULL_VERSION,
  nomenclatureByVersion,
  nomenclatureChildren,
  parentCode,
  type Nomenclature,
} from './nomenclature';
import { BANYUASIN_OPDS, kecamatanOpds } from './opds';
import { BANYUASIN_REFERENCE_LISTS } from './reference-lists';
import { DEFAULT_STAGES } from './stages';

export const DEMO_BOARD_ID = 'banyuasin-2025-2029';

/** A demo step: which demo account runs which command. */
export type DemoStep = {
  [T in CommandType]: { username: string; type: T; data: CommandInput<T> };
}[CommandType];

type SampleCard = {
  id: string;
  code: string;
  opdId: string;
  username: string;
  column: string;
  tags: Array<[string, string]>;
};

/**
 * Sample cards: real program codes and names from the nomenclature, real OPD names. No pagu, target,
 * baseline or indicator value is filled in: those are not known (DOMAIN.md) and must not be invented.
 * The alignment tags are illustrative, which is why the whole board is marked "Data contoh".
 */
const CARDS: SampleCard[] = [
  {
    id: 'dinkes-1-02-02',
    code: '1.02.02',
    opdId: 'dinkes',
    username: 'dinkes',
    column: 'selaras-asta-cita',
    tags: [
      ['asta-cita', 'ac-4'],
      ['misi-bupati', 'misi-1'],
      ['prioritas-bupati', 'prioritas-2'],
      ['phtc', 'phtc-2'],
    ],
  },
  {
    id: 'dinkes-1-02-03',
    code: '1.02.03',
    opdId: 'dinkes',
    username: 'dinkes',
    column: 'telaah-bappeda',
    tags: [
      ['asta-cita', 'ac-4'],
      ['prioritas-bupati', 'prioritas-2'],
    ],
  },
  {
    id: 'disdik-1-01-02',
    code: '1.01.02',
    opdId: 'disdik',
    username: 'disdik',
    column: 'selaras-visi-misi',
    tags: [
      ['asta-cita', 'ac-4'],
      ['misi-bupati', 'misi-1'],
      ['prioritas-bupati', 'prioritas-1'],
      ['phtc', 'phtc-4'],
    ],
  },
  {
    id: 'putr-1-03-10',
    code: '1.03.10',
    opdId: 'putr',
    username: 'putr',
    column: 'selaras-visi-misi',
    tags: [
      ['asta-cita', 'ac-3'],
      ['misi-bupati', 'misi-6'],
      ['prioritas-bupati', 'prioritas-7'],
    ],
  },
  {
    id: 'putr-1-03-02',
    code: '1.03.02',
    opdId: 'putr',
    username: 'putr',
    column: 'telaah-bappeda',
    tags: [
      ['asta-cita', 'ac-2'],
      ['misi-bupati', 'misi-6'],
    ],
  },
  { id: 'putr-1-03-03', code: '1.03.03', opdId: 'putr', username: 'putr', column: 'usulan-opd', tags: [] },
  {
    id: 'perkim-1-04-04',
    code: '1.04.04',
    opdId: 'perkim',
    username: 'sekretariat',
    column: 'usulan-opd',
    tags: [['phtc', 'phtc-7']],
  },
  {
    id: 'bpbd-1-05-03',
    code: '1.05.03',
    opdId: 'bpbd',
    username: 'sekretariat',
    column: 'telaah-bappeda',
    tags: [],
  },
  {
    id: 'dinsos-1-06-05',
    code: '1.06.05',
    opdId: 'dinsos',
    username: 'sekretariat',
    column: 'selaras-asta-cita',
    tags: [
      ['asta-cita', 'ac-6'],
      ['phtc', 'phtc-5'],
    ],
  },
  {
    id: 'dkp-2-09-03',
    code: '2.09.03',
    opdId: 'dkp',
    username: 'sekretariat',
    column: 'selaras-asta-cita',
    tags: [
      ['asta-cita', 'ac-2'],
      ['phtc', 'phtc-3'],
      ['prioritas-bupati', 'prioritas-4'],
    ],
  },
  {
    id: 'disdukcapil-2-12-02',
    code: '2.12.02',
    opdId: 'disdukcapil',
    username: 'sekretariat',
    column: 'usulan-opd',
    tags: [],
  },
  {
    id: 'dpmd-2-13-04',
    code: '2.13.04',
    opdId: 'dpmd',
    username: 'sekretariat',
    column: 'selaras-visi-misi',
    tags: [['asta-cita', 'ac-6']],
  },
  {
    id: 'kominfo-2-16-03',
    code: '2.16.03',
    opdId: 'kominfo',
    username: 'sekretariat',
    column: 'usulan-opd',
    tags: [['prioritas-bupati', 'prioritas-6']],
  },
  {
    id: 'diskan-3-25-04',
    code: '3.25.04',
    opdId: 'diskan',
    username: 'sekretariat',
    column: 'telaah-bappeda',
    tags: [['asta-cita', 'ac-2']],
  },
  {
    id: 'distan-3-27-02',
    code: '3.27.02',
    opdId: 'distan',
    username: 'sekretariat',
    column: 'rancangan-awal',
    tags: [
      ['asta-cita', 'ac-2'],
      ['prioritas-bupati', 'prioritas-4'],
      ['phtc', 'phtc-3'],
    ],
  },
  {
    id: 'distan-3-27-07',
    code: '3.27.07',
    opdId: 'distan',
    username: 'sekretariat',
    column: 'usulan-opd',
    tags: [],
  },
  {
    id: 'bappeda-5-01-03',
    code: '5.01.03',
    opdId: 'bappeda',
    username: 'sekretariat',
    column: 'disepakati',
    tags: [
      ['asta-cita', 'ac-7'],
      ['prioritas-bupati', 'prioritas-5'],
    ],
  },
  {
    id: 'bpkad-5-02-02',
    code: '5.02.02',
    opdId: 'bpkad',
    username: 'sekretariat',
    column: 'rancangan-awal',
    tags: [['asta-cita', 'ac-7']],
  },
  {
    id: 'bapenda-5-02-04',
    code: '5.02.04',
    opdId: 'bapenda',
    username: 'sekretariat',
    column: 'telaah-bappeda',
    tags: [],
  },
  {
    id: 'inspektorat-6-01-02',
    code: '6.01.02',
    opdId: 'inspektorat',
    username: 'sekretariat',
    column: 'disepakati',
    tags: [
      ['asta-cita', 'ac-7'],
      ['prioritas-bupati', 'prioritas-6'],
    ],
  },
  {
    id: 'kec-talang-kelapa-7-01-02',
    code: '7.01.02',
    opdId: 'kec-talang-kelapa',
    username: 'sekretariat',
    column: 'usulan-opd',
    tags: [],
  },
  {
    id: 'kec-betung-7-01-03',
    code: '7.01.03',
    opdId: 'kec-betung',
    username: 'sekretariat',
    column: 'ditunda',
    tags: [['asta-cita', 'ac-6']],
  },
];

/**
 * Programs that get kegiatan and sub-kegiatan on the demo board, run by their OPD's demo account. Which
 * ones is a rule over the nomenclature, not a list of codes: the first `kegiatan` kegiatan of the
 * program that apply to every kabupaten/kota (fourth segment 2), each with its first `sub` sub-kegiatan.
 */
const RINCIAN: Array<{ programId: string; username: string; kegiatan: number; sub: number }> = [
  { programId: 'dinkes-1-02-02', username: 'dinkes', kegiatan: 2, sub: 3 },
  { programId: 'disdik-1-01-02', username: 'disdik', kegiatan: 2, sub: 2 },
  { programId: 'putr-1-03-10', username: 'putr', kegiatan: 1, sub: 3 },
];

/** The full list the demo board uses; the server registers it at start, specs with fullNomenclature(). */
function fullList(): Nomenclature {
  const full = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION);
  if (!full)
    throw new Error(`the demo board needs nomenclature ${NOMENCLATURE_FULL_VERSION} registered first`);
  return full;
}

/**
 * The commands that seed the demo board, each run through the normal command path by a demo account.
 * Codes and names come from the full nomenclature; the indicators of a sub-kegiatan are the decree's
 * own (kinerja, indikator, satuan), with no target, baseline or pagu: those are not known.
 */
export function demoBoardSteps(nomenclature: Nomenclature = fullList()): DemoStep[] {
  const steps: DemoStep[] = [
    {
      username: 'sekretariat',
      type: 'CreateBoard',
      data: {
        boardId: DEMO_BOARD_ID,
        title: 'Sinkronisasi Program Pembangunan Kabupaten Banyuasin 2025–2029',
        description:
          'Data contoh. Papan latihan untuk rapat sinkronisasi (14 Februari 2025, tema "Peningkatan Ketahanan Ekonomi dan Pemerataan Pembangunan yang Berkelanjutan"). Kode dan nama program, kegiatan dan sub-kegiatan diambil dari nomenklatur; pagu, target dan baseline sengaja dikosongkan.',
        sample: true,
        nomenclatureVersion: nomenclature.version,
        columns: [...DEFAULT_STAGES],
        opds: [...BANYUASIN_OPDS, ...kecamatanOpds()],
        referenceLists: BANYUASIN_REFERENCE_LISTS,
      },
    },
  ];
  for (const card of CARDS) {
    const title = nomenclature.entries.get(card.code)?.title ?? card.code;
    steps.push({
      username: card.username,
      type: 'ProposeProgram',
      data: { programId: card.id, code: card.code, title, opdId: card.opdId, notes: 'Data contoh.' },
    });
    for (const [listId, itemId] of card.tags) {
      steps.push({
        username: 'sekretariat',
        type: 'TagProgram',
        data: { programId: card.id, listId, itemId },
      });
    }
    if (card.column !== 'usulan-opd') {
      steps.push({
        username: 'sekretariat',
        type: 'MoveProgram',
        data: { programId: card.id, toColumnId: card.column },
      });
    }
  }
  steps.push(...rincianSteps(nomenclature), ...opdBidangSteps());
  steps.push({
    username: 'sekretariat',
    type: 'CommentOnProgram',
    data: {
      programId: 'dinkes-1-02-02',
      text: 'Data contoh: mohon Dinas Kesehatan melengkapi indikator dan pagu indikatif.',
    },
  });
  return steps;
}

function rincianSteps(nomenclature: Nomenclature): DemoStep[] {
  const steps: DemoStep[] = [];
  for (const { programId, username, kegiatan, sub } of RINCIAN) {
    const code = CARDS.find((c) => c.id === programId)!.code;
    const general = (c: string) => c.split('.')[3] === '2';
    for (const kegiatanCode of nomenclatureChildren(nomenclature, code).filter(general).slice(0, kegiatan)) {
      steps.push({
        username,
        type: 'AddKegiatan',
        data: { programId, code: kegiatanCode, notes: 'Data contoh.' },
      });
      for (const subCode of nomenclatureChildren(nomenclature, kegiatanCode).slice(0, sub)) {
        const entry = nomenclature.entries.get(subCode);
        const indicators: Indicator[] =
          entry?.indikator && entry.satuan
            ? [
                {
                  id: `ind-${subCode.replace(/\./g, '-')}`,
                  ...(entry.kinerja ? { kinerja: entry.kinerja } : {}),
                  name: entry.indikator,
                  unit: entry.satuan,
                  baseline: null,
                  targets: {},
                },
              ]
            : [];
        steps.push({ username, type: 'AddSubKegiatan', data: { programId, code: subCode, indicators } });
      }
    }
  }
  return steps;
}

/** Each OPD with programs on the board is mapped to the bidang urusan of those programs (derived). */
function opdBidangSteps(): DemoStep[] {
  const bidang = new Map<string, Set<string>>();
  for (const card of CARDS) {
    const code = parentCode(card.code);
    if (code === undefined) continue;
    const set = bidang.get(card.opdId) ?? new Set<string>();
    set.add(code);
    bidang.set(card.opdId, set);
  }
  return [...bidang].map(([opdId, codes]) => ({
    username: 'sekretariat',
    type: 'SetOpdBidang',
    data: { opdId, bidang: [...codes].sort() },
  }));
}

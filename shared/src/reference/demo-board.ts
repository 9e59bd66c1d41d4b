import type { CommandInput, CommandType } from '../domain/commands';
import { NOMENCLATURE_2021_PROGRAMS } from './nomenclature';
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

/** The commands that seed the demo board, each run through the normal command path by a demo account. */
export function demoBoardSteps(): DemoStep[] {
  const steps: DemoStep[] = [
    {
      username: 'sekretariat',
      type: 'CreateBoard',
      data: {
        boardId: DEMO_BOARD_ID,
        title: 'Sinkronisasi Program Pembangunan Kabupaten Banyuasin 2025–2029',
        description:
          'Data contoh. Papan latihan untuk rapat sinkronisasi (14 Februari 2025, tema "Peningkatan Ketahanan Ekonomi dan Pemerataan Pembangunan yang Berkelanjutan"). Kode dan nama program diambil dari nomenklatur; pagu, target dan indikator sengaja dikosongkan.',
        sample: true,
        nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
        columns: [...DEFAULT_STAGES],
        opds: [...BANYUASIN_OPDS, ...kecamatanOpds()],
        referenceLists: BANYUASIN_REFERENCE_LISTS,
      },
    },
  ];
  for (const card of CARDS) {
    const title = NOMENCLATURE_2021_PROGRAMS.entries.get(card.code)?.title ?? card.code;
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

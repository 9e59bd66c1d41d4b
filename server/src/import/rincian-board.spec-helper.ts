import {
  type Actor,
  type BoardEvent,
  type BoardState,
  BANYUASIN_OPDS,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  decide,
  foldInPlace,
  forkPrograms,
  parseCommand,
  planImport,
  initialBoardState,
  rankBetween,
  type FoldableEvent,
} from '@selaras/shared';
import { apply } from '../../../shared/src/import/import.spec-helper';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { SAMPLE_OPDS, sampleRows, SAMPLE_COLUMNS } from './sample-tables';

export const FULL = fullNomenclature();
export const SEKRETARIAT: Actor = {
  id: 'u-sekretariat',
  name: 'Sekretariat Bappeda',
  role: 'sekretariat',
  opdId: 'bappeda',
};

/** An empty board on the full nomenclature, with the demo kabupaten's OPDs, stages and reference lists. */
export function emptyBoard(boardId = 'papan-rincian'): BoardState {
  let rank: string | null = null;
  const created: BoardEvent = {
    type: 'BoardCreated',
    data: {
      boardId,
      title: 'Papan uji rincian (Data contoh)',
      description: '',
      sample: true,
      synthetic: false,
      nomenclatureVersion: FULL.version,
      columns: DEFAULT_STAGES.map((s) => ({ ...s, rank: (rank = rankBetween(rank, null)) })),
      opds: BANYUASIN_OPDS,
      referenceLists: BANYUASIN_REFERENCE_LISTS,
    },
  };
  return foldInPlace(initialBoardState(boardId), [
    {
      ...created,
      revision: 0,
      meta: { actor: SEKRETARIAT, at: '2025-02-14T02:00:00.000Z' },
    } as FoldableEvent,
  ]);
}

/** Runs commands on a copy of the board (decide, then fold), throwing on a refusal. */
export function run(board: BoardState, commands: Array<[string, unknown]>, actor = SEKRETARIAT): BoardState {
  const state = forkPrograms(board, Object.keys(board.programs));
  for (const [type, data] of commands) {
    const parsed = parseCommand(type as never, data);
    if (!parsed.success) throw new Error(`${type}: ${JSON.stringify(parsed.issues)}`);
    const decision = decide(parsed.command, state, {
      actor,
      now: '2025-02-14T03:00:00.000Z',
      newId: () => 'x',
    });
    if (!decision.ok) throw new Error(`${type}: ${decision.error.message}`);
    foldInPlace(
      state,
      decision.events.map(
        (e, i) =>
          ({
            ...e,
            revision: state.revision + 1 + i,
            meta: { actor, at: '2025-02-14T03:00:00.000Z' },
          }) as FoldableEvent,
      ),
    );
  }
  return state;
}

/**
 * A board with the tree filled from the real nomenclature (three OPDs, their programs, kegiatan and
 * sub-kegiatan, fictitious pagu), plus what an export must carry faithfully: a program pagu set by hand,
 * an archived sub-kegiatan, lokasi, a sumber dana that looks like a formula, a second indicator.
 */
export function rincianBoard(): BoardState {
  const rows = sampleRows({
    nomenclature: FULL,
    opds: [SAMPLE_OPDS.dinkes!, SAMPLE_OPDS.disdik!, SAMPLE_OPDS.putr!],
    programsPerOpd: 2,
    kegiatanPerProgram: 2,
    subPerKegiatan: 3,
  });
  const empty = emptyBoard();
  const plan = planImport({
    board: empty,
    nomenclature: FULL,
    table: { sheet: 'x', rows: [[...SAMPLE_COLUMNS], ...rows] },
    actor: SEKRETARIAT,
    fileHash: '0'.repeat(64),
  });
  if (plan.counts.error > 0) throw new Error(JSON.stringify(plan.rows.filter((r) => r.status === 'error')));
  const board = apply(empty, plan);
  const programs = Object.values(board.programs);
  const [first, second] = programs;
  const kegiatan = Object.values(first!.kegiatan ?? {})[0]!;
  const [sub, archived] = Object.keys(kegiatan.subKegiatan);
  return run(board, [
    [
      'ReviseProgram',
      {
        programId: first!.id,
        changes: { pagu: { '2027': 123_456_789 }, sumberDana: '=1+1', lokasi: ['Betung', 'Rambutan'] },
      },
    ],
    [
      'ReviseProgram',
      {
        programId: second!.id,
        changes: {
          indicators: [
            {
              id: 'a',
              name: 'Indikator pertama (uji)',
              unit: '%',
              baseline: 50,
              targets: { '2025': 55, '2029': 75.5 },
            },
            {
              id: 'b',
              name: '@Indikator kedua (uji)',
              unit: 'Orang',
              baseline: null,
              targets: { '2026': 1200 },
            },
          ],
        },
      },
    ],
    [
      'ReviseSubKegiatan',
      { programId: first!.id, code: sub!, changes: { lokasi: ['Banyuasin I'], notes: 'catatan' } },
    ],
    ['ArchiveSubKegiatan', { programId: first!.id, code: archived!, reason: 'uji' }],
    [
      'TagProgram',
      {
        programId: first!.id,
        listId: BANYUASIN_REFERENCE_LISTS[0]!.id,
        itemId: BANYUASIN_REFERENCE_LISTS[0]!.items[0]!.id,
      },
    ],
  ]);
}

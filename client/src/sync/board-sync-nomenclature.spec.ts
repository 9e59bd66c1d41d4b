/** @jest-environment node */
import {
  NOMENCLATURE_FULL_VERSION,
  boardFrom,
  kegiatanOf,
  nomenclatureByVersion,
  recorded,
  registerNomenclature,
  testActors,
  type BoardEvent,
} from '@selaras/shared';
import { BoardSync, type PendingCommand } from './board-sync';

// A board on a list this tab has not downloaded yet (the full list under another version name).
const FULL = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
const LATE = { ...FULL, version: 'uji-dimuat-belakangan' };
const KEGIATAN = FULL.children!.get('1.02.02')![0]!;

const events: BoardEvent[] = [
  {
    type: 'BoardCreated',
    data: {
      boardId: 'papan-uji',
      title: 'Papan uji',
      description: '',
      sample: true,
      synthetic: false,
      nomenclatureVersion: LATE.version,
      columns: [{ id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' }],
      opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
      referenceLists: [],
    },
  },
  {
    type: 'ProgramProposed',
    data: {
      programId: 'p',
      columnId: 'usulan-opd',
      rank: 'a0',
      code: '1.02.02',
      title: FULL.entries.get('1.02.02')!.title,
      opdId: 'dinkes',
      indicators: [],
      pagu: {},
      lokasi: [],
      sumberDana: null,
      notes: '',
    },
  },
];

describe('pending commands while the board’s nomenclature is still loading', () => {
  it('are kept and sent, not rejected, and show once the list arrives', () => {
    const saved: PendingCommand = {
      commandId: 'c-1',
      type: 'AddKegiatan',
      data: { programId: 'p', code: KEGIATAN, indicators: [], notes: '' },
      baseRevision: 1,
      createdAt: '2025-02-14T03:00:00.000Z',
      status: 'queued',
    };
    const sync = new BoardSync(boardFrom('papan-uji', recorded(events)), testActors.dinkes, [saved]);
    // Not known here yet: the command waits in the queue (it goes to the server), the view lacks it.
    expect(sync.pending.map((p) => p.commandId)).toEqual(['c-1']);
    expect(sync.nextToSend()?.commandId).toBe('c-1');
    expect(kegiatanOf(sync.view.programs.p!)).toEqual({});
    // A new command is refused meanwhile (the board is not editable until the list is here).
    expect(sync.propose('AddKegiatan', { programId: 'p', code: KEGIATAN }, 'c-2', 'now').ok).toBe(false);

    registerNomenclature(LATE);
    sync.refresh();
    expect(Object.keys(kegiatanOf(sync.view.programs.p!))).toEqual([KEGIATAN]);
    expect(sync.pending.map((p) => p.commandId)).toEqual(['c-1']);
  });
});

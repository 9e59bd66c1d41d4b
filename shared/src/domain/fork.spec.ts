import { DEMO_BOARD_ID, demoBoardSteps } from '../reference/demo-board';
import { testActors } from '../testing/given-when-then';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { mulberry32 } from '../testing/random';
import { parseCommand, type CommandType } from './commands';
import { decide } from './decide';
import type { RecordedEvent } from './events';
import { boardFrom, foldInPlace } from './evolve';
import { forkFor } from './fork';
import { BOARD_EVENT_TYPES } from './events';
import { initialBoardState, type BoardState } from './types';

/** The demo board, then every kind of change the board knows, decided one by one. */
function history(): RecordedEvent[] {
  let state: BoardState = initialBoardState(DEMO_BOARD_ID);
  const events: RecordedEvent[] = [];
  let n = 0;
  const run = (type: CommandType, data: unknown) => {
    const parsed = parseCommand(type, data);
    if (!parsed.success) throw new Error(parsed.error.message);
    const decision = decide(parsed.command, state, {
      actor: testActors.sekretariat,
      now: 't',
      newId: () => `id-${++n}`,
      programAt: (id, revision) =>
        boardFrom(DEMO_BOARD_ID, events.slice(0, revision + 1)).programs[id] ?? null,
    });
    if (!decision.ok) throw new Error(`${type}: ${decision.error.message}`);
    for (const e of decision.events) {
      const meta = {
        actor: testActors.sekretariat,
        at: `t${events.length}`,
        commandId: 'c',
        prevHash: '',
        hash: '',
      };
      const recorded = { ...e, id: `e${events.length}`, revision: events.length, meta } as RecordedEvent;
      events.push(recorded);
      state = foldInPlace(state, [recorded]);
    }
  };
  for (const step of demoBoardSteps(fullNomenclature())) run(step.type, step.data);
  const after = events.length - 1;
  run('StartMeeting', { meetingId: 'rapat-1', title: 'Rapat sinkronisasi' });
  run('ReviseProgram', { programId: 'dinkes-1-02-02', changes: { pagu: { '2026': 5 }, lokasi: ['Betung'] } });
  run('CommentOnProgram', { programId: 'dinkes-1-02-02', text: 'Setuju' });
  run('MoveProgram', { programId: 'putr-1-03-03', toColumnId: 'disepakati' });
  run('TagProgram', { programId: 'putr-1-03-03', listId: 'asta-cita', itemId: 'ac-3' });
  run('UntagProgram', { programId: 'dinkes-1-02-02', listId: 'phtc', itemId: 'phtc-2' });
  run('ArchiveProgram', { programId: 'disdik-1-01-02', reason: 'uji' });
  run('UnarchiveProgram', { programId: 'disdik-1-01-02' });
  run('MarkMilestone', { title: 'Kesepakatan' });
  run('AddReferenceItem', {
    listId: 'pro-rakyat',
    item: { id: 'pr-1', code: 'PR 1', short: 'Satu', label: 'Satu' },
  });
  run('AddColumn', { columnId: 'kolom-baru', title: 'Kolom baru', afterId: 'telaah-bappeda' });
  run('RenameColumn', { columnId: 'kolom-baru', title: 'Kolom lain' });
  run('SetColumnPolicy', { columnId: 'kolom-baru', opdMoves: true });
  run('MoveColumn', { columnId: 'ditunda', beforeId: 'usulan-opd' });
  run('ProposeProgram', { code: '1.05.03', title: 'Program Penanggulangan Bencana', opdId: 'putr' });
  run('RevertProgram', {
    programId: 'dinkes-1-02-02',
    toRevision: after,
    parts: ['pagu', 'lokasi'],
    reason: 'Kembali',
  });
  run('EndMeeting', { meetingId: 'rapat-1' });
  // Issue 11: the full nomenclature, then a program's kegiatan and sub-kegiatan through every change.
  const full = fullNomenclature();
  // The demo board starts on the full list: away to the old sample list and back.
  run('ChangeNomenclature', { version: NOMENCLATURE_2021_PROGRAMS.version });
  run('ChangeNomenclature', { version: full.version });
  run('SetOpdBidang', { opdId: 'dinkes', bidang: ['1.02', '1.03'] });
  const kegiatan = full.children!.get('1.02.03')![0]!;
  const sub = full.children!.get(kegiatan)![0]!;
  run('AddKegiatan', { programId: 'dinkes-1-02-03', code: kegiatan });
  run('AddSubKegiatan', { programId: 'dinkes-1-02-03', code: sub, pagu: { '2026': 7 } });
  run('ReviseSubKegiatan', { programId: 'dinkes-1-02-03', code: sub, changes: { pagu: { '2027': 8 } } });
  run('ReviseKegiatan', { programId: 'dinkes-1-02-03', code: kegiatan, changes: { notes: 'Catatan' } });
  run('ArchiveSubKegiatan', { programId: 'dinkes-1-02-03', code: sub });
  run('UnarchiveSubKegiatan', { programId: 'dinkes-1-02-03', code: sub });
  run('ArchiveKegiatan', { programId: 'dinkes-1-02-03', code: kegiatan });
  run('UnarchiveKegiatan', { programId: 'dinkes-1-02-03', code: kegiatan });
  return events;
}

describe('forkFor', () => {
  const events = history();

  it('the history covers every event type', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(BOARD_EVENT_TYPES));
  });

  it('folding a fork gives the fold of the longer history and leaves the original as it was', () => {
    const random = mulberry32(4);
    for (let round = 0; round < 200; round++) {
      const a = Math.floor(random() * events.length);
      const b = a + Math.floor(random() * (events.length - a));
      const base = boardFrom(DEMO_BOARD_ID, events.slice(0, a));
      const before = JSON.stringify(base);
      const slice = events.slice(a, b);
      const forked = foldInPlace(forkFor(base, slice), slice);
      expect(JSON.stringify(base)).toBe(before);
      expect(forked).toEqual(boardFrom(DEMO_BOARD_ID, events.slice(0, b)));
    }
  });

  it('shares every program the events do not touch', () => {
    // Some program events, before the nomenclature change (which touches every program).
    const end = events.findIndex((e) => e.type === 'NomenclatureChanged');
    const base = boardFrom(DEMO_BOARD_ID, events.slice(0, end - 3));
    const slice = events.slice(end - 3, end);
    const forked = forkFor(base, slice);
    const touched = new Set(slice.map((e) => (e.data as { programId?: string }).programId));
    for (const [id, program] of Object.entries(base.programs)) {
      if (touched.has(id)) expect(forked.programs[id]).not.toBe(program);
      else expect(forked.programs[id]).toBe(program);
    }
  });
});

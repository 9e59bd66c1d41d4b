import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { command, given, recorded, testActors } from '../testing/given-when-then';
import { findConflicts, intendedKeys } from './conflicts';
import { decide } from './decide';
import type { BoardEvent } from './events';
import { boardFrom } from './evolve';

const created: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji',
    description: '',
    sample: true,
    synthetic: false,
    nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
    columns: [
      { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
      { id: 'disepakati', title: 'Disepakati', rank: 'a1' },
    ],
    opds: [
      { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
      { id: 'putr', name: 'Dinas PUTR', short: 'PUTR' },
    ],
    referenceLists: [],
  },
};
const proposed: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'p-kes',
    columnId: 'usulan-opd',
    rank: 'a0',
    code: '1.02.02',
    title: 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
    opdId: 'dinkes',
    indicators: [],
    pagu: { '2025': 1_000 },
    lokasi: ['Betung'],
    sumberDana: null,
    notes: 'usulan awal',
  },
};
const other: BoardEvent = {
  type: 'ProgramProposed',
  data: {
    programId: 'p-jalan',
    columnId: 'usulan-opd',
    rank: 'a1',
    code: '1.03.10',
    title: 'Program Penyelenggaraan Jalan',
    opdId: 'putr',
    indicators: [],
    pagu: {},
    lokasi: [],
    sumberDana: null,
    notes: '',
  },
};
const revised: BoardEvent = {
  type: 'ProgramRevised',
  data: {
    programId: 'p-kes',
    changes: { notes: 'direvisi', pagu: { '2025': 2_000, '2026': 500 } },
    before: { notes: 'usulan awal', pagu: { '2025': 1_000, '2026': null } },
  },
};
const moved: BoardEvent = {
  type: 'ProgramMoved',
  data: {
    programId: 'p-kes',
    fromColumnId: 'usulan-opd',
    toColumnId: 'disepakati',
    rank: 'a5',
    fromRank: 'a0',
  },
};
const started: BoardEvent = {
  type: 'MeetingStarted',
  data: { meetingId: 'rapat-1', title: 'Rapat 14 Februari' },
};

/** Revision 2 is the program as proposed; revision 3 revised; 4 moved. */
const history = [created, proposed, other, revised, moved];

describe('meetings and milestones', () => {
  it('StartMeeting starts one, and the board knows it is running', () => {
    const [event] = given([created])
      .when(command('StartMeeting', { meetingId: 'rapat-1', title: 'Rapat 14 Februari' }))
      .then(started);
    const board = boardFrom('papan-uji', recorded([created, event!]));
    expect(board.activeMeeting).toEqual({
      meetingId: 'rapat-1',
      title: 'Rapat 14 Februari',
      startedAt: '2025-02-14T03:00:00.000Z',
      startRevision: 1,
    });
  });

  it('StartMeeting without an id gets a fresh one', () => {
    given([created])
      .when(command('StartMeeting', { title: 'Rapat pleno' }))
      .then({
        type: 'MeetingStarted',
        data: { meetingId: 'id-1', title: 'Rapat pleno' },
      });
  });

  describe('when a meeting is running', () => {
    it('a second StartMeeting is refused, naming the running one', () => {
      const message = given([created, started])
        .when(command('StartMeeting', { title: 'Rapat lain' }))
        .thenRejects('MeetingAlreadyRunning');
      expect(message).toContain('Rapat 14 Februari');
    });

    it('EndMeeting ends it, carrying its title and start', () => {
      const [event] = given([created, started])
        .when(command('EndMeeting', { meetingId: 'rapat-1' }))
        .then({
          type: 'MeetingEnded',
          data: { meetingId: 'rapat-1', title: 'Rapat 14 Februari', startRevision: 1 },
        });
      expect(boardFrom('papan-uji', recorded([created, started, event!])).activeMeeting).toBeNull();
    });

    it('EndMeeting of another meeting is refused', () => {
      given([created, started])
        .when(command('EndMeeting', { meetingId: 'rapat-2' }))
        .thenRejects('MeetingNotRunning');
    });
  });

  it('EndMeeting with no meeting running is refused', () => {
    given([created])
      .when(command('EndMeeting', { meetingId: 'rapat-1' }))
      .thenRejects('MeetingNotRunning');
  });

  it('MarkMilestone names a point on the timeline and changes nothing on the board', () => {
    const [event] = given([created, proposed])
      .when(command('MarkMilestone', { milestoneId: 'm-1', title: 'Berita acara kesepakatan' }))
      .then({ type: 'MilestoneMarked', data: { milestoneId: 'm-1', title: 'Berita acara kesepakatan' } });
    const before = boardFrom('papan-uji', recorded([created, proposed]));
    const after = boardFrom('papan-uji', recorded([created, proposed, event!]));
    expect({ ...after, revision: 1 }).toEqual(before);
  });

  it.each(['StartMeeting', 'MarkMilestone'] as const)('%s is the secretariat’s alone', (type) => {
    given([created])
      .when(command(type, { title: 'Rapat OPD' }), testActors.dinkes)
      .thenRejects('Forbidden');
  });

  it('EndMeeting is the secretariat’s alone', () => {
    given([created, started])
      .when(command('EndMeeting', { meetingId: 'rapat-1' }), testActors.dinkes)
      .thenRejects('Forbidden');
  });
});

describe('RevertProgram', () => {
  const revert = (parts: Array<'notes' | 'pagu' | 'place' | 'title' | 'code'>, toRevision = 1) =>
    command('RevertProgram', { programId: 'p-kes', toRevision, parts, reason: 'Kembali ke usulan awal' });

  it('brings fields back as a ProgramRevised marked with the revision and reason', () => {
    given(history)
      .when(revert(['notes', 'pagu']))
      .then({
        type: 'ProgramRevised',
        data: {
          programId: 'p-kes',
          changes: { notes: 'usulan awal', pagu: { '2025': 1_000, '2026': null } },
          before: { notes: 'direvisi', pagu: { '2025': 2_000, '2026': 500 } },
          revertedTo: 1,
          reason: 'Kembali ke usulan awal',
        },
      });
  });

  it('brings its place back as a ProgramMoved to the old column and rank', () => {
    given(history)
      .when(revert(['place']))
      .then({
        type: 'ProgramMoved',
        data: {
          programId: 'p-kes',
          fromColumnId: 'disepakati',
          toColumnId: 'usulan-opd',
          rank: 'a0',
          fromRank: 'a5',
          revertedTo: 1,
          reason: 'Kembali ke usulan awal',
        },
      });
  });

  it('a revert that changes nothing emits nothing', () => {
    given(history)
      .when(revert(['title', 'code']))
      .then();
  });

  it('opd staff may revert (issue 5 narrows this to their own programs)', () => {
    given(history)
      .when(revert(['notes']), testActors.dinkes)
      .thenAccepted();
  });

  it('is refused before the program existed', () => {
    const message = given(history)
      .when(revert(['notes'], 0))
      .thenRejects('ProgramNotFound');
    expect(message).toContain('revisi 0');
  });

  it('is refused for a revision the board does not have yet', () => {
    given(history)
      .when(revert(['notes'], 99))
      .thenRejects('RevisionNotFound');
  });

  it('is refused without access to the history (a client without ?at= data)', () => {
    const ctx = { actor: testActors.sekretariat, now: 't', newId: () => 'x' };
    const decision = decide(revert(['notes']), given(history).state, ctx);
    expect(decision.ok ? 'ok' : decision.error.code).toBe('HistoryUnavailable');
  });

  describe('when the program is archived now', () => {
    const archived: BoardEvent = { type: 'ProgramArchived', data: { programId: 'p-kes', reason: 'ganda' } };

    it('fields alone are refused, as a revision of an archived program is', () => {
      given([...history, archived])
        .when(revert(['notes']))
        .thenRejects('ProgramArchived');
    });

    it('with its place it comes back on the board first, then the fields, then the column', () => {
      const events = given([...history, archived])
        .when(revert(['place', 'notes']))
        .thenAccepted();
      expect(events.map((e) => e.type)).toEqual(['ProgramUnarchived', 'ProgramRevised', 'ProgramMoved']);
      const board = boardFrom('papan-uji', recorded([...history, archived, ...events]));
      expect(board.programs['p-kes']).toMatchObject({
        archived: false,
        columnId: 'usulan-opd',
        notes: 'usulan awal',
      });
      expect(board.columns[0]!.programIds).toEqual(['p-kes', 'p-jalan']);
    });
  });

  it('to a point where it was archived, its place means archiving it again', () => {
    const archived: BoardEvent = { type: 'ProgramArchived', data: { programId: 'p-kes', reason: 'ganda' } };
    const restored: BoardEvent = { type: 'ProgramUnarchived', data: { programId: 'p-kes', rank: 'a5' } };
    const events = given([...history, archived, restored])
      .when(revert(['place'], 5))
      .thenAccepted();
    expect(events).toEqual([
      {
        type: 'ProgramArchived',
        data: { programId: 'p-kes', revertedTo: 5, reason: 'Kembali ke usulan awal' },
      },
    ]);
  });

  it('takes the rank right after a program that holds its old rank now', () => {
    const taken: BoardEvent = {
      type: 'ProgramMoved',
      data: {
        programId: 'p-jalan',
        fromColumnId: 'usulan-opd',
        toColumnId: 'usulan-opd',
        rank: 'a0',
        fromRank: 'a1',
      },
    };
    const [event] = given([...history, taken])
      .when(revert(['place']))
      .thenAccepted();
    expect(event).toMatchObject({ type: 'ProgramMoved', data: { toColumnId: 'usulan-opd' } });
    const rank = (event as Extract<BoardEvent, { type: 'ProgramMoved' }>).data.rank;
    expect(rank > 'a0').toBe(true);
  });

  describe('the merge rule', () => {
    const state = boardFrom('papan-uji', recorded(history));

    it('intends the chosen fields, every pagu year, and place with archived', () => {
      expect(intendedKeys(revert(['notes', 'pagu', 'place']), state)).toEqual([
        'program:p-kes:notes',
        'program:p-kes:pagu.2025',
        'program:p-kes:pagu.2026',
        'program:p-kes:pagu.2027',
        'program:p-kes:pagu.2028',
        'program:p-kes:pagu.2029',
        'program:p-kes:place',
        'program:p-kes:archived',
      ]);
    });

    it('conflicts with a change of the same field since the base, not with others', () => {
      const since = recorded(history).slice(3);
      expect(findConflicts(revert(['notes']), state, since).map((e) => e.type)).toEqual(['ProgramRevised']);
      expect(findConflicts(revert(['title']), state, since)).toEqual([]);
    });

    it('meetings and milestones conflict with nothing', () => {
      const since = recorded(history).slice(1);
      expect(findConflicts(command('StartMeeting', { title: 'Rapat pleno' }), state, since)).toEqual([]);
      expect(findConflicts(command('MarkMilestone', { title: 'Titik' }), state, since)).toEqual([]);
    });
  });
});

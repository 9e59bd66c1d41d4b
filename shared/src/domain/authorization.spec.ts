import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { BANYUASIN_OPDS } from '../reference/opds';
import { BANYUASIN_REFERENCE_LISTS } from '../reference/reference-lists';
import { DEFAULT_STAGES } from '../reference/stages';
import { command, recorded, testActors } from '../testing/given-when-then';
import { authorize } from './authorization';
import type { BoardCommand } from './commands';
import type { BoardEvent } from './events';
import { decide } from './decide';
import { boardFrom, fold } from './evolve';
import type { Actor } from './types';

const board: BoardEvent[] = [
  {
    type: 'BoardCreated',
    data: {
      boardId: 'papan-uji',
      title: 'Papan uji',
      description: '',
      sample: true,
      synthetic: false,
      nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
      columns: DEFAULT_STAGES.map((s, i) => ({ ...s, rank: `a${i}` })),
      opds: BANYUASIN_OPDS,
      referenceLists: BANYUASIN_REFERENCE_LISTS,
    },
  },
  ...(['dinkes', 'disdik'] as const).map((opdId, i): BoardEvent => ({
    type: 'ProgramProposed',
    data: {
      programId: `p-${opdId}`,
      columnId: DEFAULT_STAGES[0]!.id,
      rank: `a${i}`,
      code: i === 0 ? '1.02.02' : '1.01.02',
      title: `Program ${opdId}`,
      opdId,
      indicators: [],
      pagu: {},
      lokasi: [],
      sumberDana: null,
      notes: '',
    },
  })),
];
const state = boardFrom('papan-uji', recorded(board));
const [first, second, third] = DEFAULT_STAGES.map((s) => s.id) as [string, string, string];

/** Every command an OPD might try, on its own program (p-dinkes) and on another OPD's (p-disdik). */
const commands: Array<[string, BoardCommand]> = [
  [
    'propose for own OPD',
    command('ProposeProgram', { code: '1.02.03', title: 'Program SDM Kesehatan', opdId: 'dinkes' }),
  ],
  [
    'propose for another OPD',
    command('ProposeProgram', { code: '1.02.03', title: 'Program SDM Kesehatan', opdId: 'disdik' }),
  ],
  [
    'propose straight into a late stage',
    command('ProposeProgram', { code: '1.02.03', title: 'Program SDM', opdId: 'dinkes', columnId: third }),
  ],
  ['revise own', command('ReviseProgram', { programId: 'p-dinkes', changes: { notes: 'x' } })],
  ['revise another OPD’s', command('ReviseProgram', { programId: 'p-disdik', changes: { notes: 'x' } })],
  [
    'hand own program to another OPD',
    command('ReviseProgram', { programId: 'p-dinkes', changes: { opdId: 'disdik' } }),
  ],
  ['tag own', command('TagProgram', { programId: 'p-dinkes', listId: 'asta-cita', itemId: 'ac-4' })],
  [
    'tag another OPD’s',
    command('TagProgram', { programId: 'p-disdik', listId: 'asta-cita', itemId: 'ac-4' }),
  ],
  [
    'untag another OPD’s',
    command('UntagProgram', { programId: 'p-disdik', listId: 'asta-cita', itemId: 'ac-4' }),
  ],
  ['archive own', command('ArchiveProgram', { programId: 'p-dinkes' })],
  ['archive another OPD’s', command('ArchiveProgram', { programId: 'p-disdik' })],
  ['restore another OPD’s', command('UnarchiveProgram', { programId: 'p-disdik' })],
  ['move own to the second stage', command('MoveProgram', { programId: 'p-dinkes', toColumnId: second })],
  [
    'reorder own within the first stage',
    command('MoveProgram', { programId: 'p-dinkes', toColumnId: first }),
  ],
  ['move own into a late stage', command('MoveProgram', { programId: 'p-dinkes', toColumnId: third })],
  ['move another OPD’s', command('MoveProgram', { programId: 'p-disdik', toColumnId: second })],
  ['comment on own', command('CommentOnProgram', { programId: 'p-dinkes', text: 'Catatan' })],
  ['comment on another OPD’s', command('CommentOnProgram', { programId: 'p-disdik', text: 'Catatan' })],
  ['add a column', command('AddColumn', { title: 'Kolom baru' })],
  ['rename a column', command('RenameColumn', { columnId: first, title: 'Usulan' })],
  ['move a column', command('MoveColumn', { columnId: first, afterId: second })],
  [
    'add a reference item',
    command('AddReferenceItem', {
      listId: 'gerakan-bersama',
      item: { id: 'gb-1', code: 'GB 1', short: 'x', label: 'x' },
    }),
  ],
];

/** Allowed (✓) or denied (✗) per role; the sekretariat may do everything, auditor and display nothing. */
const opdAllowed = new Set([
  'propose for own OPD',
  'revise own',
  'tag own',
  'archive own',
  'move own to the second stage',
  'reorder own within the first stage',
  'comment on own',
  'comment on another OPD’s',
]);

const roles: Array<[string, Actor, (what: string) => boolean]> = [
  ['sekretariat', testActors.sekretariat, () => true],
  ['opd (Dinkes)', testActors.dinkes, (what) => opdAllowed.has(what)],
  ['auditor', testActors.inspektorat, () => false],
  ['display', testActors.layar, () => false],
];

describe('authorize: the role × command matrix', () => {
  const rows = roles.flatMap(([role, actor, allowed]) =>
    commands.map(([what, cmd]) => [role, what, actor, cmd, allowed(what)] as const),
  );
  it.each(rows)('%s — %s', (_role, _what, actor, cmd, allowed) => {
    const denied = authorize(cmd, state, actor);
    if (allowed) expect(denied).toBeUndefined();
    else {
      expect(denied).toMatchObject({ code: 'Forbidden' });
      // A person reads why, in both languages.
      expect(denied!.message.length).toBeGreaterThan(20);
      expect(denied!.messageEn.length).toBeGreaterThan(20);
    }
  });

  it('names the owning OPD when an OPD reaches for another OPD’s program', () => {
    const denied = authorize(
      command('ReviseProgram', { programId: 'p-disdik', changes: { notes: 'x' } }),
      state,
      testActors.dinkes,
    );
    expect(denied?.message).toContain('Dinas Pendidikan');
    expect(denied?.messageEn).toContain('only change its own programs');
  });

  it('only the secretariat sets a stage open or closed to OPD moves', () => {
    const open = command('SetColumnPolicy', { columnId: third, opdMoves: true });
    expect(authorize(open, state, testActors.sekretariat)).toBeUndefined();
    expect(authorize(open, state, testActors.dinkes)).toMatchObject({ code: 'Forbidden' });
  });

  it('a column may open itself to OPD moves', () => {
    const opened = {
      ...state,
      columns: state.columns.map((c) => (c.id === third ? { ...c, opdMoves: true } : c)),
    };
    expect(
      authorize(
        command('MoveProgram', { programId: 'p-dinkes', toColumnId: third }),
        opened,
        testActors.dinkes,
      ),
    ).toBeUndefined();
    const closed = {
      ...state,
      columns: state.columns.map((c) => (c.id === second ? { ...c, opdMoves: false } : c)),
    };
    expect(
      authorize(
        command('MoveProgram', { programId: 'p-dinkes', toColumnId: second }),
        closed,
        testActors.dinkes,
      ),
    ).toMatchObject({
      code: 'Forbidden',
    });
  });
});

describe('SetColumnPolicy', () => {
  const decideAs = (cmd: BoardCommand, actor: Actor, on = state) =>
    decide(cmd, on, { actor, now: '2025-02-14T03:00:00.000Z', newId: () => 'id-1' });

  it('opens a late stage to OPD moves, after which an OPD may move its own program there', () => {
    const opened = decideAs(
      command('SetColumnPolicy', { columnId: third, opdMoves: true }),
      testActors.sekretariat,
    );
    expect(opened).toEqual({
      ok: true,
      events: [{ type: 'ColumnPolicySet', data: { columnId: third, opdMoves: true } }],
    });
    const after = fold(state, recorded([...board, ...(opened.ok ? opened.events : [])]).slice(board.length));
    expect(after.columns.find((c) => c.id === third)?.opdMoves).toBe(true);
    expect(
      decideAs(command('MoveProgram', { programId: 'p-dinkes', toColumnId: third }), testActors.dinkes, after)
        .ok,
    ).toBe(true);
  });

  it('changes nothing when the setting already holds (the first two stages are open by default)', () => {
    expect(
      decideAs(command('SetColumnPolicy', { columnId: second, opdMoves: true }), testActors.sekretariat),
    ).toEqual({ ok: true, events: [] });
  });

  it('refuses an unknown column', () => {
    const refused = decideAs(
      command('SetColumnPolicy', { columnId: 'tidak-ada', opdMoves: true }),
      testActors.sekretariat,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ColumnNotFound' } });
  });
});

import {
  type BoardCommand,
  type CommandType,
  DEMO_BOARD_ID,
  PLAN_YEARS,
  boardFrom,
  findConflicts,
  intendedKeys,
  mulberry32,
  parseCommand,
} from '@selaras/shared';
import { randomHistory } from '../audit/random-history.spec-helper';
import { KeyIndex } from './key-index';

/**
 * The key index answers the merge rule's question ("which events after my base changed what I change?")
 * exactly as the rule itself does by scanning every event after the base (shared `findConflicts`), for
 * random histories, commands and bases.
 */
describe('KeyIndex', () => {
  it.each([1, 2, 3])('finds the same conflicting revisions as a scan of the history (seed %i)', (seed) => {
    const history = randomHistory(seed, 600);
    const index = new KeyIndex();
    for (const event of history) index.add(event);
    const state = boardFrom(DEMO_BOARD_ID, history);
    const random = mulberry32(seed * 31);
    const programs = Object.keys(state.programs);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const columns = state.columns.map((c) => c.id);
    for (let i = 0; i < 300; i++) {
      const programId = pick(programs);
      const candidates: Array<[CommandType, unknown]> = [
        ['ReviseProgram', { programId, changes: { pagu: { [pick(PLAN_YEARS)]: i }, notes: `n${i}` } }],
        ['MoveProgram', { programId, toColumnId: pick(columns) }],
        ['ArchiveProgram', { programId, reason: 'uji' }],
        ['RenameColumn', { columnId: pick(columns), title: `Tahap ${i}` }],
        ['CommentOnProgram', { programId, text: 'x' }],
      ];
      const [type, data] = pick(candidates);
      const parsed = parseCommand(type, data);
      if (!parsed.success) throw new Error(type);
      const command: BoardCommand = parsed.command;
      const base = Math.floor(random() * history.length) - 1;
      const scanned = findConflicts(command, state, history.slice(base + 1)).map((e) => e.revision);
      expect(index.touchedAfter(new Set(intendedKeys(command, state)), base)).toEqual(scanned);
    }
  });

  it("answers a key ending in * (a revert of a program's whole rincian tree) with every key under it", () => {
    const event = (revision: number, type: string, data: object) => ({ type, data, revision }) as never;
    const index = new KeyIndex();
    index.add(
      event(5, 'KegiatanRevised', { programId: 'p', code: 'k', changes: { notes: 'x' }, before: {} }),
    );
    index.add(event(6, 'ProgramRevised', { programId: 'p', changes: { notes: 'y' }, before: {} }));
    index.add(event(7, 'SubKegiatanArchived', { programId: 'p', code: 's', reason: '' }));
    index.add(event(8, 'SubKegiatanArchived', { programId: 'q', code: 's', reason: '' }));
    expect(index.touchedAfter(['program:p:kegiatan:*', 'program:p:sub:*'], 4)).toEqual([5, 7]);
    expect(index.touchedAfter(['program:p:kegiatan:*', 'program:p:sub:*'], 5)).toEqual([7]);
  });

  it('round-trips through its serialised form (the snapshot)', () => {
    const history = randomHistory(9, 200);
    const index = new KeyIndex();
    for (const event of history) index.add(event);
    const copy = KeyIndex.from(JSON.parse(JSON.stringify(index.entries())) as Array<[string, number[]]>);
    expect(copy.entries()).toEqual(index.entries());
  });
});

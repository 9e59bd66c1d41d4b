import {
  type Actor,
  type BoardState,
  type CommandType,
  type RecordedEvent,
  DEMO_BOARD_ID,
  PLAN_YEARS,
  boardFrom,
  decide,
  demoBoardSteps,
  foldInPlace,
  initialBoardState,
  mulberry32,
  parseCommand,
  testActors,
} from '@selaras/shared';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';

const ACTORS: Actor[] = [testActors.sekretariat, testActors.dinkes, testActors.disdik];

/**
 * The demo board, then `count` random commands of every kind the board knows (revisions, moves,
 * tags, comments, archive/restore, meetings, milestones, reverts), decided by the real domain. Times
 * advance a minute per event from 14 Feb 2025, 09:00 WIB.
 */
export function randomHistory(seed: number, count: number): RecordedEvent[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const events: RecordedEvent[] = [];
  const state: BoardState = initialBoardState(DEMO_BOARD_ID);
  let n = 0;
  const run = (type: CommandType, data: unknown, actor: Actor = testActors.sekretariat) => {
    const parsed = parseCommand(type, data);
    if (!parsed.success) return;
    const decision = decide(parsed.command, state, {
      actor,
      now: '',
      newId: () => `r${seed}-${++n}`,
      programAt: (id, revision) =>
        boardFrom(DEMO_BOARD_ID, events.slice(0, revision + 1)).programs[id] ?? null,
    });
    if (!decision.ok) return;
    for (const event of decision.events) {
      const revision = events.length;
      const at = new Date(Date.UTC(2025, 1, 14, 2, revision)).toISOString();
      const meta = { actor, at, commandId: `c${revision}`, prevHash: '', hash: `h${revision}` };
      const recorded = { ...event, id: `e${revision}`, revision, meta } as RecordedEvent;
      events.push(recorded);
      foldInPlace(state, [recorded]);
    }
  };
  for (const step of demoBoardSteps(fullNomenclature())) run(step.type, step.data);
  for (let i = 0; i < count; i++) {
    const programs = Object.values(state.programs);
    const program = pick(programs);
    const actor = pick(ACTORS);
    const columns = state.columns.map((c) => c.id);
    const r = random();
    if (r < 0.3) {
      run(
        'ReviseProgram',
        { programId: program.id, changes: { pagu: { [pick(PLAN_YEARS)]: Math.floor(random() * 1e9) } } },
        actor,
      );
    } else if (r < 0.4) {
      run(
        'ReviseProgram',
        {
          programId: program.id,
          changes: { notes: `catatan ${i}`, lokasi: random() < 0.5 ? ['Betung'] : [] },
        },
        actor,
      );
    } else if (r < 0.6) {
      run('MoveProgram', { programId: program.id, toColumnId: pick(columns) }, actor);
    } else if (r < 0.67) {
      const list = pick(Object.values(state.referenceLists).filter((l) => l.items.length > 0));
      run(
        random() < 0.6 ? 'TagProgram' : 'UntagProgram',
        { programId: program.id, listId: list.id, itemId: pick(list.items).id },
        actor,
      );
    } else if (r < 0.75) {
      run('CommentOnProgram', { programId: program.id, text: `komentar ${i}` }, actor);
    } else if (r < 0.82) {
      run(
        program.archived ? 'UnarchiveProgram' : 'ArchiveProgram',
        { programId: program.id, reason: 'uji' },
        actor,
      );
    } else if (r < 0.86) {
      if (state.activeMeeting) run('EndMeeting', { meetingId: state.activeMeeting.meetingId });
      else run('StartMeeting', { title: `Rapat ${i}` });
    } else if (r < 0.88) {
      run('MarkMilestone', { title: `Tonggak ${i}` });
    } else {
      const toRevision = Math.floor(random() * events.length);
      run(
        'RevertProgram',
        {
          programId: program.id,
          toRevision,
          parts: [pick(['pagu', 'notes', 'place'] as const)],
          reason: 'uji kembali',
        },
        actor,
      );
    }
  }
  return events;
}

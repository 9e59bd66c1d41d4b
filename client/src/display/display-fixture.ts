import {
  DEMO_BOARD_ID,
  GENESIS_HASH,
  chainEvents,
  decide,
  demoBoardSteps,
  foldInPlace,
  initialBoardState,
  parseCommand,
  testActors,
  type Actor,
  type BoardEvent,
  type BoardState,
  type RecordedEvent,
} from '@selaras/shared';

/**
 * For the display's tests: the demo board (programs, tags, columns, OPDs incl. the kecamatan) decided and
 * folded by the shared domain from the same commands the server seeds it with, all run by the
 * secretariat, at 10.00 WIB on the meeting day.
 */
export function demoBoard(): BoardState {
  const state = initialBoardState(DEMO_BOARD_ID);
  const actor = testActors.sekretariat;
  let ids = 0;
  const newId = () => `demo-${++ids}`;
  const at = '2025-02-14T03:00:00.000Z';
  for (const step of demoBoardSteps()) {
    const parsed = parseCommand(step.type, step.data);
    if (!parsed.success) throw new Error(`demo step ${step.type}: ${parsed.issues[0]?.message}`);
    const decision = decide(parsed.command, state, { actor, now: at, newId });
    if (!decision.ok) throw new Error(`demo step ${step.type}: ${decision.error.code}`);
    const previous = { revision: state.revision, hash: GENESIS_HASH };
    foldInPlace(state, chainEvents(decision.events, previous, { actor, at, commandId: newId() }, newId));
  }
  return state;
}

/** A recorded event as the socket delivers it (the hash chain does not matter to the display). */
export function recordedEvent(
  event: BoardEvent,
  revision: number,
  actor: Actor = testActors.dinkes,
  at = '2025-02-14T03:32:00.000Z',
): RecordedEvent {
  return {
    ...event,
    id: `e-${revision}`,
    revision,
    meta: { actor, at, commandId: `c-${revision}`, prevHash: GENESIS_HASH, hash: GENESIS_HASH },
  } as RecordedEvent;
}

import {
  type BoardEvent,
  type BoardState,
  type RecordedEvent,
  DEMO_BOARD_ID,
  GENESIS_HASH,
  chainEvents,
  decide,
  demoBoardSteps,
  foldInPlace,
  initialBoardState,
  parseCommand,
  testActors,
} from '@selaras/shared';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import { BoardWriter } from './board-writer';
import { RetryableError } from './command-outcome';

const PROGRAM = 'dinkes-1-02-02';

/** The demo board, decided step by step: a real board (and its owned state) for the writer to write on. */
function demoBoard(): { state: BoardState; head: RecordedEvent } {
  const state = structuredClone(initialBoardState(DEMO_BOARD_ID));
  let head: RecordedEvent | undefined;
  let n = 0;
  for (const step of demoBoardSteps(fullNomenclature())) {
    const parsed = parseCommand(step.type, step.data);
    if (!parsed.success) throw new Error(step.type);
    const decision = decide(parsed.command, state, {
      actor: testActors.sekretariat,
      now: '',
      newId: () => `d-${++n}`,
    });
    if (!decision.ok) throw new Error(step.type);
    const recorded = chainEvents(
      decision.events,
      { revision: state.revision, hash: head?.meta.hash ?? GENESIS_HASH },
      { actor: testActors.sekretariat, at: '', commandId: `seed-${n}` },
      () => crypto.randomUUID(),
    );
    foldInPlace(state, recorded);
    head = recorded[recorded.length - 1] ?? head;
  }
  return { state, head: head! };
}

const commented = (text: string): BoardEvent => ({
  type: 'ProgramCommented',
  data: { programId: PROGRAM, commentId: crypto.randomUUID(), text },
});

/** An append the test settles by hand. */
interface Call {
  events: RecordedEvent[];
  expected: number;
  settle: (error?: Error) => void;
}

function makeWriter() {
  const { state, head } = demoBoard();
  const calls: Call[] = [];
  const writer = new BoardWriter(
    DEMO_BOARD_ID,
    state,
    head.meta.hash,
    (events, expected) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ events, expected, settle: (error) => (error ? reject(error) : resolve()) });
      }),
  );
  return { writer, calls, head };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('BoardWriter', () => {
  it('has one append in flight; what is decided meanwhile goes as the next append, chained on it', async () => {
    const { writer, calls, head } = makeWriter();
    const first = writer.record([commented('satu')], testActors.sekretariat, 'c1');
    const second = writer.record([commented('dua')], testActors.dinkes, 'c2');
    const third = writer.record([commented('tiga')], testActors.disdik, 'c3');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.expected).toBe(head.revision);
    calls[0]!.settle();
    await first.durable;
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.expected).toBe(head.revision + 1);
    expect(calls[1]!.events.map((e) => e.meta.commandId)).toEqual(['c2', 'c3']);
    expect(calls[1]!.events[0]!.meta.prevHash).toBe(first.recorded[0]!.meta.hash);
    calls[1]!.settle();
    await Promise.all([second.durable, third.durable]);
    expect(writer.stale).toBe(false);
  });

  it('sends at most 500 events per append; the rest follow in the next one', async () => {
    const { writer, calls } = makeWriter();
    const many = Array.from({ length: 3 }, () => Array.from({ length: 300 }, (_, i) => commented(`${i}`)));
    const recorded = many.map((events, i) => writer.record(events, testActors.sekretariat, `big-${i}`));
    recorded.forEach((r) => r.durable.catch(() => undefined));
    expect(calls.map((c) => c.events.length)).toEqual([300]);
    calls[0]!.settle();
    await flush();
    expect(calls.map((c) => c.events.length)).toEqual([300, 300]);
    calls[1]!.settle();
    await flush();
    expect(calls.map((c) => c.events.length)).toEqual([300, 300, 300]);
    calls[2]!.settle();
    await Promise.all(recorded.map((r) => r.durable));
  });

  it('when an append fails, everything queued behind it fails too and nothing more is sent', async () => {
    const { writer, calls } = makeWriter();
    const first = writer.record([commented('satu')], testActors.sekretariat, 'c1');
    const second = writer.record([commented('dua')], testActors.sekretariat, 'c2');
    calls[0]!.settle(new Error('another server wrote the board first'));
    await expect(first.durable).rejects.toBeInstanceOf(RetryableError);
    await expect(second.durable).rejects.toBeInstanceOf(RetryableError);
    expect(writer.stale).toBe(true);
    const later = writer.record([commented('tiga')], testActors.sekretariat, 'c3');
    await expect(later.durable).rejects.toBeInstanceOf(RetryableError);
    await writer.settled();
    expect(calls).toHaveLength(1);
  });

  it('takes its own committed events off pending, folds another server’s in when idle, and goes stale when not', async () => {
    const { writer, calls, head } = makeWriter();
    const own = writer.record([commented('milik sendiri')], testActors.sekretariat, 'c1');
    calls[0]!.settle();
    await own.durable;
    writer.committed(own.recorded[0]!);
    expect(writer.pending).toEqual([]);
    const [foreign] = chainEvents(
      [commented('server lain')],
      { revision: head.revision + 1, hash: writer.headHash },
      { actor: testActors.dinkes, at: '', commandId: 'f1' },
      () => crypto.randomUUID(),
    );
    writer.committed(foreign!);
    expect([writer.head.revision, writer.headHash, writer.stale]).toEqual([
      foreign!.revision,
      foreign!.meta.hash,
      false,
    ]);
    writer.record([commented('dalam perjalanan')], testActors.sekretariat, 'c2');
    const [another] = chainEvents(
      [commented('server lain lagi')],
      { revision: foreign!.revision, hash: foreign!.meta.hash },
      { actor: testActors.dinkes, at: '', commandId: 'f2' },
      () => crypto.randomUUID(),
    );
    writer.committed(another!);
    expect(writer.stale).toBe(true);
  });

  it('finds the pending events after a base that touched given keys, as they are committed one by one', async () => {
    const { writer, calls, head } = makeWriter();
    const revise = (programId: string, notes: string): BoardEvent => ({
      type: 'ProgramRevised',
      data: { programId, changes: { notes }, before: { notes: '' } },
    });
    const other = Object.keys(writer.head.programs).find((id) => id !== PROGRAM)!;
    const notesOf = (id: string) => new Set([`program:${id}:notes`]);
    const a = writer.record([revise(PROGRAM, 'satu')], testActors.sekretariat, 'a');
    const b = writer.record([revise(other, 'dua')], testActors.sekretariat, 'b');
    const c = writer.record([revise(PROGRAM, 'tiga'), commented('juga')], testActors.sekretariat, 'c');
    const revisions = (found: RecordedEvent[]) => found.map((e) => e.revision);
    expect(revisions(writer.pendingTouching(notesOf(PROGRAM), head.revision))).toEqual([
      a.recorded[0]!.revision,
      c.recorded[0]!.revision,
    ]);
    expect(revisions(writer.pendingTouching(notesOf(other), head.revision))).toEqual([
      b.recorded[0]!.revision,
    ]);
    // After a base: only what came later. A key nobody touched: nothing.
    expect(revisions(writer.pendingTouching(notesOf(PROGRAM), a.recorded[0]!.revision))).toEqual([
      c.recorded[0]!.revision,
    ]);
    expect(writer.pendingTouching(new Set(['program:x:notes']), head.revision)).toEqual([]);
    // Committed in order: each leaves pending, and the keys of the rest still belong to their events.
    calls[0]!.settle();
    await a.durable;
    writer.committed(a.recorded[0]!);
    expect(revisions(writer.pendingTouching(notesOf(PROGRAM), head.revision))).toEqual([
      c.recorded[0]!.revision,
    ]);
    expect(revisions(writer.pendingTouching(notesOf(other), head.revision))).toEqual([
      b.recorded[0]!.revision,
    ]);
    calls[1]!.settle();
    await Promise.all([b.durable, c.durable]);
    writer.committed(b.recorded[0]!);
    expect(writer.pendingTouching(notesOf(other), head.revision)).toEqual([]);
    expect(revisions(writer.pendingTouching(notesOf(PROGRAM), head.revision))).toEqual([
      c.recorded[0]!.revision,
    ]);
    for (const event of c.recorded) writer.committed(event);
    expect(writer.pending).toEqual([]);
    expect(writer.pendingTouching(notesOf(PROGRAM), head.revision)).toEqual([]);
  });
});

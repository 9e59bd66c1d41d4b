/**
 * Test support for the editor's component specs (not part of the app bundle: only specs import it).
 *
 * A real BoardConnection needs a server, so the specs render the editor with this small stand-in of
 * the same shape (subscribe, getSnapshot, dispatch, setOpenProgram). It is not a mock of the rules:
 * dispatch runs the shared schema, `decide` and `evolve`, as BoardConnection does, and applies the
 * events at once (an instantly confirming server). It records every dispatch with its base revision,
 * and `others` applies a command as another person, the way their events arrive over the socket.
 */
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import {
  DEMO_BOARD_ID,
  decide,
  demoBoardSteps,
  evolve,
  initialBoardState,
  parseCommand,
  testActors,
  type Actor,
  type BoardState,
  type CommandType,
  type PresenceMember,
} from '@selaras/shared';
import type { Session } from '../api/session';
import { BoardUiContext, type BoardUi } from '../board/board-context';
import { I18nProvider } from '../i18n/i18n';
import type { BoardConnection, ConnectionSnapshot } from '../sync/board-connection';
import type { ProposeResult } from '../sync/board-sync';
import { ConnectionContext } from '../sync/use-connection';

export interface Dispatched {
  type: CommandType;
  data: unknown;
  baseRevision: number | undefined;
}

const demoActors: Record<string, Actor> = {
  sekretariat: testActors.sekretariat,
  dinkes: testActors.dinkes,
  disdik: testActors.disdik,
  putr: { id: 'u-putr', name: 'Operator Dinas PUTR', role: 'opd', opdId: 'putr' },
};

export class TestBoard {
  readonly dispatched: Dispatched[] = [];
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  private ids = 0;

  constructor(readonly actor: Actor = testActors.dinkes) {
    let state = initialBoardState(DEMO_BOARD_ID);
    for (const step of demoBoardSteps())
      state = this.apply(state, step.type, step.data, demoActors[step.username]!);
    this.snapshot = {
      loaded: true,
      loadError: null,
      view: state,
      confirmed: state,
      revision: state.revision,
      pending: [],
      status: 'online',
      presence: [],
      notices: [],
      lastEventAt: null,
    };
  }

  get state(): BoardState {
    return this.snapshot.view!;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  setOpenProgram(): void {}

  dispatch(type: CommandType, data: unknown, options: { baseRevision?: number } = {}): ProposeResult {
    const parsed = parseCommand(type, data);
    if (!parsed.success) {
      const first = parsed.issues[0]!;
      return {
        ok: false,
        error: { code: 'ValidationFailed', message: first.message, messageEn: first.messageEn },
        issues: parsed.issues,
      };
    }
    const decision = decide(parsed.command, this.state, this.context(this.actor));
    if (!decision.ok) return { ok: false, error: decision.error, issues: [] };
    this.dispatched.push({ type, data: parsed.command.data, baseRevision: options.baseRevision });
    this.publish(this.apply(this.state, type, data, this.actor));
    const commandId = `cmd-${this.ids}`;
    return {
      ok: true,
      pending: {
        commandId,
        type,
        data: parsed.command.data,
        baseRevision: options.baseRevision ?? this.snapshot.revision,
        createdAt: '2025-02-14T03:00:00.000Z',
        status: 'queued',
      },
    };
  }

  /** Another person's command, arriving as confirmed events (as if over the socket). */
  others(type: CommandType, data: unknown, actor: Actor = testActors.sekretariat): void {
    this.publish(this.apply(this.state, type, data, actor));
  }

  setPresence(presence: PresenceMember[]): void {
    this.snapshot = { ...this.snapshot, presence };
    for (const listener of this.listeners) listener();
  }

  private publish(state: BoardState): void {
    this.snapshot = { ...this.snapshot, view: state, confirmed: state, revision: state.revision };
    for (const listener of this.listeners) listener();
  }

  private context(actor: Actor) {
    return { actor, now: '2025-02-14T03:00:00.000Z', newId: () => `id-${++this.ids}` };
  }

  private apply(state: BoardState, type: CommandType, data: unknown, actor: Actor): BoardState {
    const parsed = parseCommand(type, data);
    if (!parsed.success) throw new Error(`${type}: ${parsed.issues[0]?.message}`);
    const decision = decide(parsed.command, state, this.context(actor));
    if (!decision.ok) throw new Error(`${type}: ${decision.error.message}`);
    let next = state;
    for (const event of decision.events)
      next = evolve(next, {
        ...event,
        revision: next.revision + 1,
        meta: { actor, at: '2025-02-14T03:00:00.000Z' },
      });
    return next;
  }
}

export function testSession(actor: Actor): Session {
  return {
    token: 'test',
    expiresAt: '2999-01-01T00:00:00.000Z',
    user: { ...actor, username: actor.id.replace(/^u-/, '') },
  };
}

/** Renders `ui` inside the language, connection and board contexts the editor reads. */
export function renderOnBoard(ui: ReactNode, board: TestBoard, options: { canEdit?: boolean } = {}) {
  const announced: string[] = [];
  const boardUi = {
    session: testSession(board.actor),
    canEdit: options.canEdit ?? (board.actor.role === 'opd' || board.actor.role === 'sekretariat'),
    announce: (text: string) => void announced.push(text),
    openProgram: () => {},
    dropCard: () => {},
    cancelDrag: () => {},
    focusAfterMove: { current: null },
    dnd: null as unknown as BoardUi['dnd'],
  } satisfies BoardUi;
  const result = render(
    <I18nProvider>
      <ConnectionContext.Provider value={board as unknown as BoardConnection}>
        <BoardUiContext.Provider value={boardUi}>{ui}</BoardUiContext.Provider>
      </ConnectionContext.Provider>
    </I18nProvider>,
  );
  return { ...result, announced };
}

import { act, fireEvent, render, screen, within } from '@testing-library/react';
import {
  NOMENCLATURE_2021_PROGRAMS,
  testActors,
  type CommandType,
  type RecordedEvent,
} from '@selaras/shared';
import type { Session } from '../api/session';
import { I18nProvider } from '../i18n/i18n';
import type { BoardConnection, ConnectionSnapshot } from '../sync/board-connection';
import { BoardSync } from '../sync/board-sync';
import { DomainServer } from '../sync/testing/domain-server';
import { ConnectionContext } from '../sync/use-connection';
import { BoardView } from './BoardView';
import { renderProbe } from './render-probe';

const session: Session = {
  token: 't',
  expiresAt: '2999-01-01T00:00:00.000Z',
  user: { ...testActors.dinkes, username: 'dinkes' },
};

/**
 * The connection's surface for the board UI, backed by the real BoardSync and the real domain rules.
 * The network half (HTTP, Socket.IO) is left out: a unit test has no server; the browser tests in
 * test/browser run the whole path.
 */
class LocalConnection {
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  readonly sent: Array<{ type: CommandType; data: unknown }> = [];

  constructor(readonly sync: BoardSync) {
    this.snapshot = {
      loaded: true,
      loadError: null,
      loadProgress: null,
      view: sync.view,
      confirmed: sync.confirmed,
      revision: sync.revision,
      pending: sync.pending,
      status: 'online',
      presence: [],
      notices: [],
      lastEventAt: null,
    };
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;
  dispatch(type: CommandType, data: unknown) {
    this.sent.push({ type, data });
    const result = this.sync.propose(type, data, crypto.randomUUID(), new Date().toISOString());
    this.publish();
    return result;
  }
  receive(events: RecordedEvent[]) {
    this.sync.receive(events);
    this.publish();
  }
  setOpenProgram() {}
  dismissNotice() {}
  resolveConflict() {}
  private publish() {
    const s = this.sync;
    this.snapshot = {
      ...this.snapshot,
      view: s.view,
      confirmed: s.confirmed,
      revision: s.revision,
      pending: s.pending,
    };
    for (const listener of this.listeners) listener();
  }
}

let codes: string[] = [];

function setUp() {
  const server = new DomainServer();
  // One code per card: the domain refuses the same program twice for one OPD.
  codes = [...NOMENCLATURE_2021_PROGRAMS.entries.keys()];
  for (let i = 0; i < 6; i++) {
    server.execute(testActors.dinkes, 'ProposeProgram', {
      programId: `kes-${i}`,
      code: codes[i]!,
      title: `Program Kesehatan ${i}`,
      opdId: 'dinkes',
    });
    server.execute(testActors.disdik, 'ProposeProgram', {
      programId: `pend-${i}`,
      code: codes[i + 6]!,
      title: `Program Pendidikan ${i}`,
      opdId: 'disdik',
    });
    server.execute(testActors.sekretariat, 'MoveProgram', {
      programId: `pend-${i}`,
      toColumnId: 'telaah-bappeda',
    });
  }
  const connection = new LocalConnection(new BoardSync(server.snapshot(), testActors.dinkes));
  render(
    <I18nProvider>
      <ConnectionContext.Provider value={connection as unknown as BoardConnection}>
        <BoardView connection={connection as unknown as BoardConnection} session={session} />
      </ConnectionContext.Provider>
    </I18nProvider>,
  );
  const renders: string[] = [];
  renderProbe.card = (id) => renders.push(id);
  return { server, connection, renders };
}

afterEach(() => {
  renderProbe.card = null;
});

const column = (id: string) => document.querySelector<HTMLElement>(`[data-column-id="${id}"]`)!;
const card = (id: string) => document.querySelector<HTMLElement>(`[data-program-id="${id}"]`)!;

describe('BoardView', () => {
  it('shows columns with counts, and cards with code, nomenklatur and OPD', () => {
    setUp();
    expect(within(column('usulan-opd')).getByTestId('column-count').textContent).toBe('6 program');
    expect(card('kes-0').getAttribute('aria-label')).toBe(`${codes[0]} Program Kesehatan 0, Dinkes`);
    expect(screen.getByTestId('filter-count').textContent).toBe('Menampilkan 12 dari 12 program');
  });

  it('a remote edit re-renders that one card, not the board', () => {
    const { server, connection, renders } = setUp();
    const answer = server.execute(testActors.disdik, 'ReviseProgram', {
      programId: 'pend-2',
      changes: { title: 'Judul baru' },
    });
    if (answer.status !== 200) throw new Error('expected 200');
    act(() => connection.receive(answer.events));
    expect(renders).toEqual(['pend-2']);
    expect(card('pend-2').textContent).toContain('Judul baru');
  });

  it('a remote move re-renders only cards of the two columns it touched', () => {
    const { server, connection, renders } = setUp();
    const answer = server.execute(testActors.sekretariat, 'MoveProgram', {
      programId: 'pend-5',
      toColumnId: 'ditunda',
    });
    if (answer.status !== 200) throw new Error('expected 200');
    act(() => connection.receive(answer.events));
    // The moved card, and the cards of the column it left (their "n of 6" became "n of 5").
    expect([...new Set(renders)].sort()).toEqual([
      'pend-0',
      'pend-1',
      'pend-2',
      'pend-3',
      'pend-4',
      'pend-5',
    ]);
    expect(within(column('ditunda')).getByTestId('column-count').textContent).toBe('1 program');
    expect(renders.filter((id) => id.startsWith('kes-'))).toEqual([]);
  });

  it('moves a card with the keyboard alone, announcing each step', () => {
    const { connection } = setUp();
    const target = card('kes-1');
    target.focus();
    fireEvent.keyDown(target, { key: ' ' });
    expect(screen.getByTestId('announcer').textContent).toMatch(
      /Program Kesehatan 1 diangkat\. Kolom Usulan OPD, posisi 2 dari 6/,
    );
    fireEvent.keyDown(target, { key: 'ArrowRight' });
    expect(screen.getByTestId('announcer').textContent).toMatch(/Kolom Telaah Bappeda, posisi 2 dari 7/);
    fireEvent.keyDown(target, { key: 'ArrowUp' });
    fireEvent.keyDown(target, { key: ' ' });
    expect(connection.sent).toEqual([
      { type: 'MoveProgram', data: { programId: 'kes-1', toColumnId: 'telaah-bappeda', beforeId: 'pend-0' } },
    ]);
    expect(screen.getByTestId('announcer').textContent).toMatch(
      /diletakkan di kolom Telaah Bappeda, posisi 1 dari 7/,
    );
    // Optimistic: the card is in its new column at once, and keeps the focus.
    expect(column('telaah-bappeda').contains(card('kes-1'))).toBe(true);
    expect(document.activeElement).toBe(card('kes-1'));
  });

  it('Escape cancels a keyboard move and sends nothing', () => {
    const { connection } = setUp();
    const target = card('kes-0');
    fireEvent.keyDown(target, { key: ' ' });
    fireEvent.keyDown(target, { key: 'ArrowDown' });
    fireEvent.keyDown(target, { key: 'Escape' });
    expect(connection.sent).toEqual([]);
    expect(screen.getByTestId('announcer').textContent).toMatch(/dibatalkan/);
  });

  it('lists archived programs and opens one to restore it', () => {
    const { server, connection } = setUp();
    const answer = server.execute(testActors.sekretariat, 'ArchiveProgram', {
      programId: 'kes-3',
      reason: 'Duplikat',
    });
    if (answer.status !== 200) throw new Error('expected 200');
    act(() => connection.receive(answer.events));
    expect(card('kes-3')).toBeNull();
    const button = screen.getByTestId('archive-toggle');
    expect(button.textContent).toBe('Arsip (1)');
    fireEvent.click(button);
    fireEvent.click(
      within(screen.getByTestId('archive-dialog')).getByRole('button', { name: /Program Kesehatan 3/ }),
    );
    expect(screen.queryByTestId('archive-dialog')).toBeNull();
    expect(screen.getByTestId('card-editor')).toBeTruthy();
  });
});

import { act, render, screen, within } from '@testing-library/react';
import { evolve, testActors, type BoardState, type RecordedEvent } from '@selaras/shared';
import { I18nProvider } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../sync/board-connection';
import { BoardSync } from '../sync/board-sync';
import { demoBoard, recordedEvent } from './display-fixture';
import { DisplayFeed } from './feed';
import { DisplayView } from './DisplayView';

/** The read half of a connection over a fixed board, fed events the way the socket would. */
class LocalSource {
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  constructor(board: BoardState) {
    this.snapshot = {
      loaded: true,
      loadError: null,
      view: board,
      confirmed: board,
      revision: board.revision,
      pending: [],
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
  set(board: BoardState) {
    this.snapshot = { ...this.snapshot, view: board, confirmed: board, revision: board.revision };
    for (const listener of this.listeners) listener();
  }
}

function renderDisplay(board = demoBoard()) {
  const source = new LocalSource(board);
  const feed = new DisplayFeed();
  const view = render(
    <I18nProvider>
      <DisplayView connection={source} feed={feed} />
    </I18nProvider>,
  );
  // The display renders once per animation frame: let one pass.
  const receive = (event: RecordedEvent) =>
    act(async () => {
      source.set(evolve(source.getSnapshot().view!, event));
      feed.receive([event]);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    });
  return { ...view, source, feed, receive };
}

afterEach(() => localStorage.clear());

describe('the meeting display', () => {
  it('shows every column and card, in Bahasa Indonesia, with nothing to click, type or drag', () => {
    const board = demoBoard();
    const { container } = renderDisplay(board);
    for (const column of board.columns) {
      const shown = container.querySelector(`[data-testid=column][data-column-id="${column.id}"]`)!;
      expect(shown).not.toBeNull();
      const cards = Array.from(shown.querySelectorAll('[data-testid=card]')).map((el) =>
        el.getAttribute('data-program-id'),
      );
      expect(cards).toEqual(column.programIds); // the demo columns fit on one page
    }
    expect(screen.getByText('Perubahan terakhir')).toBeTruthy();
    expect(screen.getByText('Data contoh: bukan data resmi')).toBeTruthy();
    // Read-only: no control a command could come from.
    expect(
      container.querySelectorAll(
        'button, input, select, textarea, a[href], [contenteditable], [draggable=true], [tabindex]',
      ),
    ).toHaveLength(0);
  });

  it('puts a remote change in its column, highlights it, and tells the room in words', async () => {
    const board = demoBoard();
    const { container, receive } = renderDisplay(board);
    await receive(
      recordedEvent(
        {
          type: 'ProgramMoved',
          data: {
            programId: 'dinkes-1-02-02',
            fromColumnId: 'selaras-asta-cita',
            toColumnId: 'disepakati',
            rank: 'zzz',
            fromRank: 'a',
          },
        },
        board.revision + 1,
      ),
    );
    const moved = container.querySelector('[data-column-id=disepakati] [data-program-id="dinkes-1-02-02"]')!;
    expect(moved.getAttribute('data-highlighted')).toBe('true');
    expect(screen.getByTestId('ticker-item').textContent).toBe(
      'Dinas Kesehatan memindahkan 1.02.02 PEMENUHAN UPAYA KESEHATAN… ke Disepakati · 10.32',
    );
    // The charts follow: Dinas Kesehatan now has one of its two programs agreed.
    const dinkes = within(screen.getByTestId('chart-agreed')).getByText('Dinkes').closest('li')!;
    expect(dinkes.getAttribute('data-agreed')).toBe('1');
    expect(dinkes.getAttribute('data-total')).toBe('2');
  });

  it('marks the coverage items no program supports and updates them when a program is tagged', async () => {
    const board = demoBoard();
    const { container, receive } = renderDisplay(board);
    const tile = (id: string) =>
      container.querySelector(`[data-testid=coverage-item][data-item-id="${id}"]`)!;
    const gaps = Array.from(container.querySelectorAll('[data-testid=coverage-item][data-unsupported=true]'));
    expect(gaps.length).toBeGreaterThan(0);
    const gap = gaps[0]!.getAttribute('data-item-id')!;
    const listId = gaps[0]!.closest('[data-list-id]')!.getAttribute('data-list-id')!;
    await receive(
      recordedEvent(
        { type: 'ProgramTagged', data: { programId: 'putr-1-03-10', listId, itemId: gap } },
        board.revision + 1,
        testActors.sekretariat,
      ),
    );
    expect(tile(gap).getAttribute('data-unsupported')).toBe('false');
    expect(tile(gap).getAttribute('data-count')).toBe('1');
  });

  it('shows the running meeting, its elapsed time and its changes when the board has one (issue 4)', () => {
    const board = demoBoard();
    const started = new Date(Date.now() - 75 * 60_000).toISOString();
    const withMeeting = {
      ...board,
      activeMeeting: {
        meetingId: 'm-1',
        title: 'Rapat Sinkronisasi 14 Februari',
        startedAt: started,
        startRevision: board.revision - 4,
      },
    } as BoardState;
    renderDisplay(withMeeting);
    const panel = screen.getByTestId('meeting');
    expect(panel.textContent).toContain('Rapat Sinkronisasi 14 Februari');
    expect(panel.textContent).toContain('1 jam 15 menit');
    expect(screen.getByTestId('meeting-changes').textContent).toBe('4 perubahan dalam rapat ini');
  });

  it('shows no meeting panel between meetings', () => {
    renderDisplay();
    expect(screen.queryByTestId('meeting')).toBeNull();
  });
});

describe('BoardSync.lastApplied (what the display is told)', () => {
  it('is the events the last receive folded in, in revision order, once', () => {
    const board = demoBoard();
    const sync = new BoardSync(board, testActors.layar);
    const event = (revision: number) =>
      recordedEvent(
        {
          type: 'ProgramCommented',
          data: { programId: 'dinkes-1-02-02', commentId: `k-${revision}`, text: 'x' },
        },
        revision,
      );
    const next = board.revision + 1;
    sync.receive([event(next + 1)]); // ahead of a gap: nothing folded yet
    expect(sync.lastApplied).toEqual([]);
    sync.receive([event(next), event(next + 1)]);
    expect(sync.lastApplied.map((e) => e.revision)).toEqual([next, next + 1]);
    sync.receive([event(next + 1)]); // a repeat
    expect(sync.lastApplied).toEqual([]);
  });
});

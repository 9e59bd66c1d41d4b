import { TextEncoder as NodeTextEncoder } from 'node:util';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import type { BoardUi } from '../board/board-context';
import { BoardUiContext } from '../board/board-context';
import { formatRupiah } from '../format/rupiah';
import { I18nProvider } from '../i18n/i18n';
import type { BoardConnection, ConnectionSnapshot } from '../sync/board-connection';
import { ConnectionContext } from '../sync/use-connection';
import { conflictOf, PROGRAM_ID, type Conflict, type Step } from './conflict-fixture';
import { ConflictCenter } from './ConflictCenter';

// jsdom has no TextEncoder; the shared hash chain (which the fixture's real events go through) needs it.
globalThis.TextEncoder ??= NodeTextEncoder as unknown as typeof TextEncoder;

const revise = (changes: Record<string, unknown>): Step => ({
  type: 'ReviseProgram',
  data: { programId: PROGRAM_ID, changes },
});
const key = (name: string) => `program:${PROGRAM_ID}:${name}`;

/** I renamed the program, wrote a note and set pagu 2026 and 2027; Bappeda meanwhile changed the title and 2026. */
const titleAndPagu = () =>
  conflictOf(
    revise({
      title: 'Program Imunisasi Dasar Lengkap',
      notes: 'Hasil musrenbang Betung',
      pagu: { '2026': 1_500_000_000, '2027': 1_600_000_000 },
    }),
    [revise({ title: 'Program Upaya Kesehatan Masyarakat', pagu: { '2026': 1_250_000_000 } })],
  );

/**
 * A unit test has no server, so the view gets a stand-in with BoardConnection's shape (subscribe,
 * getSnapshot, resolveConflict) holding a real 409 (made by the shared decide/fold and BoardSync in
 * conflict-fixture). resolveConflict is recorded and removes the command, as BoardSync.resolve does;
 * the browser tests exercise the real connection against a real server.
 */
function renderCenter(conflict: Conflict, options: { elsewhere?: ReactNode; later?: boolean } = {}) {
  // Only what the conflict view reads: the rest of the snapshot is the board's business.
  let snapshot: Pick<ConnectionSnapshot, 'view' | 'confirmed' | 'revision' | 'pending'> = {
    view: conflict.confirmed,
    confirmed: conflict.confirmed,
    revision: conflict.confirmed.revision,
    pending: options.later ? [] : [conflict.pending],
  };
  const listeners = new Set<() => void>();
  const publish = (pending: ConnectionSnapshot['pending']) => {
    snapshot = { ...snapshot, pending };
    for (const listener of listeners) listener();
  };
  const resolveConflict = jest.fn((commandId: string) =>
    publish(snapshot.pending.filter((p) => p.commandId !== commandId)),
  );
  const connection = {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    resolveConflict,
  } as unknown as BoardConnection;
  const announce = jest.fn();
  const ui = { announce } as unknown as BoardUi;
  render(
    <I18nProvider>
      <ConnectionContext.Provider value={connection}>
        <BoardUiContext.Provider value={ui}>
          <main id="main" tabIndex={-1}>
            {options.elsewhere}
            <ConflictCenter />
          </main>
        </BoardUiContext.Provider>
      </ConnectionContext.Provider>
    </I18nProvider>,
  );
  /** The 409 answer arrives (with `later`): the sync layer marks the command as a conflict. */
  const arrive = () => act(() => publish([conflict.pending]));
  return { resolveConflict, announce, arrive };
}

const field = (name: string) =>
  screen.getAllByTestId('conflict-field').find((el) => el.dataset.key === key(name))!;
const radio = (name: string, choice: 'mine' | 'theirs') =>
  field(name).querySelector<HTMLInputElement>(`input[data-choice="${choice}"]`)!;

/** What a person reads: the element's text with runs of white space as one space. */
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

beforeEach(() => localStorage.clear());

describe('ConflictCenter', () => {
  it('opens by itself and shows theirs (with who and when) beside mine, mine chosen by default', () => {
    renderCenter(titleAndPagu());
    expect(text(screen.getByTestId('conflict-banner'))).toContain(
      '1 perubahan Anda bentrok dengan perubahan orang lain — putuskan',
    );
    const view = screen.getByRole('dialog', { name: 'Perubahan Anda bentrok' });
    expect(view).toBe(screen.getByTestId('conflict-view'));
    expect(text(within(view).getByTestId('conflict-subject'))).toContain(
      '1.02.02 Program Upaya Kesehatan Masyarakat',
    );
    expect(screen.getAllByTestId('conflict-field').map((el) => el.dataset.key)).toEqual([
      key('title'),
      key('pagu.2026'),
    ]);
    const title = within(field('title'));
    expect(text(title.getByTestId('conflict-theirs'))).toContain('Program Upaya Kesehatan Masyarakat');
    expect(text(title.getByTestId('conflict-mine'))).toContain('Program Imunisasi Dasar Lengkap');
    expect(text(title.getByTestId('conflict-who'))).toContain(
      'diubah oleh Staf Perencanaan Bappeda (Bappeda) 14 Feb 2025 pukul 10.15 WIB',
    );
    const pagu = within(field('pagu.2026'));
    expect(pagu.getByTestId('conflict-theirs').textContent).toBe(formatRupiah(1_250_000_000, 'id'));
    expect(pagu.getByTestId('conflict-mine').textContent).toBe(formatRupiah(1_500_000_000, 'id'));
    expect((title.getByRole('radio', { name: 'Pakai versi saya' }) as HTMLInputElement).checked).toBe(true);
    expect((title.getByRole('radio', { name: 'Pakai versi mereka' }) as HTMLInputElement).checked).toBe(
      false,
    );
    expect(text(screen.getByTestId('conflict-also'))).toContain(
      'Juga akan disimpan: Pagu indikatif 2027, Catatan',
    );
  });

  it('applies per-field choices: theirs for the title, mine for pagu 2026, the rest kept', async () => {
    const user = userEvent.setup();
    const { resolveConflict, announce } = renderCenter(titleAndPagu());
    await user.click(radio('title', 'theirs'));
    expect(radio('title', 'theirs').checked).toBe(true);
    await user.click(screen.getByTestId('conflict-apply'));
    expect(resolveConflict).toHaveBeenCalledWith('cmd-mine', {
      type: 'ReviseProgram',
      data: {
        programId: PROGRAM_ID,
        changes: { notes: 'Hasil musrenbang Betung', pagu: { '2026': 1_500_000_000, '2027': 1_600_000_000 } },
      },
    });
    expect(announce).toHaveBeenCalledWith(
      'Pilihan untuk 1.02.02 Program Upaya Kesehatan Masyarakat diterapkan; perubahan yang Anda pertahankan dikirim.',
    );
    expect(screen.queryByTestId('conflict-view')).toBeNull();
    expect(screen.queryByTestId('conflict-banner')).toBeNull();
    expect(document.activeElement).toBe(document.getElementById('main'));
  });

  it('"all theirs" drops the command when nothing else was changed', async () => {
    const user = userEvent.setup();
    const { resolveConflict, announce } = renderCenter(
      conflictOf(revise({ title: 'Program Imunisasi Dasar Lengkap' }), [
        revise({ title: 'Program Upaya Kesehatan Masyarakat' }),
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Semua versi mereka' }));
    expect(text(screen.getByRole('status'))).toContain('tidak ada perubahan Anda yang dikirim');
    await user.click(screen.getByTestId('conflict-apply'));
    expect(resolveConflict).toHaveBeenCalledWith('cmd-mine', null);
    expect(announce).toHaveBeenCalledWith(expect.stringContaining('versi mereka dipakai'));
  });

  it('Escape decides later: the conflict stays pending and the banner reopens it', async () => {
    const user = userEvent.setup();
    const { resolveConflict } = renderCenter(titleAndPagu());
    await user.click(radio('pagu.2026', 'theirs'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('conflict-view')).toBeNull();
    expect(resolveConflict).not.toHaveBeenCalled();
    // It does not pop up again by itself; the banner keeps a way back.
    const reopen = screen.getByRole('button', { name: /^Putuskan: 1\.02\.02/ });
    expect(document.activeElement).toBe(reopen);
    await user.click(reopen);
    expect(screen.getByTestId('conflict-view').isConnected).toBe(true);
    expect(radio('pagu.2026', 'mine').checked).toBe(true);
  });

  it('opens over the card editor the save came from; "decide later" goes back to it', async () => {
    const user = userEvent.setup();
    // The editor stays open after a save, and the 409 arrives a moment later.
    const { arrive } = renderCenter(titleAndPagu(), {
      later: true,
      elsewhere: (
        <div role="dialog" aria-modal="true" aria-label="Editor" data-testid="card-editor">
          <button type="button">Simpan</button>
        </div>
      ),
    });
    const save = screen.getByRole('button', { name: 'Simpan' });
    save.focus();
    arrive();
    const view = screen.getByTestId('conflict-view');
    // Portalled to the end of <body>: it stacks above the editor, whatever the board renders after it.
    expect(document.body.lastElementChild?.contains(view)).toBe(true);
    expect(view.contains(document.activeElement)).toBe(true);
    await user.click(screen.getByTestId('conflict-later'));
    expect(screen.queryByTestId('conflict-view')).toBeNull();
    expect(document.activeElement).toBe(save);
  });

  it('speaks English when the interface does', async () => {
    localStorage.setItem('selaras:lang', 'en');
    renderCenter(titleAndPagu());
    await act(async () => {});
    const title = within(field('title'));
    expect((title.getByRole('radio', { name: 'Use theirs' }) as HTMLInputElement).checked).toBe(false);
    expect((title.getByRole('radio', { name: 'Use mine' }) as HTMLInputElement).checked).toBe(true);
    expect(text(title.getByTestId('conflict-who'))).toContain(
      'changed by Staf Perencanaan Bappeda (Bappeda) on 14 Feb 2025 at 10:15 WIB',
    );
    expect(screen.getByRole('button', { name: 'Apply choices' }).isConnected).toBe(true);
    expect(screen.getByRole('button', { name: 'Decide later' }).isConnected).toBe(true);
  });
});

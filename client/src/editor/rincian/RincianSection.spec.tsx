import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  NOMENCLATURE_2021_PROGRAMS,
  NOMENCLATURE_FULL_VERSION,
  nomenclatureByVersion,
  testActors,
} from '@selaras/shared';
import { CardEditor } from '../CardEditor';
import { renderOnBoard, TestBoard } from '../editor-test-board';

jest.setTimeout(30_000); // user-event typing is slow on a loaded 2-core machine

// Rendered with TestBoard (the shared rules over the demo board, see editor-test-board.tsx).
const FULL = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
const PROGRAM = 'dinkes-1-02-03';
const KEGIATAN = FULL.children!.get('1.02.03')!.find((c) => c.split('.')[3] === '2')!;
const SUB = FULL.children!.get(KEGIATAN)![0]!;

function open(board = new TestBoard(testActors.dinkes), programId = PROGRAM) {
  const view = renderOnBoard(<CardEditor programId={programId} onClose={() => {}} />, board);
  return { board, user: userEvent.setup(), tree: screen.getByTestId('rincian'), ...view };
}

describe('kegiatan and sub-kegiatan in the card editor', () => {
  it('adds a kegiatan with the keyboard through an ARIA combobox searching under the program', async () => {
    const { board, user, tree, announced } = open();
    const input = within(tree).getByRole('combobox', { name: /Kegiatan program 1\.02\.03/ });
    expect(input.getAttribute('aria-autocomplete')).toBe('list');
    await user.click(input);
    await user.keyboard(KEGIATAN.slice(0, -1));
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const listbox = document.getElementById(input.getAttribute('aria-controls')!)!;
    expect(listbox.getAttribute('role')).toBe('listbox');
    // Only kegiatan of this program are offered.
    const options = within(listbox).getAllByRole('option');
    for (const option of options) expect(option.textContent).toMatch(/^1\.02\.03\./);
    await user.keyboard('{ArrowDown}');
    const active = document.getElementById(input.getAttribute('aria-activedescendant')!)!;
    expect(active.getAttribute('aria-selected')).toBe('true');
    const chosen = active.textContent!.split(' ')[0]!;
    await user.keyboard('{Enter}');
    expect(board.dispatched.at(-1)).toMatchObject({
      type: 'AddKegiatan',
      data: { programId: PROGRAM, code: chosen },
    });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect((input as HTMLInputElement).value).toBe('');
    expect(announced.at(-1)).toContain(chosen);
    expect(within(tree).getByTestId('rincian-summary').textContent).toContain('1 kegiatan · 0 sub-kegiatan');
  });

  it('closes the list with Escape without closing the editor, then clears the field', async () => {
    const { user, tree } = open();
    const input = within(tree).getByRole('combobox', { name: /Kegiatan program/ });
    await user.click(input);
    await user.keyboard('1.02');
    await user.keyboard('{Escape}');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('card-editor')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect((input as HTMLInputElement).value).toBe('');
  });

  it("adds a sub-kegiatan with the decree's indicator, revises its pagu with the revision the form opened at, archives it", async () => {
    const board = new TestBoard(testActors.dinkes);
    board.others('AddKegiatan', { programId: PROGRAM, code: KEGIATAN }, testActors.dinkes);
    const { user, tree } = open(board);
    const kegiatan = within(tree).getByTestId('rincian-kegiatan');
    const input = within(kegiatan).getByRole('combobox');
    await user.click(input);
    await user.keyboard(SUB);
    await user.keyboard('{ArrowDown}{Enter}');
    const entry = FULL.entries.get(SUB)!;
    expect(board.dispatched.at(-1)).toMatchObject({
      type: 'AddSubKegiatan',
      data: {
        code: SUB,
        indicators: [{ kinerja: entry.kinerja, name: entry.indikator, unit: entry.satuan, targets: {} }],
      },
    });

    const openedAt = board.getSnapshot().revision;
    const sub = within(tree).getByTestId('rincian-sub');
    await user.click(within(sub).getByTestId('edit-sub'));
    const form = within(sub).getByTestId('rincian-form');
    expect(form.contains(document.activeElement)).toBe(true);
    // Someone else changes the board meanwhile: the base revision stays the one the form opened at.
    act(() => board.others('CommentOnProgram', { programId: PROGRAM, text: 'Mohon dilengkapi' }));
    await user.type(within(form).getByLabelText('Pagu 2026'), '750000000');
    await user.click(within(form).getByTestId('rincian-save'));
    expect(board.dispatched.at(-1)).toEqual({
      type: 'ReviseSubKegiatan',
      data: { programId: PROGRAM, code: SUB, changes: { pagu: { '2026': 750_000_000 } } },
      baseRevision: openedAt,
    });
    expect(within(tree).queryByTestId('rincian-form')).toBeNull();
    // The program's pagu is now the sum of its sub-kegiatan, and says so.
    const year = within(screen.getByTestId('pagu-sources')).getByText('2026').closest('tr')!;
    expect(year.getAttribute('data-source')).toBe('rincian');

    await user.click(
      within(sub).getByRole('button', { name: new RegExp(`Arsipkan ${SUB.replace(/\./g, '\\.')}`) }),
    );
    expect(board.dispatched.at(-1)).toMatchObject({ type: 'ArchiveSubKegiatan', data: { code: SUB } });
  });

  it('shows the tree read-only on another OPD’s program', () => {
    const { tree } = open(new TestBoard(testActors.disdik), 'dinkes-1-02-02');
    expect(within(tree).getAllByTestId('rincian-kegiatan').length).toBeGreaterThan(0);
    expect(within(tree).queryByRole('combobox')).toBeNull();
    expect(within(tree).queryByRole('button', { name: /Arsipkan/ })).toBeNull();
  });

  it('marks codes the board’s version no longer has, after the board moved to another one', () => {
    const board = new TestBoard(testActors.disdik);
    // Back to the early sample list, which has no kegiatan: the demo kegiatan stay, marked.
    board.others('ChangeNomenclature', { version: NOMENCLATURE_2021_PROGRAMS.version });
    const { tree } = open(board, 'dinkes-1-02-02');
    const marks = within(tree).getAllByTestId('missing-code');
    expect(marks.length).toBeGreaterThan(0);
    expect(marks[0]!.textContent).toContain(NOMENCLATURE_2021_PROGRAMS.version);
  });
});

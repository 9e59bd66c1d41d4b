import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testActors } from '@selaras/shared';
import { CardEditor } from './CardEditor';
import { renderOnBoard, TestBoard } from './editor-test-board';

// The editor is rendered with TestBoard: the connection's shape over the shared rules (see that file).
const ID = 'dinkes-1-02-02';

function open(board = new TestBoard(), options: { canEdit?: boolean } = {}) {
  const onClose = jest.fn();
  const view = renderOnBoard(<CardEditor programId={ID} onClose={onClose} />, board, options);
  return { board, onClose, user: userEvent.setup(), editor: screen.getByTestId('card-editor'), ...view };
}

jest.setTimeout(20_000); // typing through user-event is slow on a loaded 2-core machine

describe('the card editor', () => {
  it('is a modal dialog named by the card, with the focus inside it', () => {
    const { editor } = open();
    expect(editor.getAttribute('role')).toBe('dialog');
    expect(editor.getAttribute('aria-modal')).toBe('true');
    const heading = document.getElementById(editor.getAttribute('aria-labelledby')!)!;
    expect(heading.textContent).toContain('1.02.02');
    expect(heading.textContent).toContain('PROGRAM PEMENUHAN UPAYA KESEHATAN');
    expect(editor.contains(document.activeElement)).toBe(true);
  });

  it('closes on Escape and with the close button when nothing is unsaved', async () => {
    const { user, onClose } = open();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId('editor-close'));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('editor-close').getAttribute('aria-label')).toBe('Tutup');
  });

  it('asks before throwing away unsaved typing', async () => {
    const { user, onClose } = open();
    await user.type(screen.getByLabelText('Catatan'), ' Tambahan.');
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByTestId('editor-discard')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Lanjut menyunting' }));
    expect(screen.queryByTestId('editor-discard')).toBeNull();
    await user.click(screen.getByTestId('editor-close'));
    await user.click(screen.getByRole('button', { name: 'Buang dan tutup' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('saves one ReviseProgram with only the changed fields and years, based on the revision of the first edit', async () => {
    const { board, user } = open();
    const startedAt = board.getSnapshot().revision;
    await user.clear(screen.getByLabelText('Nomenklatur'));
    await user.type(screen.getByLabelText('Nomenklatur'), 'Program Kesehatan Masyarakat Banyuasin');
    // Another OPD's change arrives while this person is still typing.
    act(() => board.others('CommentOnProgram', { programId: ID, text: 'Dari Disdik.' }));
    expect(board.getSnapshot().revision).toBe(startedAt + 1);
    await user.type(screen.getByLabelText('Pagu 2026'), '1250000000');
    await user.tab();
    expect((screen.getByLabelText('Pagu 2026') as HTMLInputElement).value).toBe('1.250.000.000');
    await user.click(screen.getByTestId('editor-save'));

    expect(board.dispatched).toEqual([
      {
        type: 'ReviseProgram',
        data: {
          programId: ID,
          changes: { title: 'Program Kesehatan Masyarakat Banyuasin', pagu: { '2026': 1_250_000_000 } },
        },
        baseRevision: startedAt,
      },
    ]);
    expect(screen.getByTestId('editor-saved').textContent).toBe('Tersimpan');
    expect(board.state.programs[ID]!.title).toBe('Program Kesehatan Masyarakat Banyuasin');
    expect(screen.getByTestId('pagu-total').textContent).toMatch(/1\.250\.000\.000/);
  });

  it('shows another OPD’s change in untouched fields and keeps what the person typed in touched ones', async () => {
    const { board, user } = open();
    await user.type(screen.getByLabelText('Sumber dana'), 'APBD');
    act(() =>
      board.others('ReviseProgram', {
        programId: ID,
        changes: { notes: 'Catatan baru.', sumberDana: 'DAK' },
      }),
    );
    expect((screen.getByLabelText('Catatan') as HTMLTextAreaElement).value).toBe('Catatan baru.');
    expect((screen.getByLabelText('Sumber dana') as HTMLInputElement).value).toBe('APBD');
    expect(screen.getByText(/Diubah orang lain/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Pakai nilai terbaru' }));
    expect((screen.getByLabelText('Sumber dana') as HTMLInputElement).value).toBe('DAK');
  });

  it('sends nothing while a field is invalid, and says why next to it', async () => {
    const { board, user } = open();
    await user.type(screen.getByLabelText('Pagu 2027'), '12abc');
    await user.clear(screen.getByLabelText('Kode'));
    await user.type(screen.getByLabelText('Kode'), '1.02.99');
    await user.click(screen.getByTestId('editor-save'));
    expect(board.dispatched).toEqual([]);
    const pagu = screen.getByLabelText('Pagu 2027');
    expect(pagu.getAttribute('aria-invalid')).toBe('true');
    const describedBy = pagu.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)!.textContent).toMatch(/Rupiah utuh/);
    expect(screen.getAllByText(/tidak ada dalam daftar nomenklatur/).length).toBeGreaterThan(0);
    expect(screen.getByRole('alert').textContent).toMatch(/perbaiki 2 isian/);
    // Changing a field clears what was said about it.
    await user.clear(pagu);
    expect(pagu.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/perbaiki 1 isian/);
  });

  it('adds an indicator with targets per year', async () => {
    const { board, user } = open();
    await user.click(screen.getByRole('button', { name: /Tambah indikator/ }));
    expect(document.activeElement).toBe(screen.getByLabelText('Nama indikator'));
    await user.type(screen.getByLabelText('Nama indikator'), 'Cakupan imunisasi');
    await user.type(screen.getByLabelText('Satuan'), '%');
    await user.type(screen.getByLabelText('Baseline'), '80,5');
    await user.type(screen.getByLabelText('Target 2029'), '95');
    await user.click(screen.getByTestId('editor-save'));
    const sent = board.dispatched[0]!.data as { changes: { indicators: unknown[] } };
    expect(sent.changes.indicators).toEqual([
      {
        id: expect.stringMatching(/^ind-/),
        name: 'Cakupan imunisasi',
        unit: '%',
        baseline: 80.5,
        targets: { '2029': 95 },
      },
    ]);
  });

  it('tags and untags at once, and shows empty reference lists as such', async () => {
    const { board, user } = open();
    const astaCita = screen.getByTestId('tag-list-asta-cita');
    const ac4 = within(astaCita).getByRole('checkbox', { name: /AC 4/ }) as HTMLInputElement;
    expect(ac4.checked).toBe(true);
    await user.click(ac4);
    await user.click(within(astaCita).getByRole('checkbox', { name: /AC 6/ }));
    expect(board.dispatched.map((d) => [d.type, (d.data as { itemId: string }).itemId])).toEqual([
      ['UntagProgram', 'ac-4'],
      ['TagProgram', 'ac-6'],
    ]);
    expect(within(screen.getByTestId('tag-list-pro-rakyat')).getByText('Belum ada butir.')).toBeTruthy();
  });

  it('moves the card with the stage select', async () => {
    const { board, user, announced } = open();
    await user.selectOptions(screen.getByLabelText('Pindahkan ke tahap'), 'telaah-bappeda');
    expect(board.state.programs[ID]!.columnId).toBe('telaah-bappeda');
    expect(announced).toEqual(['Dipindahkan ke tahap Telaah Bappeda.']);
    // Later stages are Bappeda's to move into: an OPD sees them, cannot pick them.
    const agreed = screen.getByRole('option', { name: 'Disepakati' }) as HTMLOptionElement;
    expect(agreed.disabled).toBe(true);
  });

  it('lists comments and posts a new one', async () => {
    const { board, user } = open();
    expect(within(screen.getByTestId('comments')).getByText('Sekretariat Bappeda')).toBeTruthy();
    await user.type(screen.getByLabelText('Komentar baru'), 'Indikator menyusul minggu depan.');
    await user.click(screen.getByRole('button', { name: 'Kirim komentar' }));
    expect(board.dispatched.at(-1)).toMatchObject({
      type: 'CommentOnProgram',
      data: { programId: ID, text: 'Indikator menyusul minggu depan.' },
    });
    expect((screen.getByLabelText('Komentar baru') as HTMLTextAreaElement).value).toBe('');
    expect(within(screen.getByTestId('comments')).getByText('Indikator menyusul minggu depan.')).toBeTruthy();
  });

  it('archives after asking, shows the banner, and restores', async () => {
    const { board, user } = open();
    await user.click(screen.getByRole('button', { name: 'Arsipkan…' }));
    await user.type(screen.getByLabelText('Alasan (opsional)'), 'Digabung');
    await user.click(screen.getByRole('button', { name: 'Ya, arsipkan' }));
    expect(board.dispatched.at(-1)).toMatchObject({ type: 'ArchiveProgram', data: { reason: 'Digabung' } });
    expect(screen.getByTestId('archived-banner').textContent).toMatch(/Diarsipkan/);
    expect(screen.queryByTestId('editor-save')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Pulihkan' }));
    expect(board.state.programs[ID]!.archived).toBe(false);
  });

  it('shows who else has the card open', () => {
    const { board } = open();
    act(() =>
      board.setPresence([
        {
          userId: 'u-dinkes',
          name: 'Operator Dinas Kesehatan',
          role: 'opd',
          opdId: 'dinkes',
          openProgramId: ID,
          connections: 1,
        },
        {
          userId: 'u-disdik',
          name: 'Operator Dinas Pendidikan',
          role: 'opd',
          opdId: 'disdik',
          openProgramId: ID,
          connections: 1,
        },
      ]),
    );
    expect(screen.getByTestId('editor-presence').textContent).toMatch(
      /Juga dibuka oleh Operator Dinas Pendidikan \(Disdik\)$/,
    );
  });

  it('is read-only for an auditor: values shown, nothing to change', () => {
    open(new TestBoard(testActors.inspektorat));
    expect(screen.getByTestId('editor-readonly').textContent).toContain('1.02.02');
    expect(screen.queryAllByRole('textbox')).toEqual([]);
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(screen.queryAllByRole('combobox')).toEqual([]);
    expect(screen.queryByTestId('editor-save')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Kirim komentar' })).toBeNull();
    expect(screen.getByText(/Hanya baca/)).toBeTruthy();
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testActors } from '@selaras/shared';
import { renderOnBoard, TestBoard } from './editor-test-board';
import { ProposeDialog } from './ProposeDialog';

// Rendered with TestBoard: the connection's shape over the shared rules (see editor-test-board.tsx).
function open(board: TestBoard) {
  const onClose = jest.fn();
  const onProposed = jest.fn();
  renderOnBoard(<ProposeDialog onClose={onClose} onProposed={onProposed} />, board);
  return { board, onClose, onProposed, user: userEvent.setup() };
}

describe('the propose dialog', () => {
  it('proposes for the operator’s own OPD, filling the official name from the code', async () => {
    const { board, user, onProposed } = open(new TestBoard(testActors.dinkes));
    expect(document.activeElement).toBe(screen.getByLabelText('Kode'));
    const opd = screen.getByLabelText('OPD penanggung jawab') as HTMLSelectElement;
    expect(opd.disabled).toBe(true);
    expect(opd.value).toBe('dinkes');
    await user.type(screen.getByLabelText('Kode'), '1.06.05');
    expect((screen.getByLabelText('Nomenklatur') as HTMLInputElement).value).toBe(
      'PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL',
    );
    await user.click(screen.getByTestId('propose-submit'));

    expect(board.dispatched).toHaveLength(1);
    const sent = board.dispatched[0]!;
    const programId = (sent.data as { programId: string }).programId;
    expect(sent).toMatchObject({
      type: 'ProposeProgram',
      data: {
        code: '1.06.05',
        title: 'PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL',
        opdId: 'dinkes',
        columnId: 'usulan-opd',
      },
    });
    expect(programId).toMatch(/^[0-9a-f-]{36}$/);
    expect(onProposed).toHaveBeenCalledWith(programId);
    // The card shown at once carries the id the server will confirm.
    expect(board.state.programs[programId]!.opdId).toBe('dinkes');
  });

  it('rejects a code that is not in the board’s nomenclature list', async () => {
    const { board, user, onProposed } = open(new TestBoard(testActors.dinkes));
    await user.type(screen.getByLabelText('Kode'), '1.02.99');
    await user.type(screen.getByLabelText('Nomenklatur'), 'Program Karangan');
    await user.click(screen.getByTestId('propose-submit'));
    expect(board.dispatched).toEqual([]);
    expect(onProposed).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Kode').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Kode 1\.02\.99 tidak ada dalam daftar nomenklatur/)).toBeTruthy();
  });

  it('lets the secretariat choose any OPD, and shows a rule the board refuses', async () => {
    const { board, user } = open(new TestBoard(testActors.sekretariat));
    const opd = screen.getByLabelText('OPD penanggung jawab') as HTMLSelectElement;
    expect(opd.disabled).toBe(false);
    await user.type(screen.getByLabelText('Kode'), '1.02.02');
    await user.selectOptions(opd, 'dinkes');
    // Dinas Kesehatan has 1.02.02 on the demo board already.
    await user.click(screen.getByTestId('propose-submit'));
    expect(board.dispatched).toEqual([]);
    expect(screen.getByTestId('propose-error').textContent).toMatch(/sudah memiliki program 1\.02\.02/);
  });
});

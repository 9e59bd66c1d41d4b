import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nProvider } from '../i18n/i18n';
import { Dialog } from './Dialog';

function Page() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Buka
      </button>
      {open && (
        <Dialog title="Judul" onClose={() => setOpen(false)} testId="dialog">
          <input aria-label="Pertama" data-autofocus="" />
          <button type="button">Terakhir</button>
        </Dialog>
      )}
    </>
  );
}

describe('Dialog', () => {
  it('takes the focus, keeps Tab inside, closes on Escape and gives the focus back', async () => {
    const user = userEvent.setup();
    render(
      <I18nProvider>
        <Page />
      </I18nProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Buka' }));
    const dialog = screen.getByRole('dialog', { name: 'Judul' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Pertama'));

    await user.tab(); // the close button comes first in the panel, so: Pertama → Terakhir
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Terakhir' }));
    await user.tab(); // wraps to the first (the close button)
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Tutup' }));
    await user.tab({ shift: true }); // and back round to the last
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Terakhir' }));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Buka' }));
  });
});

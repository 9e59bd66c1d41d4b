// Signing in and out (demo account buttons and the form), where a sign-in lands (the page asked for,
// the board opened last, the only board, else the list), the board list, the board, and the language
// switch, in a real chromium against the real server.
import { expectNoSeriousA11yViolations } from './support/a11y';
import {
  BrowserHarness,
  DEMO_BOARD,
  column,
  expectNoPageErrors,
  openBoard,
  screenshot,
  waitForStatus,
} from './support/harness';

jest.setTimeout(30_000);

const BOARD_TITLE = 'Sinkronisasi Program Pembangunan Kabupaten Banyuasin 2025–2029';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

test('signs in with a demo account button, opens the board, signs out; then signs in with the form', async () => {
  const opened = await harness.newPage();
  const { page } = opened;

  // Signed out: the app sends everyone to the login page.
  await page.goto('/');
  await page.waitForURL(/\/masuk/);
  await page.getByRole('button', { name: 'Masuk sebagai Operator Dinas Kesehatan' }).click();

  // The demo server has one board: the sign-in goes straight to it (no list with nothing to choose).
  await page.waitForURL(`**/papan/${DEMO_BOARD}`);
  await page.getByTestId('current-user').getByText('Operator Dinas Kesehatan').waitFor();
  await page.locator('[data-testid=card]').first().waitFor();
  await waitForStatus(page, 'online');

  const server = await harness.boardFromServer();
  const columns = await page
    .locator('[data-testid=column]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-column-id')));
  expect(columns).toEqual(server.board.columns.map((c) => c.id));
  for (const col of server.board.columns) {
    await expect(column(page, col.id).getByTestId('column-count').textContent()).resolves.toBe(
      `${col.programIds.length} program`,
    );
    // The demo columns are short: every card is rendered, in board order.
    const shown = await column(page, col.id)
      .locator('[data-testid=card]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-program-id')));
    expect(shown).toEqual(col.programIds);
  }
  const first = server.board.programs[server.board.columns[0]!.programIds[0]!]!;
  await expect(
    page.locator(`[data-testid=card][data-program-id="${first.id}"]`).getAttribute('aria-label'),
  ).resolves.toContain(`${first.code} ${first.title},`);
  await expect(page.getByTestId('revision').textContent()).resolves.toBe(`Revisi ${server.revision}`);
  await screenshot(page, 'board');
  await expectNoSeriousA11yViolations(page, 'board');

  // The propose dialog (an OPD proposes for itself).
  await page.getByTestId('propose').click();
  await page.getByTestId('propose-dialog').waitFor({ state: 'visible' });
  await screenshot(page, 'propose-dialog');
  await expectNoSeriousA11yViolations(page, 'propose-dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('propose-dialog').waitFor({ state: 'hidden' });

  // The list of boards is one click away in the top bar, and opens the board again.
  await page.getByRole('navigation').getByRole('link', { name: 'Papan' }).click();
  await page.getByRole('heading', { name: 'Pilih papan' }).waitFor();
  await page.getByRole('link', { name: `Buka papan ${BOARD_TITLE}` }).click();
  await page.waitForURL(`**/papan/${DEMO_BOARD}`);
  await page.locator('[data-testid=card]').first().waitFor();

  // Signing out forgets the session: back to the login page, and the board asks again.
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(/\/masuk/);
  await expect(page.evaluate(() => localStorage.getItem('selaras:session'))).resolves.toBeNull();
  await page.goto(`/papan/${DEMO_BOARD}`);
  await page.waitForURL(/\/masuk\?next=/);

  // A wrong password is refused with a message, the right one signs in and returns to the board.
  await page.getByLabel('Nama pengguna').fill('disdik');
  await page.getByLabel('Kata sandi').fill('salah');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('alert').waitFor();
  expect(page.url()).toContain('/masuk');
  await page.getByLabel('Kata sandi').fill('selaras');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.waitForURL(`**/papan/${DEMO_BOARD}`);
  await page.getByTestId('current-user').getByText('Operator Dinas Pendidikan').waitFor();
  await page.locator('[data-testid=card]').first().waitFor();
  await waitForStatus(page, 'online');

  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(/\/masuk/);
  await page.getByRole('button', { name: 'Masuk sebagai Sekretariat Bappeda' }).waitFor();
  expectNoPageErrors(opened);
});

test('the language switch turns the interface into English and back', async () => {
  const opened = await harness.signedInPage('dinkes');
  const { page } = opened;
  await openBoard(page);
  const server = await harness.boardFromServer();
  const firstColumn = server.board.columns[0]!;
  const count = column(page, firstColumn.id).getByTestId('column-count');

  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
  await expect(page.getByTestId('connection').textContent()).resolves.toContain('Tersambung');
  await expect(count.textContent()).resolves.toBe(`${firstColumn.programIds.length} program`);

  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  await expect(page.getByTestId('connection').textContent()).resolves.toContain('Connected');
  await expect(page.getByTestId('revision').textContent()).resolves.toBe(`Revision ${server.revision}`);
  await expect(count.textContent()).resolves.toBe(`${firstColumn.programIds.length} programs`);
  await expect(page.getByTestId('current-user').textContent()).resolves.toContain(
    'Signed in as Operator Dinas Kesehatan',
  );
  await expect(page.getByRole('button', { name: 'Keluar' }).count()).resolves.toBe(0);
  await screenshot(page, 'board-english');
  await expectNoSeriousA11yViolations(page, 'board-english');

  // The choice survives a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  await page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }).click();
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
  await expect(page.getByTestId('revision').textContent()).resolves.toBe(`Revisi ${server.revision}`);
  await expect(count.textContent()).resolves.toBe(`${firstColumn.programIds.length} program`);

  // The login page has the switch too.
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await page.getByLabel('Username').waitFor();
  await page.getByRole('button', { name: 'Sign in as Operator Dinas Pendidikan' }).waitFor();
  expectNoPageErrors(opened);
});

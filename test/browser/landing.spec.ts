// Where a sign-in lands when there is a real choice of boards: the list the first time, the board the
// person opened last after that (remembered per person in this browser), and the page that sent
// them to the login. Accessibility of the login page and the board list (axe, no serious finding).
import { expectNoSeriousA11yViolations } from './support/a11y';
import {
  BrowserHarness,
  DEMO_BOARD,
  expectNoPageErrors,
  syntheticBoard,
  waitForStatus,
} from './support/harness';
import type { Page } from 'playwright-core';

jest.setTimeout(60_000);

const SECOND = 'sintetis-kecil';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start({ prepare: syntheticBoard(SECOND, 40) });
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill('selaras');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByLabel('Nama pengguna').waitFor();
}

test('two boards: the list first, then the board opened last, per person; a deep link wins', async () => {
  const opened = await harness.newPage();
  const { page } = opened;
  await page.goto('/');
  await page.waitForURL(/\/masuk/);
  await page.getByRole('button', { name: 'Masuk sebagai Sekretariat Bappeda' }).waitFor();
  await expectNoSeriousA11yViolations(page, 'login');
  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await page.getByRole('button', { name: 'Sign in as Sekretariat Bappeda' }).waitFor();
  await expectNoSeriousA11yViolations(page, 'login-english');
  await page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }).click();

  // First sign-in in this browser: a real choice, so the list.
  await signIn(page, 'sekretariat');
  await page.getByRole('heading', { name: 'Pilih papan' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.locator(`a[href="/papan/${SECOND}"]`).waitFor();
  await expectNoSeriousA11yViolations(page, 'board-list');
  await page.locator(`a[href="/papan/${SECOND}"]`).click();
  await page.locator('[data-testid=card]').first().waitFor();
  await waitForStatus(page, 'online');
  await signOut(page);

  // The next sign-in goes straight to the board opened last.
  await page.goto('/');
  await signIn(page, 'sekretariat');
  await page.waitForURL(`**/papan/${SECOND}`);
  await page.locator('[data-testid=card]').first().waitFor();
  await signOut(page);

  // Someone else in the same browser has not opened a board yet: the list for them.
  await page.goto('/');
  await signIn(page, 'dinkes');
  await page.getByRole('heading', { name: 'Pilih papan' }).waitFor();
  await page.locator(`a[href="/papan/${DEMO_BOARD}"]`).click();
  await page.locator('[data-testid=card]').first().waitFor();
  await signOut(page);

  // A link to a page wins over the board opened last.
  await page.goto(`/papan/${DEMO_BOARD}/audit`);
  await page.waitForURL(/\/masuk\?next=/);
  await signIn(page, 'sekretariat');
  await page.waitForURL(`**/papan/${DEMO_BOARD}/audit`);
  expectNoPageErrors(opened);
});

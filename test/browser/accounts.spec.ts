// The secretariat manages accounts and the projector's display link in the UI (issue 5); the new
// account logs in, the display link opens the board without a login, and revoking it ends it.
import { expectNoSeriousA11yViolations } from './support/a11y';
import { ApiClient } from '../support/api-client';
import { BrowserHarness, DEMO_BOARD, expectNoPageErrors, screenshot } from './support/harness';

jest.setTimeout(60_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

test('the secretariat creates an OPD account that can log in, then disables it', async () => {
  const admin = await harness.signedInPage('sekretariat');
  await admin.page.goto(`${harness.url}/akun`);
  const form = admin.page.getByRole('form', { name: 'Buat akun' });
  await form.getByLabel('Nama pengguna').fill('op.bpbd');
  await form.getByLabel('Nama', { exact: true }).fill('Operator BPBD');
  await form.getByLabel('Peran').selectOption('opd');
  await form.getByLabel('OPD').fill('bpbd');
  await form.getByLabel('Kata sandi awal (minimal 10 karakter)').fill('sandi-bpbd-2025');
  await form.getByRole('button', { name: 'Buat akun' }).click();
  await admin.page.getByText('Akun op.bpbd dibuat.').waitFor();
  const row = admin.page.locator('tr[data-username="op.bpbd"]');
  await row.waitFor();
  await screenshot(admin.page, 'accounts');
  await expectNoSeriousA11yViolations(admin.page, 'accounts');

  const operator = await ApiClient.login(harness.url, 'op.bpbd', 'sandi-bpbd-2025');
  expect(operator.user).toMatchObject({ role: 'opd', opdId: 'bpbd' });
  // Who granted it is on record.
  const events = await (
    await harness.api('sekretariat')
  ).get<Array<{ type: string; data: { username?: string } }>>('/api/accounts/events');
  expect(events.body.some((e) => e.type === 'AccountCreated' && e.data.username === 'op.bpbd')).toBe(true);

  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  await row.getByText('Nonaktif', { exact: true }).waitFor();
  await expect(ApiClient.login(harness.url, 'op.bpbd', 'sandi-bpbd-2025')).rejects.toThrow(/401/);
  expect((await operator.get('/api/boards')).status).toBe(401);
  expectNoPageErrors(admin);
});

test('a display link opens the projector view without a login, and revoking it ends it', async () => {
  const admin = await harness.signedInPage('sekretariat');
  await admin.page.goto(`${harness.url}/akun`);
  const linkForm = admin.page.getByRole('form', { name: 'Buat tautan' });
  await linkForm.getByLabel('Nama layar').fill('Layar Aula');
  await linkForm.getByRole('button', { name: 'Buat tautan' }).click();
  const shown = admin.page.getByTestId('new-display-link');
  await shown.waitFor();
  const url = (await shown.locator('code').innerText()).trim();
  expect(url).toContain(`/layar/${DEMO_BOARD}?tautan=`);

  const projector = await harness.newPage();
  await projector.page.goto(url);
  await projector.page
    .locator('[data-testid=display-card], [data-program-id]')
    .first()
    .waitFor({ timeout: 15_000 });
  expect(new URL(projector.page.url()).pathname).toBe(`/layar/${DEMO_BOARD}`);

  await admin.page.getByRole('button', { name: 'Cabut' }).first().click();
  await admin.page
    .getByText(/Dicabut/)
    .first()
    .waitFor();
  const res = await projector.page.request.get(`${harness.url}/api/boards/${DEMO_BOARD}`, {
    headers: { authorization: `Bearer ${new URL(url).searchParams.get('tautan')}` },
  });
  expect(res.status()).toBe(401);
  expectNoPageErrors(admin);
});

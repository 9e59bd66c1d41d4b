// The Content-Security-Policy against the real built client in Chromium: signing in, the board, a
// card's editor and a live change cause no violation, and the policy really is enforced (an injected
// inline script and inline style are refused and reported).
import type { Page } from 'playwright-core';
import {
  BrowserHarness,
  DEMO_BOARD,
  card,
  eventually,
  expectNoPageErrors,
  waitForStatus,
} from './support/harness';

jest.setTimeout(30_000);

declare global {
  interface Window {
    __cspViolations?: string[];
    __inlineRan?: boolean;
    __selarasPrefetch?: Record<string, unknown>;
  }
}

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

/** Every `securitypolicyviolation` the page reports, from the first script on. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
}

const violations = (page: Page) => page.evaluate(() => window.__cspViolations ?? []);

test('signing in, the board, a card editor and a live change raise no CSP violation', async () => {
  const opened = await harness.newPage();
  const { page } = opened;
  await recordViolations(page);
  const response = await page.goto('/');
  expect(await response?.headerValue('content-security-policy')).toContain("script-src 'self'");

  await page.waitForURL(/\/masuk/);
  await page.getByRole('button', { name: 'Masuk sebagai Operator Dinas Kesehatan' }).click();
  await page.waitForURL(`**/papan/${DEMO_BOARD}`); // the only board: straight there
  await page.locator('[data-testid=card]').first().waitFor({ state: 'visible' });
  await waitForStatus(page, 'online'); // the Socket.IO connection (connect-src ws:) is up

  await card(page, 'dinkes-1-02-02').click();
  await page.getByTestId('card-editor').waitFor({ state: 'visible' });
  // A change from someone else arrives over the socket and is painted.
  const sekretariat = await harness.api('sekretariat');
  const revision = await sekretariat.revision(DEMO_BOARD);
  await sekretariat.command(
    DEMO_BOARD,
    'CommentOnProgram',
    { programId: 'dinkes-1-02-02', text: 'Komentar saat uji CSP' },
    revision,
  );
  await page.getByText('Komentar saat uji CSP').first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();

  expect(await violations(page)).toEqual([]);
  expectNoPageErrors(opened);
});

test('the policy is enforced: injected inline script and style are refused and reported', async () => {
  const opened = await harness.signedInPage('disdik');
  const { page } = opened;
  await recordViolations(page);
  await page.goto(`/papan/${DEMO_BOARD}`);
  await page.locator('[data-testid=card]').first().waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const style = document.createElement('style');
    style.textContent = 'body { background: red }';
    document.head.append(style);
  });
  await expect(page.evaluate(() => window.__inlineRan ?? false)).resolves.toBe(false);
  await eventually(async () =>
    expect(await violations(page)).toEqual(
      expect.arrayContaining(['script-src-elem blocked inline', 'style-src-elem blocked inline']),
    ),
  );
  // Chromium also logs the refusals as console errors; those are the point of this test.
  opened.errors.length = 0;
});

test('a board opened by its address is downloaded once, started by the page’s own allowed inline script', async () => {
  const opened = await harness.signedInPage('disdik');
  const { page } = opened;
  await recordViolations(page);
  const requests: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/boards/') || pathname.startsWith('/api/nomenclature/'))
      requests.push(`${request.method()} ${pathname}`);
  });
  const response = await page.goto(`/papan/${DEMO_BOARD}`);
  // The policy names the inline script by its hash; 'unsafe-inline' is never granted.
  const policy = (await response?.headerValue('content-security-policy')) ?? '';
  expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(policy).not.toContain('unsafe-inline');
  await page.locator('[data-testid=card]').first().waitFor({ state: 'visible' });
  await waitForStatus(page, 'online');
  // The app took the answers the inline script asked for: the board and its nomenclature list once each.
  const version = await page.evaluate(async () => {
    const res = await fetch(location.pathname.replace('/papan/', '/api/boards/'), {
      headers: {
        Authorization: `Bearer ${(JSON.parse(localStorage.getItem('selaras:session')!) as { token: string }).token}`,
      },
    });
    return decodeURIComponent(res.headers.get('X-Nomenclature-Version') ?? '');
  });
  requests.pop(); // the check's own request just above
  expect(requests).toEqual([
    `GET /api/boards/${DEMO_BOARD}`,
    `GET /api/nomenclature/${encodeURIComponent(version)}`,
  ]);
  await expect(page.evaluate(() => Object.keys(window.__selarasPrefetch ?? {}))).resolves.toEqual([]);
  expect(await violations(page)).toEqual([]);
  expectNoPageErrors(opened);
});

test('a past revision (?at=) or no session starts no early download', async () => {
  const signedIn = await harness.signedInPage('inspektorat');
  await signedIn.page.goto(`/papan/${DEMO_BOARD}?at=3`);
  await expect(signedIn.page.evaluate(() => window.__selarasPrefetch === undefined)).resolves.toBe(true);
  const anonymous = await harness.newPage();
  await anonymous.page.goto(`/papan/${DEMO_BOARD}`);
  await anonymous.page.waitForURL(/\/masuk/);
  await expect(anonymous.page.evaluate(() => window.__selarasPrefetch === undefined)).resolves.toBe(true);
});

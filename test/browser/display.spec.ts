/// <reference lib="dom" />
// The meeting display (/layar/<board>) in real chromium at 1920×1080: it follows changes made through
// the API within a second (card in its new column, highlighted, a sentence in the ticker, charts
// updated), fits long columns without scrolling, catches up after a wake-up, and cannot send commands.
// Screenshots of the board, the highlight and the charts go to test/artifacts/.
import { expectNoSeriousA11yViolations } from './support/a11y';
import type { RecordedEvent } from '@selaras/shared';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  BrowserHarness,
  DEMO_BOARD,
  type OpenedPage,
  card,
  columnOf,
  eventually,
  expectNoPageErrors,
  screenshot,
  syntheticBoard,
} from './support/harness';

jest.setTimeout(60_000);

const FULL_HD = { width: 1920, height: 1080 };
const LONG_BOARD = 'sintetis-layar-panjang';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start({ prepare: syntheticBoard(LONG_BOARD, 300) });
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

/** The display account's page at 1920×1080 on /layar/<board>, loaded and online. */
async function openDisplay(boardId = DEMO_BOARD, username = 'layar'): Promise<OpenedPage> {
  const opened = await harness.signedInPage(username);
  await opened.page.setViewportSize(FULL_HD);
  await opened.page.goto(`/layar/${boardId}`);
  await opened.page.locator('[data-testid=display][data-status=online]').waitFor();
  await opened.page.locator('[data-testid=card]').first().waitFor();
  return opened;
}

const shownRevision = async (page: Page) =>
  Number(await page.getByTestId('display').getAttribute('data-revision'));

/**
 * Arms an observer in the page that resolves with the wall-clock time (ms since the epoch, the same
 * clock as this process's Date.now on one machine) of the frame after an element matches `selector`.
 * (A selector, not code: the server's Content-Security-Policy refuses eval in the page.)
 */
async function armShown(page: Page, selector: string): Promise<void> {
  await page.evaluate((css) => {
    const holds = () => document.querySelector(css) !== null;
    const w = window as unknown as { shownAt?: Promise<number> };
    w.shownAt = new Promise((resolve) => {
      const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
      if (holds()) return done();
      const observer = new MutationObserver(() => {
        if (!holds()) return;
        observer.disconnect();
        done();
      });
      observer.observe(document.body, {
        childList: true,
        subtree: true,
        attributes: true,
        characterData: true,
      });
    });
  }, selector);
}

const shownAt = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownAt: Promise<number> }).shownAt);

async function command(type: string, data: unknown, username = 'sekretariat', boardId = DEMO_BOARD) {
  const api = await harness.api(username);
  const base = await api.revision(boardId);
  const sentAt = performance.timeOrigin + performance.now();
  const res = await api.command<{ revision: number; events: RecordedEvent[] }>(boardId, type, data, base);
  return { ...res, sentAt };
}

test('signed out, /layar/<board> asks for a login and comes back to the full-screen display', async () => {
  const opened = await harness.newPage();
  const { page } = opened;
  await page.setViewportSize(FULL_HD);
  await page.goto(`/layar/${DEMO_BOARD}`);
  await page.waitForURL(
    (url) => url.pathname === '/masuk' && url.searchParams.get('next') === `/layar/${DEMO_BOARD}`,
  );
  await page.getByRole('button', { name: 'Masuk sebagai Layar Ruang Rapat' }).click();
  await page.waitForURL(`**/layar/${DEMO_BOARD}`);
  await page.locator('[data-testid=display][data-status=online]').waitFor();
  // Full screen: no top bar, nothing scrolls.
  await expect(page.locator('.topbar').count()).resolves.toBe(0);
  const overflow = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(overflow).toEqual(FULL_HD);
  await expect(page.getByRole('heading', { name: 'Perubahan terakhir' }).count()).resolves.toBe(1);
  expectNoPageErrors(opened);
});

test('a move through the API shows on the display within a second: new column, highlight, ticker', async () => {
  const opened = await openDisplay();
  const { page } = opened;
  const before = await harness.boardFromServer();
  await page.waitForTimeout(700);
  await screenshot(page, 'display-board');
  await expectNoSeriousA11yViolations(page, 'display');

  const from = before.board.columns.find((c) => c.id === 'selaras-asta-cita')!;
  const programId = from.programIds[0]!;
  const program = before.board.programs[programId]!;
  const latencies: number[] = [];

  // Five moves one after the other: every one must be on screen in under a second.
  const route = ['rancangan-awal', 'disepakati', 'rancangan-awal', 'selaras-asta-cita', 'disepakati'];
  for (const to of route) {
    await armShown(
      page,
      `[data-testid=column][data-column-id="${to}"] [data-program-id="${programId}"][data-highlighted]`,
    );
    const res = await command('MoveProgram', { programId, toColumnId: to });
    expect(res.status).toBe(200);
    const at = await shownAt(page);
    latencies.push(at - res.sentAt);
  }
  console.log(
    `API command → display shows the moved card (highlighted): ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`,
  );
  for (const latency of latencies) expect(latency).toBeLessThan(1000);

  expect(await columnOf(page, programId)).toBe('disepakati');
  await expect(card(page, programId).getAttribute('data-highlighted')).resolves.toBe('true');
  const line = await page.getByTestId('ticker-item').first().textContent();
  expect(line).toMatch(
    new RegExp(`^Bappeda memindahkan ${program.code} .+ ke Disepakati · \\d\\d\\.\\d\\d$`),
  );
  await page.waitForTimeout(800); // the glide (700 ms) has landed; the highlight lasts 5 s
  await screenshot(page, 'display-highlight');

  // The highlight goes after a few seconds; the card stays.
  await eventually(async () => {
    expect(await card(page, programId).getAttribute('data-highlighted')).toBeNull();
  }, 8000);
  expect(await shownRevision(page)).toBe(before.revision + route.length);
  expectNoPageErrors(opened);
});

test('the charts follow: a tag covers a mission no program supported, pagu shows in Rupiah per stage', async () => {
  const opened = await openDisplay();
  const { page } = opened;
  const before = await harness.boardFromServer();
  const gap = page.locator('[data-testid=coverage][data-list-id=asta-cita] [data-unsupported=true]').first();
  const itemId = (await gap.getAttribute('data-item-id'))!;
  const tile = page.locator(`[data-testid=coverage-item][data-item-id="${itemId}"]`);
  await expect(tile.getAttribute('aria-label')).resolves.toContain('belum ada program');
  const programId = before.board.columns.find((c) => c.id === 'usulan-opd')!.programIds[0]!;

  await armShown(page, `[data-testid=coverage-item][data-item-id="${itemId}"][data-unsupported=false]`);
  const tagged = await command('TagProgram', { programId, listId: 'asta-cita', itemId });
  expect(tagged.status).toBe(200);
  console.log(
    `API TagProgram → coverage tile supported: ${((await shownAt(page)) - tagged.sentAt).toFixed(0)} ms`,
  );
  await expect(tile.getAttribute('data-count')).resolves.toBe('1');

  // A pagu for the test (the demo board's real pagu are not known and stay empty): Rupiah per stage.
  await armShown(page, '[data-testid=chart-stages] [data-column-id=usulan-opd][data-pagu="3500000000"]');
  const revised = await command('ReviseProgram', {
    programId,
    changes: { pagu: { '2025': 1_500_000_000, '2026': 2_000_000_000 } },
  });
  expect(revised.status).toBe(200);
  console.log(
    `API ReviseProgram (pagu) → stage chart: ${((await shownAt(page)) - revised.sentAt).toFixed(0)} ms`,
  );
  // Intl writes Rupiah with no-break spaces.
  const text = async (selector: string) => (await page.locator(selector).textContent())?.replace(/\s/g, ' ');
  await expect(text('[data-testid=chart-stages] [data-column-id=usulan-opd]')).resolves.toContain('Rp 3,5 M');
  await expect(text('[data-column-id=usulan-opd] .dcol-pagu')).resolves.toBe('Rp 3,5 M');
  await page.waitForTimeout(900); // bars have grown (0.8 s transition)
  await page.screenshot({
    path: `${ARTIFACTS}/display-charts.png`,
    clip: { x: 0, y: 1080 - 420, width: 1920, height: 420 },
  });
  expectNoPageErrors(opened);
});

test('the display cannot send commands: nothing to operate, and its token is refused with 403', async () => {
  const opened = await openDisplay();
  const { page } = opened;
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') posts.push(`${request.method()} ${request.url()}`);
  });
  // Nothing a command could come from: no control, no focusable card, nothing draggable.
  const controls = await page
    .locator('button, input, select, textarea, a[href], [contenteditable], [draggable=true], [tabindex]')
    .count();
  expect(controls).toBe(0);
  // A person trying anyway: drag a card to another column, press keys on it.
  const before = await harness.boardFromServer();
  const programId = before.board.columns[0]!.programIds[0]!;
  const from = await card(page, programId).boundingBox();
  const to = await page.locator('[data-testid=column][data-column-id=disepakati]').boundingBox();
  await page.mouse.move(from!.x + 20, from!.y + 20);
  await page.mouse.down();
  await page.mouse.move(to!.x + 40, to!.y + 200, { steps: 10 });
  await page.mouse.up();
  await card(page, programId).click();
  for (const key of ['Space', 'ArrowRight', 'Space', 'Enter', 'Delete']) await page.keyboard.press(key);
  await page.waitForTimeout(500);
  expect(posts).toEqual([]);
  expect(await columnOf(page, programId)).toBe(before.board.columns[0]!.id);

  // And the server refuses the display's own token, appending nothing.
  const layar = await harness.api('layar');
  expect(layar.user.role).toBe('display');
  const refused = await layar.command(
    DEMO_BOARD,
    'MoveProgram',
    { programId, toColumnId: 'disepakati' },
    before.revision,
  );
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: 'Forbidden' });
  const after = await harness.boardFromServer();
  expect(after.revision).toBe(before.revision);
  expect(after.headHash).toBe(before.headHash);
  expect(await shownRevision(page)).toBe(before.revision);
  expectNoPageErrors(opened);
});

test('a long board fits the screen: cards condense, long columns page through, nothing scrolls', async () => {
  const opened = await openDisplay(LONG_BOARD);
  const { page } = opened;
  const board = page.getByTestId('display-board');
  await expect(board.getAttribute('data-density')).resolves.toBe('dense');
  const perPage = Number(await board.getAttribute('data-per-page'));
  const server = await harness.boardFromServer(LONG_BOARD);
  const longest = server.board.columns.reduce((a, c) => (c.programIds.length > a.programIds.length ? c : a));
  expect(longest.programIds.length).toBeGreaterThan(perPage);
  const indicator = page.locator(
    `[data-testid=column][data-column-id="${longest.id}"] [data-testid=column-page]`,
  );
  const pages = Math.ceil(longest.programIds.length / perPage);
  await expect(indicator.textContent()).resolves.toBe(`halaman 1/${pages}`);

  // Nothing scrolls and no card spills out of its column.
  const layout = await page.evaluate(() => {
    const spills: string[] = [];
    for (const col of Array.from(document.querySelectorAll<HTMLElement>('[data-testid=column]'))) {
      // Cards end above the column's bottom, and above its page indicator when it has one.
      const bottom = (col.querySelector('[data-testid=column-page]') ?? col).getBoundingClientRect()[
        col.querySelector('[data-testid=column-page]') ? 'top' : 'bottom'
      ];
      for (const el of Array.from(col.querySelectorAll<HTMLElement>('[data-testid=card]')))
        if (el.getBoundingClientRect().bottom > bottom + 0.5) spills.push(el.dataset.programId ?? '');
    }
    const font = parseFloat(getComputedStyle(document.querySelector('.dcard-code')!).fontSize);
    return {
      spills,
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      codeFontPx: font,
      bodyFontPx: parseFloat(
        getComputedStyle(document.querySelector('.dticker-text, .dpanel-empty')!).fontSize,
      ),
    };
  });
  expect(layout.spills).toEqual([]);
  expect(layout.scroll).toEqual([FULL_HD.width, FULL_HD.height]);
  expect(layout.codeFontPx).toBeGreaterThanOrEqual(20);
  expect(layout.bodyFontPx).toBeGreaterThanOrEqual(20);
  const firstPage = await page
    .locator(`[data-testid=column][data-column-id="${longest.id}"] [data-testid=card]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-program-id')));
  expect(firstPage).toEqual(longest.programIds.slice(0, perPage));
  await page.waitForTimeout(700); // the page's fade-in is over
  await screenshot(page, 'display-long-board');

  // The column rotates to its next page by itself.
  await indicator.filter({ hasText: `halaman 2/${pages}` }).waitFor({ timeout: 12_000 });
  const secondPage = await page
    .locator(`[data-testid=column][data-column-id="${longest.id}"] [data-testid=card]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-program-id')));
  expect(secondPage).toEqual(longest.programIds.slice(perPage, 2 * perPage));
  expectNoPageErrors(opened);
});

test('after a sleep that lost events, the display wakes up to the current board', async () => {
  // The socket stays up but the events the server sends while "asleep" never arrive, as when a laptop
  // sleeps through a change: nothing tells the page it missed something until it wakes up.
  let asleep = false;
  const opened = await harness.signedInPage('layar');
  const { page, context } = opened;
  await page.setViewportSize(FULL_HD);
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (asleep && String(message).startsWith('42["board:events"')) return;
      ws.send(message);
    });
  });
  await page.goto(`/layar/${DEMO_BOARD}`);
  await page.locator('[data-testid=display][data-status=online]').waitFor();
  await page.waitForTimeout(500);
  const before = await harness.boardFromServer();
  const programId = before.board.columns.find((c) => c.id === 'telaah-bappeda')!.programIds[0]!;

  asleep = true;
  const moved = await command('MoveProgram', { programId, toColumnId: 'selaras-visi-misi' });
  expect(moved.status).toBe(200);
  await page.waitForTimeout(1500);
  // Proof that the events were lost: the display still shows the old board.
  expect(await shownRevision(page)).toBe(before.revision);
  expect(await columnOf(page, programId)).toBe('telaah-bappeda');

  // The page does not run (the debugger holds it: no timer, no script, as in a laptop's sleep) for
  // longer than the wake-up gap, then comes back. (Page.setWebLifecycleState 'frozen' does not stop
  // the timers of a visible headless page.)
  const cdp = await context.newCDPSession(page);
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  await new Promise((r) => setTimeout(r, 13_000));
  asleep = false;
  const wokeAt = Date.now();
  await cdp.send('Debugger.resume');
  await cdp.send('Debugger.disable');

  await page
    .locator(`[data-testid=display][data-revision="${before.revision + 1}"]`)
    .waitFor({ timeout: 5000 });
  console.log(`after the wake-up the display showed the missed change in ${Date.now() - wokeAt} ms`);
  expect(await columnOf(page, programId)).toBe('selaras-visi-misi');
  await expect(card(page, programId).getAttribute('data-highlighted')).resolves.toBe('true');
  await expect(page.getByTestId('ticker-item').first().textContent()).resolves.toMatch(
    /^Bappeda memindahkan .+ ke Selaras Visi-Misi Bupati · \d\d\.\d\d$/,
  );
  expectNoPageErrors(opened);
});

test('a meeting started through the API shows in the header with its changes (when the server has meetings)', async () => {
  const opened = await openDisplay();
  const { page } = opened;
  const started = await command('StartMeeting', { title: 'Rapat Sinkronisasi Program 2025–2029' });
  if (started.status === 400 && JSON.stringify(started.body).includes('ValidationFailed')) {
    // Meetings are issue 4's: a server without them has nothing to show (the header has no panel).
    console.log('this server has no StartMeeting command: meeting panel not exercised');
    await expect(page.getByTestId('meeting').count()).resolves.toBe(0);
    return;
  }
  expect(started.status).toBe(200);
  const panel = page.getByTestId('meeting');
  await panel.waitFor({ timeout: 1000 });
  await expect(panel.textContent()).resolves.toContain('Rapat Sinkronisasi Program 2025–2029');
  await expect(page.getByTestId('meeting-changes').textContent()).resolves.toBe(
    '0 perubahan dalam rapat ini',
  );
  const before = await harness.boardFromServer();
  const programId = before.board.columns[0]!.programIds[0]!;
  expect((await command('MoveProgram', { programId, toColumnId: 'telaah-bappeda' })).status).toBe(200);
  await page
    .getByTestId('meeting-changes')
    .filter({ hasText: '1 perubahan dalam rapat ini' })
    .waitFor({ timeout: 1000 });
  await page.waitForTimeout(800); // the moved card has landed
  await screenshot(page, 'display-meeting');
  await expectNoSeriousA11yViolations(page, 'display-meeting');
  const meetingId = (await panel.getAttribute('data-meeting-id'))!;
  expect((await command('EndMeeting', { meetingId })).status).toBe(200);
  await panel.waitFor({ state: 'detached', timeout: 1000 });
  expectNoPageErrors(opened);
});

// Offline: A's changes wait (pending, status offline) while B keeps working; back online, both
// browsers converge to the server's board without a reload.
import type { Page } from 'playwright-core';
import {
  BrowserHarness,
  card,
  column,
  columnOf,
  expectConvergedWithServer,
  expectNoPageErrors,
  openBoard,
  pendingCount,
  pointerDrag,
  releasePointer,
  shownRevision,
  waitForStatus,
} from './support/harness';

jest.setTimeout(45_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

/** Keyboard move of a card one column to the right. */
async function moveRight(page: Page, programId: string): Promise<void> {
  await card(page, programId).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
}

test('moves made offline are sent on reconnect and both browsers converge to the server', async () => {
  // A is the OPD that owns the first card (PUTR) and moves it within the OPD stages; B is Bappeda, who
  // may move any card anywhere (the role matrix).
  const [a, b] = await Promise.all([harness.signedInPage('putr'), harness.signedInPage('sekretariat')]);
  await Promise.all([openBoard(a.page), openBoard(b.page)]);
  const before = await harness.boardFromServer();
  const cols = before.board.columns;
  const mineA = cols[0]!.programIds[0]!; // A moves it to column 2 while offline
  const mineB = cols[2]!.programIds[0]!; // B drags it to column 4 meanwhile
  const viaApi = cols[1]!.programIds.at(-1)!; // and someone renames this one through the API

  await a.context.setOffline(true);
  await waitForStatus(a.page, 'offline');
  const revisionA = await shownRevision(a.page);

  await moveRight(a.page, mineA);
  expect(await columnOf(a.page, mineA)).toBe(cols[1]!.id); // shown at once, optimistically
  await expect(pendingCount(a.page)).resolves.toBeGreaterThan(0);
  await expect(card(a.page, mineA).getByLabel('Menunggu dikirim').count()).resolves.toBe(1);

  await pointerDrag(b.page, mineB, cols[3]!.id);
  await releasePointer(b.page);
  const api = await harness.api('sekretariat'); // Bappeda may rename any program
  const renamed = await api.command(
    'banyuasin-2025-2029',
    'ReviseProgram',
    { programId: viaApi, changes: { title: 'Diganti lewat API saat A luring' } },
    before.revision,
  );
  expect(renamed.status).toBe(200);
  await expectConvergedWithServer(harness, b.page);

  // Still offline: A has seen none of it, and nothing of A's reached the server.
  await new Promise((r) => setTimeout(r, 300));
  expect(await shownRevision(a.page)).toBe(revisionA);
  expect(await columnOf(a.page, mineB)).toBe(cols[2]!.id);
  await waitForStatus(a.page, 'offline');
  expect((await harness.boardFromServer()).board.programs[mineA]!.columnId).toBe(cols[0]!.id);

  await a.context.setOffline(false);
  await waitForStatus(a.page, 'online');
  const server = await expectConvergedWithServer(harness, a.page);
  await expectConvergedWithServer(harness, b.page);
  expect(server.board.programs[mineA]!.columnId).toBe(cols[1]!.id);
  expect(server.board.programs[mineB]!.columnId).toBe(cols[3]!.id);
  expect(server.board.programs[viaApi]!.title).toBe('Diganti lewat API saat A luring');
  expect(server.revision).toBe(before.revision + 3);
  expect(await columnOf(b.page, mineA)).toBe(cols[1]!.id);
  await expect(column(a.page, cols[3]!.id).locator(`[data-program-id="${mineB}"]`).count()).resolves.toBe(1);
  expectNoPageErrors(a, b);
});

test('an edit made offline in the card editor is saved on reconnect; both browsers converge', async () => {
  // Both act on cards in Bappeda's stages, so both are secretariat people (two browsers, two sessions).
  const [a, b] = await Promise.all([
    harness.signedInPage('sekretariat'),
    harness.signedInPage('sekretariat'),
  ]);
  await Promise.all([openBoard(a.page), openBoard(b.page)]);
  const before = await harness.boardFromServer();
  const programId = before.board.columns[4]!.programIds[0]!;
  const otherId = before.board.columns[4]!.programIds[1]!;

  await a.context.setOffline(true);
  await waitForStatus(a.page, 'offline');
  await card(a.page, programId).click();
  const editor = a.page.getByTestId('card-editor');
  await editor.waitFor({ state: 'visible', timeout: 5000 });
  await editor.getByLabel('Nomenklatur', { exact: true }).fill('Disunting saat luring');
  await a.page.getByTestId('editor-save').click();
  await expect(pendingCount(a.page)).resolves.toBeGreaterThan(0);
  const close = a.page.getByTestId('editor-close');
  if (await close.isVisible()) await close.click();
  await expect(card(a.page, programId).getAttribute('aria-label')).resolves.toContain(
    'Disunting saat luring',
  );

  // Meanwhile B, online, moves another card of the same column.
  await pointerDrag(b.page, otherId, before.board.columns[5]!.id);
  await releasePointer(b.page);
  await expectConvergedWithServer(harness, b.page);

  await a.context.setOffline(false);
  await waitForStatus(a.page, 'online');
  const server = await expectConvergedWithServer(harness, a.page);
  await expectConvergedWithServer(harness, b.page);
  expect(server.board.programs[programId]!.title).toBe('Disunting saat luring');
  expect(server.board.programs[otherId]!.columnId).toBe(before.board.columns[5]!.id);
  await expect(card(b.page, programId).getAttribute('aria-label')).resolves.toContain(
    'Disunting saat luring',
  );
  expectNoPageErrors(a, b);
});

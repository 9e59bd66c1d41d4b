// Two OPDs edit the same card at once: the second save gets a 409 and the conflict view, where the
// person keeps theirs or mine per field; afterwards both browsers and the server agree.
import { expectNoSeriousA11yViolations } from './support/a11y';
import type { Page } from 'playwright-core';
import {
  BrowserHarness,
  card,
  expectConvergedWithServer,
  expectNoPageErrors,
  openBoard,
  pendingCount,
  screenshot,
  shownRevision,
} from './support/harness';

jest.setTimeout(45_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

async function openEditor(page: Page, programId: string) {
  await card(page, programId).click();
  const editor = page.getByTestId('card-editor');
  await editor.waitFor({ state: 'visible', timeout: 5000 });
  return editor;
}

test('a conflicting edit shows the conflict view; choosing per field converges both browsers and the server', async () => {
  // The card is Dinkes’s: its OPD and Bappeda may both edit it, so they are the two who collide.
  const [a, b] = await Promise.all([harness.signedInPage('dinkes'), harness.signedInPage('sekretariat')]);
  await Promise.all([openBoard(a.page), openBoard(b.page)]);
  const before = await harness.boardFromServer();
  const programId = before.board.columns[1]!.programIds[0]!;
  const original = before.board.programs[programId]!;

  // B opens the editor and types first (its base revision is the board as it is now)…
  const editorB = await openEditor(b.page, programId);
  await expect(editorB.getByLabel('Nomenklatur', { exact: true }).inputValue()).resolves.toBe(original.title);
  await editorB.getByLabel('Nomenklatur', { exact: true }).fill('Nomenklatur versi Disdik');
  await editorB.getByLabel('Catatan', { exact: true }).fill('Catatan versi Disdik');

  // …then A changes the same two fields and saves first.
  const editorA = await openEditor(a.page, programId);
  await editorA.getByLabel('Nomenklatur', { exact: true }).fill('Nomenklatur versi Dinkes');
  await editorA.getByLabel('Catatan', { exact: true }).fill('Catatan versi Dinkes');
  await editorA.getByLabel('Nomenklatur', { exact: true }).scrollIntoViewIfNeeded();
  await screenshot(a.page, 'card-editor');
  await expectNoSeriousA11yViolations(a.page, 'card-editor');
  await a.page.getByTestId('editor-save').click();
  const saved = await waitForServer(
    (p) => p.title === 'Nomenklatur versi Dinkes' && p.notes === 'Catatan versi Dinkes',
    programId,
  );
  expect(saved.revision).toBe(before.revision + 1);

  // B's board has A's change (its editor still holds what B typed); B saves: 409, the conflict view.
  await waitUntil(async () => (await shownRevision(b.page)) >= saved.revision, 'B to receive A’s revision');
  await b.page.getByTestId('editor-save').click();
  // The server said 409: the card is marked as needing a decision…
  await card(b.page, programId).getByLabel('Perlu keputusan: bentrok').waitFor();
  // …and the conflict view asks for it.
  const conflict = b.page.getByTestId('conflict-view');
  await conflict.waitFor({ state: 'visible', timeout: 5000 });
  await expect(conflict.getAttribute('role')).resolves.toBe('dialog');
  const title = conflict.locator('[data-testid=conflict-field][data-key$="title"]');
  const notes = conflict.locator('[data-testid=conflict-field][data-key$="notes"]');
  await expect(title.count()).resolves.toBe(1);
  await expect(notes.count()).resolves.toBe(1);
  // Each row shows both values.
  await expect(title.textContent()).resolves.toContain('Nomenklatur versi Dinkes');
  await expect(title.textContent()).resolves.toContain('Nomenklatur versi Disdik');
  await expect(notes.textContent()).resolves.toContain('Catatan versi Dinkes');
  await expect(notes.textContent()).resolves.toContain('Catatan versi Disdik');
  await screenshot(b.page, 'conflict-view');
  await expectNoSeriousA11yViolations(b.page, 'conflict-view');

  // Theirs (A) for the name, mine (B) for the notes.
  await title.locator('[data-choice=theirs]').check();
  await notes.locator('[data-choice=mine]').check();
  await b.page.getByTestId('conflict-apply').click();
  await conflict.waitFor({ state: 'hidden' });

  const resolved = await waitForServer(
    (p) => p.title === 'Nomenklatur versi Dinkes' && p.notes === 'Catatan versi Disdik',
    programId,
  );
  expect(resolved.revision).toBe(saved.revision + 1);
  await expectConvergedWithServer(harness, a.page);
  await expectConvergedWithServer(harness, b.page);
  expect(await pendingCount(b.page)).toBe(0);
  await expect(card(a.page, programId).getAttribute('aria-label')).resolves.toContain(
    'Nomenklatur versi Dinkes',
  );
  await expect(card(b.page, programId).getAttribute('aria-label')).resolves.toContain(
    'Nomenklatur versi Dinkes',
  );

  // A's editor, opened again, shows the notes B kept.
  const closeA = a.page.getByTestId('editor-close');
  if (await closeA.isVisible()) await closeA.click();
  const again = await openEditor(a.page, programId);
  await waitUntil(
    async () => (await again.getByLabel('Catatan', { exact: true }).inputValue()) === 'Catatan versi Disdik',
    'A’s editor to show B’s notes',
  );
  expectNoPageErrors(a, b);
});

/** Polls the server until the program satisfies `check`; returns it with the board revision. */
async function waitForServer(
  check: (program: { title: string; notes?: string | null }) => boolean,
  programId: string,
  timeoutMs = 10_000,
): Promise<{ revision: number; title: string; notes?: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = await harness.boardFromServer();
    const program = server.board.programs[programId]!;
    if (check(program)) return { revision: server.revision, title: program.title, notes: program.notes };
    if (Date.now() > deadline)
      throw new Error(
        `the server never got there: ${JSON.stringify({ title: program.title, notes: program.notes })}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

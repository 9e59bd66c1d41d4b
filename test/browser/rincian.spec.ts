/// <reference lib="dom" />
// Issue 11 in real Chromium: Dinas Kesehatan adds a kegiatan and a sub-kegiatan to its program through
// the card editor with the keyboard only (search as you type in a combobox, arrows, Enter), fills the
// sub-kegiatan's pagu, and Bappeda's browser sees the card's counts and pagu change live. Screenshots
// of the tree in the editor go to test/artifacts.
import { fullNomenclature } from '../../shared/src/testing/full-nomenclature.spec-helper';
import {
  BrowserHarness,
  card,
  eventually,
  expectConvergedWithServer,
  expectNoPageErrors,
  openBoard,
  screenshot,
} from './support/harness';

jest.setTimeout(60_000);

const FULL = fullNomenclature();
// Dinas Kesehatan's 1.02.03 has no kegiatan on the demo board; its first kab/kota kegiatan and sub.
const PROGRAM = 'dinkes-1-02-03';
const KEGIATAN = FULL.children!.get('1.02.03')!.find((c) => c.split('.')[3] === '2')!;
const SUB = FULL.children!.get(KEGIATAN)![0]!;

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 60_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

test('a kegiatan and a sub-kegiatan added with the keyboard show on another browser’s card at once', async () => {
  const [opd, bappeda] = await Promise.all([
    harness.signedInPage('dinkes'),
    harness.signedInPage('sekretariat'),
  ]);
  await Promise.all([openBoard(opd.page), openBoard(bappeda.page)]);
  const watched = card(bappeda.page, PROGRAM);
  await expect(watched.getByTestId('card-rincian').count()).resolves.toBe(0);

  // Dinas Kesehatan: focus the card, Enter opens the editor.
  const page = opd.page;
  await card(page, PROGRAM).focus();
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('card-editor');
  await editor.waitFor();
  const tree = editor.getByTestId('rincian');

  // The kegiatan picker: type part of the code, the list opens; ArrowDown, Enter adds it.
  const kegiatanInput = tree.getByRole('combobox', { name: /Kegiatan program 1\.02\.03/ });
  await kegiatanInput.focus();
  await page.keyboard.type(KEGIATAN);
  const listbox = tree.getByRole('listbox').first();
  await eventually(async () => expect(await kegiatanInput.getAttribute('aria-expanded')).toBe('true'));
  expect(await listbox.getByRole('option').first().textContent()).toContain(KEGIATAN);
  await page.keyboard.press('ArrowDown');
  expect(await kegiatanInput.getAttribute('aria-activedescendant')).toBeTruthy();
  await page.keyboard.press('Enter');
  const kegiatan = tree.locator(`[data-testid=rincian-kegiatan][data-code="${KEGIATAN}"]`);
  await kegiatan.waitFor();
  // The field empties and keeps the focus for the next one; a screen reader heard it was added.
  expect(await kegiatanInput.inputValue()).toBe('');
  await eventually(async () =>
    expect(await page.getByTestId('announcer').textContent()).toContain(`${KEGIATAN}`),
  );

  // The sub-kegiatan picker under the new kegiatan: by words this time.
  const subInput = kegiatan.getByRole('combobox', {
    name: new RegExp(`Sub-kegiatan ${KEGIATAN.replace(/\./g, '\\.')}`),
  });
  await subInput.focus();
  const words = FULL.entries.get(SUB)!.title.split(' ').slice(0, 2).join(' ');
  await page.keyboard.type(words);
  await eventually(async () => expect(await subInput.getAttribute('aria-expanded')).toBe('true'));
  // Down to the option of our code (words may match more than one).
  for (let i = 0; i < 50; i++) {
    await page.keyboard.press('ArrowDown');
    const active = await subInput.getAttribute('aria-activedescendant');
    if (active && (await page.locator(`#${active}`).textContent())?.includes(SUB)) break;
  }
  await page.keyboard.press('Enter');
  const sub = kegiatan.locator(`[data-testid=rincian-sub][data-code="${SUB}"]`);
  await sub.waitFor();
  // The decree's indicator came with it.
  if (FULL.entries.get(SUB)!.indikator) expect(await sub.textContent()).toContain('1 indikator');

  // Its form: Enter on "Ubah", the focus moves into the form; type the 2026 pagu, Enter saves.
  await sub.getByTestId('edit-sub').focus();
  await page.keyboard.press('Enter');
  const form = sub.getByTestId('rincian-form');
  await form.waitFor();
  expect(await form.evaluate((f) => f.contains(document.activeElement))).toBe(true);
  await form.getByLabel('Pagu 2026').focus();
  await page.keyboard.type('1250000000');
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'detached' });
  await eventually(async () =>
    expect(await tree.getByTestId('rincian-summary').textContent()).toContain('1 kegiatan · 1 sub-kegiatan'),
  );
  await eventually(async () => expect(await tree.getByTestId('pagu-sources').isVisible()).toBe(true));
  const year2026 = tree.locator('[data-testid=pagu-sources] tr[data-year="2026"]');
  expect(await year2026.getAttribute('data-source')).toBe('rincian');
  await kegiatan.scrollIntoViewIfNeeded();
  await screenshot(page, 'rincian-editor-tree');

  // Bappeda's board: the card's counts and its pagu (the sum of the sub-kegiatan) changed live.
  await eventually(
    async () => expect(await watched.getByTestId('card-rincian').textContent()).toBe('1 keg · 1 sub'),
    10_000,
  );
  await eventually(
    async () => expect(await watched.getByTestId('card-pagu').textContent()).toMatch(/1,25\s*M/),
    10_000,
  );
  expect(await watched.getAttribute('aria-label')).toContain('1 kegiatan, 1 sub-kegiatan');
  await screenshot(bappeda.page, 'rincian-board-live');

  // And the server holds exactly that.
  const server = await expectConvergedWithServer(harness, bappeda.page);
  const program = server.board.programs[PROGRAM]!;
  expect(program.kegiatan?.[KEGIATAN]?.subKegiatan[SUB]?.pagu).toEqual({ '2026': 1_250_000_000 });
  expectNoPageErrors(opd, bappeda);
});

test('the tree reads in the editor of someone who may not change it, and as it was at a past revision', async () => {
  const { page, errors } = await harness.signedInPage('disdik');
  await openBoard(page);
  // Dinas Kesehatan's program with its demo kegiatan: read-only for Dinas Pendidikan.
  await card(page, 'dinkes-1-02-02').click();
  const tree = page.getByTestId('card-editor').getByTestId('rincian');
  await tree.waitFor();
  expect(await tree.getByTestId('rincian-kegiatan').count()).toBeGreaterThan(0);
  expect(await tree.getByRole('combobox').count()).toBe(0);
  expect(await tree.getByRole('button', { name: /Arsipkan/ }).count()).toBe(0);
  await screenshot(page, 'rincian-editor-readonly');

  // Time travel: the same card as of the revision before its first kegiatan, then just after it.
  const events = (
    await (
      await harness.api()
    ).get<{ events: Array<{ type: string; revision: number; data: { programId?: string } }> }>(
      '/api/boards/banyuasin-2025-2029/events?after=-1&limit=1000',
    )
  ).body.events;
  const first = events.find((e) => e.type === 'KegiatanAdded' && e.data.programId === 'dinkes-1-02-02')!;
  for (const [at, count] of [
    [first.revision - 1, 0],
    [first.revision, 1],
  ] as const) {
    await page.goto(`/papan/banyuasin-2025-2029?at=${at}`);
    await card(page, 'dinkes-1-02-02').click();
    const past = page.getByTestId('card-editor').getByTestId('rincian');
    await past.waitFor();
    await eventually(async () => expect(await past.getByTestId('rincian-kegiatan').count()).toBe(count));
    expect(await past.getByRole('combobox').count()).toBe(0);
  }
  await screenshot(page, 'rincian-editor-past');
  expect(errors).toEqual([]);
});

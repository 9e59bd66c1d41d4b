/// <reference lib="dom" />
// Issue 11 in real Chromium, the secretariat's side: a board made on the early 28-program sample list
// (as an existing data directory has) moves to the full list after a preview of what is renamed; the
// OPD ↔ bidang mapping is edited, and an OPD proposing outside its bidang sees the warning before
// sending. Screenshots in test/artifacts.
import {
  DEFAULT_STAGES,
  NOMENCLATURE_2021_PROGRAMS,
  NOMENCLATURE_FULL_VERSION,
  type BoardResponse,
} from '@selaras/shared';
import {
  BrowserHarness,
  card,
  eventually,
  expectNoPageErrors,
  openBoard,
  screenshot,
} from './support/harness';

jest.setTimeout(60_000);

const OLD_BOARD = 'papan-lama';
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
  // A board as a data directory from before the full list holds it: the sample version.
  const api = await harness.api('sekretariat');
  const created = await api.command(
    OLD_BOARD,
    'CreateBoard',
    {
      boardId: OLD_BOARD,
      title: 'Papan dari rilis sebelumnya',
      sample: true,
      nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
      columns: DEFAULT_STAGES.slice(0, 3).map(({ id, title }) => ({ id, title })),
      opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
      referenceLists: [],
    },
    -1,
  );
  if (created.status !== 200) throw new Error(`CreateBoard → ${created.status}`);
  const proposed = await api.command(
    OLD_BOARD,
    'ProposeProgram',
    {
      programId: 'lama-1-02-02',
      code: '1.02.02',
      title: NOMENCLATURE_2021_PROGRAMS.entries.get('1.02.02')!.title,
      opdId: 'dinkes',
    },
    0,
  );
  if (proposed.status !== 200) throw new Error(`ProposeProgram → ${proposed.status}`);
}, 60_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

test('the secretariat moves an old board to the full list after a preview', async () => {
  const opened = await harness.signedInPage('sekretariat');
  const { page } = opened;
  await openBoard(page, OLD_BOARD);
  await page.getByTestId('open-nomenclature').click();
  const dialog = page.getByTestId('nomenclature-dialog');
  await dialog.getByLabel('Versi tujuan').selectOption(NOMENCLATURE_FULL_VERSION);
  const preview = dialog.getByTestId('nomenclature-preview');
  await preview.waitFor();
  // The sample's "Program Pemenuhan …" is written in capitals by the decree: one name changes.
  expect(await preview.textContent()).toContain('1 nama berubah');
  await screenshot(page, 'nomenclature-change-preview');
  await dialog.getByTestId('nomenclature-confirm').click();
  await eventually(async () => {
    const board = (await (await harness.api()).get<BoardResponse>(`/api/boards/${OLD_BOARD}`)).body.board;
    expect(board.nomenclatureVersion).toBe(NOMENCLATURE_FULL_VERSION);
  });
  await eventually(async () =>
    expect(await card(page, 'lama-1-02-02').getAttribute('aria-label')).toContain('PROGRAM PEMENUHAN'),
  );
  // The board is editable on the new list: its kegiatan can be added at once.
  await card(page, 'lama-1-02-02').click();
  expect(await page.getByTestId('rincian').getByRole('combobox').count()).toBeGreaterThan(0);
  expectNoPageErrors(opened);
});

test('the secretariat maps an OPD to its bidang; an OPD proposing outside it is warned before sending', async () => {
  const secretariat = await harness.signedInPage('sekretariat');
  await openBoard(secretariat.page);
  await secretariat.page.getByTestId('open-opd-bidang').click();
  const dialog = secretariat.page.getByTestId('opd-bidang-dialog');
  await dialog.getByLabel('OPD', { exact: true }).selectOption('disdik');
  await dialog.getByLabel('Saring bidang (kode atau nama)').fill('kebudayaan');
  await dialog.locator('input[data-code="2.22"]').check();
  await dialog.getByTestId('bidang-save').click();
  await eventually(async () =>
    expect((await harness.boardFromServer()).board.opdBidang?.disdik).toEqual(['1.01', '2.22']),
  );
  await screenshot(secretariat.page, 'opd-bidang-dialog');

  const opd = await harness.signedInPage('disdik');
  await openBoard(opd.page);
  await opd.page.getByTestId('propose').click();
  const propose = opd.page.getByTestId('propose-dialog');
  await propose.getByLabel('Kode', { exact: true }).fill('1.02.03');
  const warning = propose.getByTestId('bidang-warning');
  await eventually(async () => expect(await warning.textContent()).toContain('di luar bidang'));
  expect(await warning.getAttribute('role')).toBe('status');
  await screenshot(opd.page, 'propose-bidang-warning');
  // Inside its bidang: no warning.
  await propose.getByLabel('Kode', { exact: true }).fill('2.22.02');
  await eventually(async () => expect(await warning.textContent()).toBe(''));
  expectNoPageErrors(secretariat, opd);
});

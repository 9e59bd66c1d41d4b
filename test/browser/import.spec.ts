// The Impor page in real Chromium (issue 11 §3): a sample file from docs/contoh uploaded through the
// file input, the preview with its statuses and diff, confirm with progress, the result on the board;
// the mapping step for an unknown column; error rows named in words. Screenshots in test/artifacts.
import path from 'node:path';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { BrowserHarness, eventually, expectNoPageErrors, openBoard, screenshot } from './support/harness';
import { board, createRincianBoard } from '../support/import-fixture';

jest.setTimeout(120_000);

const SAMPLE = path.resolve(
  __dirname,
  '..',
  '..',
  'docs',
  'contoh',
  'CONTOH-impor-renstra-dinas-kesehatan.xlsx',
);
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

test('an OPD imports its Renstra sample from the board header: preview, confirm, the tree on the board', async () => {
  const boardId = 'impor-peramban';
  await createRincianBoard(await harness.api('sekretariat'), boardId);
  const opened = await harness.signedInPage('dinkes');
  const { page } = opened;
  await page.goto(`/papan/${boardId}`);
  await page.getByTestId('open-import').click();
  await page.waitForURL(`**/papan/${boardId}/impor`);
  await page.getByRole('heading', { name: 'Impor dari Excel atau CSV' }).waitFor();

  // The file input has a label (keyboard and screen readers reach it), like a drop zone around it.
  await page.getByLabel('File XLSX atau CSV').setInputFiles(SAMPLE);
  await page.getByText('CONTOH-impor-renstra-dinas-kesehatan.xlsx').waitFor();
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-preview').waitFor();
  const counts = await page.getByTestId('import-counts').textContent();
  expect(counts).toMatch(/^\d+ baris: \d+ baru, 0 berubah, 0 tetap, 0 bermasalah\./);
  const rows = Number(/^(\d+)/.exec(counts ?? '')![1]);
  // A sub-kegiatan row shows its pagu in Rupiah.
  await page
    .getByTestId('import-preview')
    .getByText(/Pagu 2026: belum diisi → Rp\s?\d/)
    .first()
    .waitFor();
  await page.getByTestId('import-preview').evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'import-preview');
  await expectNoSeriousA11yViolations(page, 'import-preview');

  const before = (await board(await harness.api('dinkes'), boardId)).revision;
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('import-result').textContent()).toContain('Impor selesai');
  await screenshot(page, 'import-result');
  await expectNoSeriousA11yViolations(page, 'import-result');
  const after = await board(await harness.api('dinkes'), boardId);
  expect(after.revision).toBeGreaterThan(before);
  const programs = Object.values(after.board.programs);
  expect(programs.length).toBeGreaterThan(0);
  expect(programs.every((p) => p.opdId === 'dinkes')).toBe(true);
  const items = programs.reduce(
    (n, p) =>
      n + 1 + Object.values(p.kegiatan ?? {}).reduce((m, k) => m + 1 + Object.keys(k.subKegiatan).length, 0),
    0,
  );
  expect(items).toBe(rows);

  // The same file again: nothing to do.
  await page.getByTestId('import-again').click();
  await page.getByTestId('import-preview').waitFor();
  await eventually(async () =>
    expect(await page.getByTestId('import-counts').textContent()).toContain(`${rows} tetap`),
  );
  await page.getByText('Tidak ada yang perlu diimpor').waitFor();
  expectNoPageErrors(opened);
});

test('the mapping step for an unknown column, and error rows said in words (English too)', async () => {
  const boardId = 'impor-peta';
  await createRincianBoard(await harness.api('sekretariat'), boardId);
  const opened = await harness.signedInPage('sekretariat');
  const { page } = opened;
  await page.goto(`/papan/${boardId}/impor`);
  await page.getByTestId('import-opd').selectOption('dinkes');
  const csv = [
    'Kode;Program/Kegiatan;Alokasi TA depan;Catatan rapat',
    '1.02.02;PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT;1.250.000.000;-',
    '1.02.03;PROGRAM PENINGKATAN KAPASITAS SUMBER DAYA MANUSIA KESEHATAN;Rp 1,25 M;usul baru',
  ].join('\n');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'rapat.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-mapping').waitFor();
  await page.getByLabel('Kolom C: Alokasi TA depan').selectOption('pagu.2026');
  // "Catatan rapat" was recognised (notes) and is listed, not asked about.
  expect(await page.getByLabel('Kolom D: Catatan rapat').count()).toBe(0);
  await page.getByText(/Dikenali: .*D Catatan/).waitFor();
  await screenshot(page, 'import-mapping');
  await expectNoSeriousA11yViolations(page, 'import-mapping');
  await page.getByTestId('import-apply-mapping').click();
  await page.getByTestId('import-preview').waitFor();
  // Rows with errors are shown first, named by row and column.
  const error = page.getByTestId('import-row-3');
  await error.getByText('Baris 3, kolom C (Alokasi TA depan): "Rp 1,25 M" memakai singkatan').waitFor();
  await page.getByTestId('import-preview').evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'import-preview-errors');
  await expectNoSeriousA11yViolations(page, 'import-preview-errors');
  expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
  await page.getByTestId('filter-new').check();
  await page.getByTestId('import-row-2').getByText('Rp 1.250.000.000').waitFor();

  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await page.getByTestId('filter-error').check();
  await page
    .getByTestId('import-row-3')
    .getByText('Row 3, column C (Alokasi TA depan): "Rp 1,25 M" is abbreviated')
    .waitFor();
  await page.getByTestId('import-skip').check();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
  const programs = Object.values((await board(await harness.api('sekretariat'), boardId)).board.programs);
  expect(programs.map((p) => [p.code, p.opdId, p.pagu['2026']])).toEqual([
    ['1.02.02', 'dinkes', 1_250_000_000],
  ]);
  expectNoPageErrors(opened);
});

test('readers see no Impor link, and the page tells them they cannot import', async () => {
  const opened = await harness.signedInPage('inspektorat');
  await openBoard(opened.page);
  expect(await opened.page.getByTestId('open-import').count()).toBe(0);
  await opened.page.goto('/papan/banyuasin-2025-2029/impor');
  await opened.page.getByText('Impor hanya untuk sekretariat dan OPD.').waitFor();
  expect(await opened.page.getByTestId('import-upload').count()).toBe(0);
});

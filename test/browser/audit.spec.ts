// The auditor's questions in a real browser: what did the board look like then (time travel), who
// changed this program and how (history), what changed between two points or in a meeting (compare),
// and every event newest first with a way to the board right after it (audit log).
import { expectNoSeriousA11yViolations } from './support/a11y';
import {
  BrowserHarness,
  DEMO_BOARD,
  card,
  columnOf,
  eventually,
  expectNoPageErrors,
  openBoard,
  screenshot,
} from './support/harness';

jest.setTimeout(60_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await BrowserHarness.start();
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(() => harness?.stop());

let meetings = 0;

/** A meeting in which Bappeda renames and moves one program; returns what the views should show. */
async function meetingWithChanges() {
  const meetingId = `rapat-uji-${++meetings}`;
  const api = await harness.api('sekretariat');
  const before = await harness.boardFromServer();
  const programId = before.board.columns[1]!.programIds[0]!;
  const program = before.board.programs[programId]!;
  let revision = before.revision;
  const run = async (type: string, data: unknown) => {
    const answer = await api.command(DEMO_BOARD, type, data, revision);
    expect([type, answer.status]).toEqual([type, 200]);
    revision = (answer.body as { revision: number }).revision;
  };
  await run('StartMeeting', { meetingId, title: 'Rapat sinkronisasi uji' });
  await run('ReviseProgram', { programId, changes: { title: `${program.title} (disepakati rapat)` } });
  await run('MoveProgram', { programId, toColumnId: 'disepakati' });
  await run('EndMeeting', { meetingId });
  return { programId, program, before, fromColumn: before.board.columns[1]!.id, revision, meetingId };
}

test('time travel: the slider shows the board as it was, read only, and "back to now" returns', async () => {
  const { programId, fromColumn, before } = await meetingWithChanges();
  const opened = await harness.signedInPage('inspektorat');
  await openBoard(opened.page);
  expect(await columnOf(opened.page, programId)).toBe('disepakati');

  await opened.page.getByTestId('open-time-travel').click();
  await opened.page.getByTestId('time-travel').waitFor();
  await opened.page.getByTestId('travel-slider').fill(String(before.revision));
  await opened.page.getByText(`revisi ${before.revision}`, { exact: false }).first().waitFor();
  await eventually(async () => expect(await columnOf(opened.page, programId)).toBe(fromColumn));
  expect(new URL(opened.page.url()).searchParams.get('at')).toBe(String(before.revision));
  // Read only in the past: no propose button, and the card does not lift.
  expect(await opened.page.getByTestId('propose').count()).toBe(0);
  await screenshot(opened.page, 'time-travel');
  await expectNoSeriousA11yViolations(opened.page, 'time-travel');

  // Playing folds the following events here: the card walks to where it is now.
  await opened.page.getByTestId('travel-play').click();
  await eventually(async () => expect(await columnOf(opened.page, programId)).toBe('disepakati'), 10_000);

  await opened.page.getByTestId('travel-now').click();
  await opened.page.getByTestId('time-travel').waitFor({ state: 'detached' });
  expect(new URL(opened.page.url()).searchParams.get('at')).toBeNull();
  expectNoPageErrors(opened);
});

test('program history: who changed what, field by field, with a link to the board at that point', async () => {
  const { programId, program } = await meetingWithChanges();
  const opened = await harness.signedInPage('inspektorat');
  await openBoard(opened.page);
  await card(opened.page, programId).click();
  const editor = opened.page.getByTestId('card-editor');
  await editor.waitFor();
  await editor.getByTestId('history').locator('summary').click();
  const entries = editor.getByTestId('history').locator('li[data-revision]');
  await entries.first().waitFor();
  const text = await editor.getByTestId('history').innerText();
  expect(text).toContain('Sekretariat Bappeda');
  expect(text).toContain(program.title);
  expect(text).toContain(`${program.title} (disepakati rapat)`);
  expect(text).toContain('Disepakati');
  await screenshot(opened.page, 'program-history');
  await expectNoSeriousA11yViolations(opened.page, 'program-history');
  expectNoPageErrors(opened);
});

test('compare and the meeting report list what moved and what was revised', async () => {
  const { programId, before, revision, meetingId } = await meetingWithChanges();
  const opened = await harness.signedInPage('sekretariat');
  await opened.page.goto(`${harness.url}/papan/${DEMO_BOARD}/banding?from=${before.revision}&to=${revision}`);
  const page = opened.page.getByTestId('compare-page');
  await page.getByTestId('compare-moved').waitFor();
  expect(await page.getByTestId('compare-moved').innerText()).toContain('Disepakati');
  expect(await page.getByTestId('compare-revised').innerText()).toContain('(disepakati rapat)');
  await screenshot(opened.page, 'compare');
  await expectNoSeriousA11yViolations(opened.page, 'compare');

  await opened.page.goto(`${harness.url}/papan/${DEMO_BOARD}/rapat/${meetingId}`);
  await opened.page.getByRole('heading', { name: /Laporan rapat: Rapat sinkronisasi uji/ }).waitFor();
  await opened.page.getByTestId('compare-moved').waitFor();
  expect(await opened.page.getByTestId('compare-moved').innerText()).toContain(
    (await harness.boardFromServer()).board.programs[programId]!.code,
  );
  await screenshot(opened.page, 'meeting-report');
  await expectNoSeriousA11yViolations(opened.page, 'meeting-report');
  expectNoPageErrors(opened);
});

test('audit log: newest first, filtered on the server, each row opens the board right after it', async () => {
  await meetingWithChanges();
  const opened = await harness.signedInPage('inspektorat');
  await opened.page.goto(`${harness.url}/papan/${DEMO_BOARD}/audit`);
  const table = opened.page.getByTestId('audit-table');
  await table.waitFor();
  const firstRow = table.locator('tbody tr').first();
  expect(await firstRow.innerText()).toMatch(/mengakhiri rapat Rapat sinkronisasi uji/);
  await opened.page.getByTestId('verify').click();
  await opened.page.getByTestId('verify-result').waitFor();
  expect(await opened.page.getByTestId('verify-result').innerText()).toMatch(/Rantai hash utuh/);

  await opened.page.goto(`${harness.url}/papan/${DEMO_BOARD}/audit?type=ProgramMoved`);
  await eventually(async () => {
    const rows = await opened.page.getByTestId('audit-table').locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/memindahkan/);
  });
  await screenshot(opened.page, 'audit-log');
  await expectNoSeriousA11yViolations(opened.page, 'audit-log');
  const revision = await opened.page
    .getByTestId('audit-table')
    .locator('tbody tr')
    .first()
    .getAttribute('data-revision');
  await opened.page.getByTestId('audit-table').locator('tbody tr a').first().click();
  await opened.page.getByTestId('time-travel').waitFor();
  expect(new URL(opened.page.url()).searchParams.get('at')).toBe(revision);
  expectNoPageErrors(opened);
});

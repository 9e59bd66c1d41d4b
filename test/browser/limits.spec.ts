/// <reference lib="dom" />
// The board in the browser past the per-user socket limits (issue 12): a join refused with
// TooManyRequests is sent again after its retryAfterSeconds and the board comes online by itself; a
// presence update refused the same way is sent again, with the card open by then, so the others end
// up seeing the right card. Tiny limits (a burst of 2, then one join every 20 s and one presence update
// every 4 s) make both happen within a test.
import type { PresenceMember } from '@selaras/shared';
import { type BoardSocket, join, waitFor } from '../support/api-client';
import { logged } from '../support/security-helpers';
import {
  BrowserHarness,
  DEMO_BOARD,
  card,
  expectNoPageErrors,
  openBoard,
  waitForStatus,
} from './support/harness';

jest.setTimeout(60_000);

let harness: BrowserHarness;
const sockets: BoardSocket[] = [];

beforeAll(async () => {
  harness = await BrowserHarness.start({
    env: {
      // One join every 20 s past the burst: the page's join comes well within that, even on a loaded machine.
      SELARAS_JOIN_RATE: '0.05',
      SELARAS_JOIN_BURST: '2',
      SELARAS_PRESENCE_RATE: '0.25',
      SELARAS_PRESENCE_BURST: '2',
    },
  });
}, 30_000);

afterEach(() => harness?.closeContexts());

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await harness?.stop();
});

test('a join refused for the rate comes online by itself after Retry-After', async () => {
  // The putr account's join budget is spent by two other connections of its own.
  const api = await harness.api('putr');
  const revision = await api.revision(DEMO_BOARD);
  for (let i = 0; i < 2; i++) {
    const socket = api.socket();
    sockets.push(socket);
    await join(socket, DEMO_BOARD, revision);
  }
  const opened = await harness.signedInPage('putr');
  const started = Date.now();
  await opened.page.goto(`/papan/${DEMO_BOARD}`);
  await card(opened.page, 'dinkes-1-02-02').waitFor({ state: 'visible' });
  await waitForStatus(opened.page, 'online', 40_000);
  // Not at once: the first join was refused and the client waited for the next token.
  expect(Date.now() - started).toBeGreaterThan(2000);
  await logged(harness.server, { event: 'joins.rate-limited', userId: api.user.id });
  expectNoPageErrors(opened);
});

test('a presence update refused for the rate is sent again: the others see the card open now', async () => {
  const watcher = (await harness.api('inspektorat')).socket();
  sockets.push(watcher);
  let members: PresenceMember[] = [];
  watcher.on('board:presence', (payload) => (members = payload.members));
  await join(watcher, DEMO_BOARD, -1);

  const dinkes = await harness.signedInPage('dinkes');
  const openerId = (await harness.api('dinkes')).user.id;
  await openBoard(dinkes.page);
  const openCard = () => members.find((m) => m.name.includes('Kesehatan'))?.openProgramId;
  // Two updates go through (open, close); the third (open another) is refused and retried.
  await card(dinkes.page, 'dinkes-1-02-02').click();
  await dinkes.page.getByTestId('card-editor').waitFor({ state: 'visible' });
  await waitFor(() => openCard() === 'dinkes-1-02-02', 10_000, 'the first card seen open');
  await dinkes.page.getByTestId('editor-close').click();
  await waitFor(() => openCard() === null, 10_000, 'the card seen closed');
  const board = await harness.boardFromServer();
  const other = board.board.columns
    .flatMap((c) => c.programIds)
    .find((id) => id !== 'dinkes-1-02-02' && board.board.programs[id]!.opdId === 'dinkes')!;
  await card(dinkes.page, other).click();
  await dinkes.page.getByTestId('card-editor').waitFor({ state: 'visible' });
  await waitFor(() => openCard() === other, 15_000, 'the second card seen open after the retry');
  // It was refused on the way (the retry is what brought it).
  await logged(harness.server, { event: 'presence.rate-limited', userId: openerId });
  expectNoPageErrors(dinkes);
});

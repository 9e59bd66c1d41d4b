import type { PresenceMember, SessionUser } from '@selaras/shared';
import pino from 'pino';
import { MemoryClusterState } from '../cluster/memory-cluster-state';
import { ANNOUNCE_EVERY_MS, BoardPresence } from './presence';

const user = (i: number): SessionUser => ({
  id: `u${i}`,
  username: `u${i}`,
  name: `Peserta ${i}`,
  role: 'opd',
  opdId: `opd-${i}`,
});

function setUp() {
  const sent: Array<{ at: number; boardId: string; members: PresenceMember[] }> = [];
  const presence = new BoardPresence(
    new MemoryClusterState().presence,
    (boardId, members) => sent.push({ at: performance.now(), boardId, members }),
    pino({ level: 'silent' }),
  );
  return { presence, sent };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a lone join is announced at once', async () => {
  const { presence, sent } = setUp();
  await presence.join('papan', 's1', user(1));
  expect(sent).toHaveLength(1);
  expect(sent[0]!.members.map((m) => m.userId)).toEqual(['u1']);
  presence.stop();
});

test('200 people joining at once cost a few announcements, and the last one names everybody', async () => {
  const { presence, sent } = setUp();
  const started = performance.now();
  await Promise.all(Array.from({ length: 200 }, (_, i) => presence.join('papan', `s${i}`, user(i))));
  // Every join has resolved only once an announcement including it was sent.
  expect(sent.at(-1)!.members).toHaveLength(200);
  const windows = Math.ceil((performance.now() - started) / ANNOUNCE_EVERY_MS) + 1;
  expect(sent.length).toBeLessThanOrEqual(windows + 1);
  expect(sent.length).toBeLessThan(20);
  presence.stop();
});

test('a change within the window is announced when it ends, boards apart', async () => {
  const { presence, sent } = setUp();
  await presence.join('a', 's1', user(1));
  await presence.join('b', 's2', user(2)); // another board: its own window
  expect(sent.map((s) => s.boardId)).toEqual(['a', 'b']);
  const leaving = presence.leave('a', 's1');
  await presence.join('a', 's3', user(3));
  await leaving;
  expect(sent.map((s) => s.boardId)).toEqual(['a', 'b', 'a']);
  expect(sent[2]!.members.map((m) => m.userId)).toEqual(['u3']);
  expect(sent[2]!.at - sent[0]!.at).toBeGreaterThanOrEqual(ANNOUNCE_EVERY_MS - 15);
  await sleep(ANNOUNCE_EVERY_MS + 10);
  await presence.open('a', 's3', 'program-1'); // after a quiet window: at once again
  expect(sent).toHaveLength(4);
  expect(sent[3]!.members[0]!.openProgramId).toBe('program-1');
  presence.stop();
});

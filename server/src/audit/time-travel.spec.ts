import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boardFrom, mulberry32 } from '@selaras/shared';
import pino from 'pino';
import { boardStream, toRecorded } from '../boards/recorded';
import type { AppConfig } from '../config/config';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { generateSyntheticBoard } from '../tools/synthetic-board';
import { verifyBoard } from './verify';
import { TimeTravel } from './time-travel';

describe('TimeTravel on a real store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-time-travel-'));
    store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite') });
    await generateSyntheticBoard(store, { boardId: 'sintetis', programs: 60, events: 3500 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const timeTravel = () =>
    new TimeTravel(
      store,
      { snapshotDir: path.join(dir, 'snapshots') } as AppConfig,
      pino({ level: 'silent' }),
    );

  it('the board at revision N is the fold of the first N + 1 events (random N)', async () => {
    const events = (await store.readStream(boardStream('sintetis'))).map(toRecorded);
    const travel = timeTravel();
    const random = mulberry32(17);
    const points = [0, 999, 1000, 1001, events.length - 1];
    for (let i = 0; i < 40; i++) points.push(Math.floor(random() * events.length));
    for (const n of points) {
      const past = await travel.boardAt('sintetis', n);
      expect(past.state).toEqual(boardFrom('sintetis', events.slice(0, n + 1)));
      expect(past.hash).toBe(events[n]!.meta.hash);
    }
  });

  it('a fold never changes the checkpoint it started from', async () => {
    const travel = timeTravel();
    const before = JSON.stringify((await travel.boardAt('sintetis', 2000)).state);
    await travel.boardAt('sintetis', 2999);
    await travel.boardAt('sintetis', 2500);
    expect(JSON.stringify((await travel.boardAt('sintetis', 2000)).state)).toBe(before);
  });

  it('a program as of a revision is a copy of that point', async () => {
    const travel = timeTravel();
    const program = await travel.programAt('sintetis', 'p1', 1500);
    const events = (await store.readStream(boardStream('sintetis'), { maxCount: 1501 })).map(toRecorded);
    expect(program).toEqual(boardFrom('sintetis', events).programs.p1);
    expect(await travel.programAt('sintetis', 'p59', 10)).toBeNull();
  });

  it('the verifier finds the chain intact and names its head', async () => {
    const [last] = await store.readStream(boardStream('sintetis'), { direction: 'backwards', maxCount: 1 });
    const verdict = await verifyBoard(store, 'sintetis');
    expect(verdict).toEqual({
      ok: true,
      revision: 3499,
      headHash: toRecorded(last!).meta.hash,
      events: 3500,
    });
  });

  it('the verifier says when the store is shorter than what the server recorded', async () => {
    const verdict = await verifyBoard(store, 'sintetis', { revision: 3600, hash: 'x' });
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3500 });
  });
});

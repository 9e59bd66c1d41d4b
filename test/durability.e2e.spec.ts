import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BoardResponse, RecordedEvent } from '@selaras/shared';
import { verifyChain } from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'putr-1-03-10';

async function allEvents(client: ApiClient): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const after = events.length - 1;
    const res = await client.get<{ revision: number; events: RecordedEvent[] }>(
      `/api/boards/${BOARD}/events?after=${after}&limit=1000`,
    );
    events.push(...res.body.events);
    if (events.length - 1 >= res.body.revision) return events;
  }
}

describe('durability', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    data = tempDataDir();
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    data.cleanup();
  });

  it('a restart gives the identical board and history', async () => {
    server = await startServer(data.dir);
    const putr = await ApiClient.login(server.url, 'putr');
    let base = await putr.revision(BOARD);
    for (let i = 0; i < 20; i++) {
      const res = await putr.command(
        BOARD,
        'ReviseProgram',
        { programId: PROGRAM, changes: { notes: `Versi ${i}` } },
        base,
      );
      base = (res.body as { revision: number }).revision;
    }
    const before = (await putr.get<BoardResponse>(`/api/boards/${BOARD}`)).body;
    const eventsBefore = await allEvents(putr);
    expect(await server.stop()).toBe(0);
    server = await startServer(data.dir);
    const again = await ApiClient.login(server.url, 'putr');
    expect((await again.get<BoardResponse>(`/api/boards/${BOARD}`)).body).toEqual(before);
    expect(await allEvents(again)).toEqual(eventsBefore);
  });

  it('after kill -9 in a burst, every acknowledged command is there exactly once and the chain holds', async () => {
    server = await startServer(data.dir);
    const putr = await ApiClient.login(server.url, 'putr');
    const start = await putr.revision(BOARD);
    const acknowledged = new Set<string>();
    const sent: string[] = [];
    let killed = false;
    // 8 writers send comments as fast as the server answers; the server is killed mid-burst.
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const commandId = randomUUID();
        sent.push(commandId);
        try {
          const res = await putr.command(
            BOARD,
            'CommentOnProgram',
            { programId: PROGRAM, text: `w${w}-${i}` },
            start,
            commandId,
          );
          if (res.status === 200) acknowledged.add(commandId);
        } catch {
          return; // connection dropped by the kill
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.kill();
    await Promise.all(writers);
    server = await startServer(data.dir);
    const again = await ApiClient.login(server.url, 'putr');
    const events = (await allEvents(again)).filter((e) => e.revision > start);
    const byCommand = new Map<string, number>();
    for (const e of events) byCommand.set(e.meta.commandId, (byCommand.get(e.meta.commandId) ?? 0) + 1);
    for (const id of acknowledged) expect(byCommand.get(id)).toBe(1);
    for (const count of byCommand.values()) expect(count).toBe(1);
    for (const id of byCommand.keys()) expect(sent).toContain(id);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    expect(verifyChain(await allEvents(again))).toMatchObject({ ok: true });
    // And the board still takes commands after the crash.
    const after = await again.command(
      BOARD,
      'CommentOnProgram',
      { programId: PROGRAM, text: 'Setelah crash' },
      await again.revision(BOARD),
    );
    expect(after.status).toBe(200);
  });

  it('SIGTERM in a burst: exits 0, every acknowledged command kept once, a snapshot written for a fast start', async () => {
    server = await startServer(data.dir);
    const putr = await ApiClient.login(server.url, 'putr');
    const start = await putr.revision(BOARD);
    const acknowledged = new Set<string>();
    let stopping = false;
    const writer = async (w: number) => {
      for (let i = 0; !stopping; i++) {
        const commandId = randomUUID();
        try {
          const res = await putr.command(
            BOARD,
            'CommentOnProgram',
            { programId: PROGRAM, text: `t${w}-${i}` },
            start,
            commandId,
          );
          if (res.status === 200) acknowledged.add(commandId);
        } catch {
          return; // the server stopped taking connections
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    while (acknowledged.size < 100) await new Promise((r) => setTimeout(r, 5));
    const exit = server.stop();
    stopping = true;
    expect(await exit).toBe(0);
    await Promise.all(writers);
    expect(readdirSync(path.join(data.dir, 'snapshots'))).toContain(`${BOARD}.json`);
    server = await startServer(data.dir);
    const again = await ApiClient.login(server.url, 'putr');
    const events = (await allEvents(again)).filter((e) => e.revision > start);
    const ids = events.map((e) => e.meta.commandId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acknowledged) expect(ids).toContain(id);
    expect(verifyChain(await allEvents(again))).toMatchObject({ ok: true });
  });
});

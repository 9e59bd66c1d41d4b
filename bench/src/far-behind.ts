import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '@selaras/server/dist/tools/synthetic-board';
import { type BenchResult, nowMs, percentile, sleep } from './harness';
import { getJson, login, postJson } from './http-client';
import { startSelaras } from './processes';

const BOARD = 'sintetis-jauh';
const PROGRAMS = 600;
const EVENTS = 25_000;
/** How far behind the head each command's baseRevision is. */
const BEHIND = 20_000;
/** Per phase; each command revises another program (p0…p599), so none conflicts. */
const COMMANDS = 300;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * One user sends commands whose baseRevision is 20,000 events behind the board (a client that was
 * offline all day, or a script): each must cost O(keys it touches), not O(events since its base), and
 * must not hold the event loop for everyone else. Measured, each against the same run with commands
 * based on the head: the command's latency, and /api/health's latency while they go.
 */
export async function farBehindBenchmarks(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-far-'));
  const store = new SqliteEventStore({ filename: path.join(dataDir, 'selaras.sqlite') });
  await generateSyntheticBoard(store, { boardId: BOARD, programs: PROGRAMS, events: EVENTS });
  await store.close();
  const server = await startSelaras(dataDir, { SELARAS_COMMAND_RATE: '0' });
  try {
    const url = server.url;
    const token = await login(url, 'sekretariat');
    let head = ((await getJson(`${url}/api/boards/${BOARD}`, token)) as { revision: number }).revision;
    const health = async (samples: number[]) => {
      const started = nowMs();
      await getJson(`${url}/api/health`, token);
      samples.push(nowMs() - started);
    };
    // Notes are a field the synthetic history never touches: every command merges (200).
    const command = async (i: number, base: number) => {
      const started = nowMs();
      const res = await postJson(
        `${url}/api/boards/${BOARD}/commands`,
        {
          commandId: randomUUID(),
          type: 'ReviseProgram',
          baseRevision: base,
          data: { programId: `p${i % PROGRAMS}`, changes: { notes: `Catatan ${i}` } },
        },
        token,
      );
      if (res.status !== 200) throw new Error(`far-behind bench: ${res.status} ${JSON.stringify(res.body)}`);
      head = (res.body as { revision: number }).revision;
      return nowMs() - started;
    };
    const idleHealth: number[] = [];
    for (let i = 0; i < 200; i++) {
      await health(idleHealth);
      await sleep(2);
    }
    /** One user sends `COMMANDS` commands while another client polls the health endpoint. */
    const phase = async (firstProgram: number, baseOf: () => number) => {
      const commands: number[] = [];
      const healthy: number[] = [];
      let sending = true;
      const poller = (async () => {
        while (sending) {
          await health(healthy);
          await sleep(2);
        }
      })();
      try {
        for (let i = 0; i < COMMANDS; i++) commands.push(await command(firstProgram + i, baseOf()));
      } finally {
        sending = false;
        await poller;
      }
      return { commands, healthy };
    };
    const atHead = await phase(0, () => head);
    // Programs the phase above did not touch: a note revised since the base would be a conflict.
    const behind = await phase(COMMANDS, () => head - BEHIND);
    return [
      {
        name: `command ${BEHIND.toLocaleString('en-US')} events behind its base (${EVENTS.toLocaleString('en-US')}-event board)`,
        figure: percentile(behind.commands, 50),
        unit: 'ms p50',
        raw: {
          name: 'the same commands based on the head',
          value: percentile(atHead.commands, 50),
          unit: 'ms p50',
        },
        details: {
          p95Ms: round(percentile(behind.commands, 95)),
          maxMs: round(Math.max(...behind.commands)),
          atHeadP95Ms: round(percentile(atHead.commands, 95)),
          commands: behind.commands.length,
        },
      },
      {
        name: '/api/health while one user sends those',
        figure: percentile(behind.healthy, 50),
        unit: 'ms p50',
        raw: {
          name: 'the same while they are based on the head',
          value: percentile(atHead.healthy, 50),
          unit: 'ms p50',
        },
        details: {
          p95Ms: round(percentile(behind.healthy, 95)),
          atHeadP95Ms: round(percentile(atHead.healthy, 95)),
          idleP50Ms: round(percentile(idleHealth, 50)),
        },
      },
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '@selaras/server/dist/tools/synthetic-board';
import { type BenchResult, nowMs, percentile } from './harness';
import { getJson, login, postJson } from './http-client';
import { startSelaras } from './processes';
import { rawSqliteInserts } from './raw-sqlite';

/** 64 clients as one user send thousands of commands a second: the per-user limit is turned off. */
const UNLIMITED = { SELARAS_COMMAND_RATE: '0' };

/**
 * Sustained durable commands over HTTP: `workers` concurrent clients, each sending its next command
 * as soon as the last one is acknowledged (acknowledged = durable: fsync'd by SQLite).
 */
async function sustained(
  server: { url: string; cpuMs(): number },
  board: string,
  programIds: string[],
  seconds: number,
  workers: number,
): Promise<{ perSecond: number; p99: number; errors: number; commands: number; cpuMsPerCommand: number }> {
  const { url } = server;
  const token = await login(url, 'sekretariat');
  let base = ((await getJson(`${url}/api/boards/${board}`, token)) as { revision: number }).revision;
  let done = 0;
  let errors = 0;
  const latencies: number[] = [];
  let measuring = false;
  let cpuAtStart = 0;
  const warmupEnd = nowMs() + 1000;
  const end = warmupEnd + seconds * 1000;
  const worker = async (w: number) => {
    for (let i = 0; nowMs() < end; i++) {
      const started = nowMs();
      const res = await postJson(
        `${url}/api/boards/${board}/commands`,
        {
          commandId: randomUUID(),
          type: 'CommentOnProgram',
          baseRevision: base,
          data: { programId: programIds[(w + i) % programIds.length], text: `Beban ${w}-${i}` },
        },
        token,
      );
      if (res.status === 200) base = Math.max(base, (res.body as { revision: number }).revision);
      else errors++;
      if (!measuring && nowMs() >= warmupEnd) {
        measuring = true;
        cpuAtStart = server.cpuMs();
      }
      if (measuring && nowMs() < end) {
        done++;
        latencies.push(nowMs() - started);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  // The server's own CPU per command: what a command costs, less sensitive to a busy machine than the rate.
  const cpuMsPerCommand = (server.cpuMs() - cpuAtStart) / done;
  return {
    perSecond: done / seconds,
    p99: percentile(latencies, 99),
    errors,
    commands: done,
    cpuMsPerCommand,
  };
}

export async function throughputBenchmarks(): Promise<BenchResult[]> {
  const raw = rawSqliteInserts(3);
  const results: BenchResult[] = [];
  // The demo board (22 programs), as in a kabupaten meeting.
  {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-tput-'));
    const server = await startSelaras(dataDir, UNLIMITED);
    try {
      const token = await login(server.url, 'sekretariat');
      const board = (await getJson(`${server.url}/api/boards/banyuasin-2025-2029`, token)) as {
        board: { programs: Record<string, unknown> };
      };
      const r = await sustained(server, 'banyuasin-2025-2029', Object.keys(board.board.programs), 5, 64);
      results.push({
        name: 'durable commands over HTTP (demo board, 64 clients)',
        figure: r.perSecond,
        unit: 'cmd/s',
        raw: { name: 'raw durable SQLite 1-row inserts', value: raw.perSecond, unit: 'rows/s' },
        goal: '≥ 2,000 cmd/s',
        pass: r.perSecond >= 2000,
        details: {
          p99LatencyMs: Math.round(r.p99 * 10) / 10,
          errors: r.errors,
          commands: r.commands,
          serverCpuMsPerCommand: Math.round(r.cpuMsPerCommand * 1000) / 1000,
          rawBatched100: Math.round(raw.batchedPerSecond),
        },
      });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  // A synthetic board of 5,000 programs: the per-command fold is heavier there.
  {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-tput5k-'));
    const store = new SqliteEventStore({ filename: path.join(dataDir, 'selaras.sqlite') });
    await generateSyntheticBoard(store, { boardId: 'sintetis-5000', programs: 5000, events: 10_000 });
    await store.close();
    const server = await startSelaras(dataDir, UNLIMITED);
    try {
      const ids = Array.from({ length: 5000 }, (_, i) => `p${i}`);
      const r = await sustained(server, 'sintetis-5000', ids, 5, 64);
      results.push({
        name: 'durable commands over HTTP (5,000-program board)',
        figure: r.perSecond,
        unit: 'cmd/s',
        raw: { name: 'raw durable SQLite 1-row inserts', value: raw.perSecond, unit: 'rows/s' },
        details: {
          p99LatencyMs: Math.round(r.p99 * 10) / 10,
          errors: r.errors,
          commands: r.commands,
          serverCpuMsPerCommand: Math.round(r.cpuMsPerCommand * 1000) / 1000,
        },
      });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '@selaras/server/dist/tools/synthetic-board';
import { mulberry32 } from '@selaras/shared';
import { type BenchResult, nowMs, percentile, sleep } from './harness';
import { login } from './http-client';
import { startSelaras } from './processes';

const EVENTS = 100_000;
const PROGRAMS = 5_000;
const BOARD = 'sintetis-100k';

/**
 * Time travel and the audit log on a generated 100k-event, 5,000-program board, HTTP end to end
 * (no gzip: the figure is the server's work plus the transfer on loopback), after the background
 * warm-up has built the audit index and the checkpoints. Raw figures from the same run: the live
 * board (the same payload without any fold) and a bare SQLite read of a page of events.
 */
export async function auditBenchmarks(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-audit-'));
  try {
    const store = new SqliteEventStore({ filename: path.join(dataDir, 'selaras.sqlite') });
    await generateSyntheticBoard(store, { boardId: BOARD, programs: PROGRAMS, events: EVENTS });
    await store.close();
    const server = await startSelaras(dataDir, {
      SELARAS_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret',
      // 55 folds in a row from one auditor: the per-user heavy-read limit would refuse most of them.
      SELARAS_AUDIT_RATE: '0',
    });
    try {
      const warm = await waitForWarm(server.logs);
      const token = await login(server.url, 'inspektorat');
      const get = (route: string) => getBytes(`${server.url}/api/boards/${BOARD}${route}`, token);
      const random = mulberry32(99);

      for (let i = 0; i < 5; i++) await get(`?at=${Math.floor(random() * EVENTS)}`); // JIT warm-up
      const travel: number[] = [];
      for (let i = 0; i < 50; i++)
        travel.push(await timed(() => get(`?at=${Math.floor(random() * EVENTS)}`)));
      const live: number[] = [];
      for (let i = 0; i < 20; i++) live.push(await timed(() => get('')));

      const pages: number[] = [];
      const types = ['ProgramRevised', 'ProgramMoved', 'ProgramCommented'];
      const opds = ['dinkes', 'disdik', 'putr', 'bappeda', 'bpbd'];
      for (let i = 0; i < 200; i++) {
        const q = new URLSearchParams({ limit: '100' });
        if (random() < 0.5) q.set('type', types[Math.floor(random() * types.length)]!);
        if (random() < 0.4) q.set('opd', opds[Math.floor(random() * opds.length)]!);
        if (random() < 0.3) q.set('program', `p${Math.floor(random() * PROGRAMS)}`);
        if (random() < 0.3) q.set('before', String(Math.floor(random() * EVENTS)));
        if (random() < 0.2)
          q.set(
            'from',
            new Date(Date.parse('2025-02-14T02:00:00Z') + random() * EVENTS * 1000).toISOString(),
          );
        pages.push(await timed(() => get(`/audit?${q}`)));
      }
      const raw = rawSqlitePage(path.join(dataDir, 'selaras.sqlite'));
      return [
        {
          name: `time travel ?at=<random>, ${EVENTS / 1000}k-event board (p95 over 50 points)`,
          figure: percentile(travel, 95),
          unit: 'ms',
          raw: { name: 'live board GET p95', value: percentile(live, 95), unit: 'ms' },
          goal: '≤ 100 ms',
          pass: percentile(travel, 95) <= 100,
          details: {
            p50: round(percentile(travel, 50)),
            max: round(Math.max(...travel)),
            liveP50: round(percentile(live, 50)),
            warmUpMs: warm,
          },
        },
        {
          name: `audit log page (100 entries, random filters), ${EVENTS / 1000}k events (p95 of 200)`,
          figure: percentile(pages, 95),
          unit: 'ms',
          raw: { name: 'bare SQLite read of 100 events', value: raw, unit: 'ms' },
          goal: '≤ 100 ms',
          pass: percentile(pages, 95) <= 100,
          details: { p50: round(percentile(pages, 50)), max: round(Math.max(...pages)) },
        },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForWarm(logs: Array<Record<string, unknown>>): Promise<number> {
  for (let waited = 0; waited < 120_000; waited += 100) {
    const line = logs.find(
      (l) => l.msg === 'audit index and time-travel checkpoints ready' && l.boardId === BOARD,
    );
    if (line) return Number(line.ms);
    await sleep(100);
  }
  throw new Error('audit warm-up did not finish in 120 s');
}

async function timed(run: () => Promise<number>): Promise<number> {
  const start = nowMs();
  const status = await run();
  if (status !== 200) throw new Error(`HTTP ${status}`);
  return nowMs() - start;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Resolves with the status once the whole body has arrived (not parsed: that is the client's cost). */
function getBytes(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** Median of 50 bare reads of 100 consecutive events (rows + JSON.parse), the floor of a log page. */
function rawSqlitePage(file: string): number {
  const db = new Database(file, { readonly: true });
  const read = db.prepare(
    'SELECT data, meta FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT 100',
  );
  const random = mulberry32(5);
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = nowMs();
    for (const row of read.all(`board-${BOARD}`, Math.floor(random() * EVENTS)) as Array<{
      data: string;
      meta: string;
    }>) {
      JSON.parse(row.data);
      JSON.parse(row.meta);
    }
    samples.push(nowMs() - start);
  }
  db.close();
  return percentile(samples, 50);
}

// The meeting display (/layar/<board>) in headless chromium at 1920×1080, unattended: 10,000 events
// pushed through a running display (MoveProgram and ReviseProgram alternating, by the secretariat over
// HTTP) with the JS heap measured after forced GC before and after, and the time from an API command to
// the display painting the moved card.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_STAGES, DEMO_BOARD_ID, type BoardResponse } from '@selaras/shared';
import { type Browser, type CDPSession, type Page, chromium } from 'playwright-core';
import { armMoveObserver, showsRevision, storeSession } from './display-page';
import { type BenchResult, nowMs, percentile, sleep } from './harness';
import { getJson, postJson } from './http-client';
import { startSelaras } from './processes';

const EVENTS = 10_000;
const WORKERS = 8;
const WARMUP_EVENTS = 400;
const LATENCY_SAMPLES = 30;
const CHROMIUM = process.env.SELARAS_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'];
const FULL_HD = { width: 1920, height: 1080 };
const COLUMNS = DEFAULT_STAGES.map((s) => s.id);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 2 ** 20, 2);
const wallMs = () => performance.timeOrigin + performance.now();

interface HeapSample {
  usedBytes: number;
  totalBytes: number;
  domNodes: number;
  listeners: number;
}

/** After forced garbage collection: the JS heap in use, and the DOM nodes and listeners alive. */
async function heap(cdp: CDPSession): Promise<HeapSample> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    usedBytes: usage.usedSize,
    totalBytes: usage.totalSize,
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
  };
}

class Commands {
  latest = -1;
  constructor(
    private readonly url: string,
    readonly token: string,
  ) {}

  async send(type: string, data: unknown): Promise<{ sentAt: number; revision: number }> {
    const sentAt = wallMs();
    const res = await postJson(
      `${this.url}/api/boards/${DEMO_BOARD_ID}/commands`,
      { commandId: randomUUID(), type, baseRevision: this.latest, data },
      this.token,
    );
    if (res.status !== 200) throw new Error(`${type} → ${res.status} ${JSON.stringify(res.body)}`);
    const revision = (res.body as { revision: number }).revision;
    this.latest = Math.max(this.latest, revision);
    return { sentAt, revision };
  }
}

/** API command → the display painted the moved card in its new column, highlighted (ms each). */
async function latencies(
  page: Page,
  commands: Commands,
  programId: string,
  count: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const columnId = i % 2 === 0 ? 'disepakati' : 'rancangan-awal';
    await page.evaluate(armMoveObserver, { programId, columnId });
    const { sentAt } = await commands.send('MoveProgram', { programId, toColumnId: columnId });
    const shownAt = await page.evaluate(
      () => (window as unknown as { __displayShown: Promise<number> }).__displayShown,
    );
    samples.push(shownAt - sentAt);
    await sleep(150);
  }
  return samples;
}

/** `total` events from `WORKERS` concurrent clients, each moving and renaming its own program in turn. */
async function flood(commands: Commands, programs: Array<{ id: string; title: string }>, total: number) {
  let sent = 0;
  const started = nowMs();
  await Promise.all(
    programs.map(async (program, w) => {
      for (let step = 0; sent < total; step++) {
        sent++;
        if (step % 2 === 0)
          await commands.send('MoveProgram', {
            programId: program.id,
            toColumnId: COLUMNS[(w + step) % COLUMNS.length],
          });
        else
          await commands.send('ReviseProgram', {
            programId: program.id,
            changes: { title: `${program.title} (uji beban ${step})` },
          });
      }
    }),
  );
  return { events: sent, ms: nowMs() - started };
}

export async function displayBenchmarks(): Promise<BenchResult[]> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`display: no chromium at ${CHROMIUM} (SELARAS_CHROMIUM): skipped\n`);
    return [];
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-display-'));
  let server: Awaited<ReturnType<typeof startSelaras>> | undefined;
  let browser: Browser | undefined;
  try {
    // Demo mode: the demo board and accounts. One account sends all 10,000 commands: no per-user limit.
    server = await startSelaras(dataDir, { SELARAS_COMMAND_RATE: '0' });
    const url = server.url;
    const login = async (username: string) => {
      const res = await postJson(`${url}/api/auth/login`, { username, password: 'selaras' });
      if (res.status !== 200) throw new Error(`login ${username} → ${res.status}`);
      return res.body as { token: string; expiresAt: string; user: unknown };
    };
    const layar = await login('layar');
    const commands = new Commands(url, (await login('sekretariat')).token);
    const board = (await getJson(`${url}/api/boards/${DEMO_BOARD_ID}`, commands.token)) as BoardResponse;
    commands.latest = board.revision;
    const ids = board.board.columns.flatMap((c) => c.programIds);
    const probe = ids[0]!;
    const workers = ids.slice(1, 1 + WORKERS).map((id) => ({ id, title: board.board.programs[id]!.title }));

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: FULL_HD });
    await context.addInitScript(storeSession, JSON.stringify(layar));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${url}/layar/${DEMO_BOARD_ID}`);
    await page.locator('[data-testid=display][data-status=online]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=card]').first().waitFor();
    const loaded = await heap(cdp);

    const latencyBefore = await latencies(page, commands, probe, LATENCY_SAMPLES);
    await flood(commands, workers, WARMUP_EVENTS); // JIT, caches and the ticker filled: the baseline
    await page.waitForFunction(showsRevision, commands.latest, { polling: 100, timeout: 60_000 });
    await sleep(6000); // highlights expire
    const before = await heap(cdp);

    const pushed = await flood(commands, workers, EVENTS);
    const lastAnswer = nowMs();
    await page.waitForFunction(showsRevision, commands.latest, { polling: 50, timeout: 120_000 });
    const caughtUpMs = nowMs() - lastAnswer;
    await sleep(6000);
    const after = await heap(cdp);
    // Another 10,000: a leak grows again by as much, warm-up (JIT code, caches) does not.
    await flood(commands, workers, EVENTS);
    await page.waitForFunction(showsRevision, commands.latest, { polling: 50, timeout: 120_000 });
    await sleep(6000);
    const second = await heap(cdp);
    const latencyAfter = await latencies(page, commands, probe, LATENCY_SAMPLES);
    const errors = await page.evaluate(() => document.querySelectorAll('.error').length);
    await context.close();

    const growth = after.usedBytes - before.usedBytes;
    const p = (xs: number[], q: number) => round(percentile(xs, q));
    const all = [...latencyBefore, ...latencyAfter];
    return [
      {
        name: `display JS heap growth over ${EVENTS.toLocaleString('en-US')} events (after GC)`,
        figure: mib(growth),
        unit: 'MiB',
        goal: '≤ 1 MiB (no growth beyond noise)',
        pass: growth <= 2 ** 20,
        details: {
          heapAfterLoadMiB: mib(loaded.usedBytes),
          heapBeforeMiB: mib(before.usedBytes),
          heapAfterMiB: mib(after.usedBytes),
          heapTotalAfterMiB: mib(after.totalBytes),
          heapAfterAnother10kMiB: mib(second.usedBytes),
          growthOfTheSecond10kMiB: mib(second.usedBytes - after.usedBytes),
          domNodesBefore: before.domNodes,
          domNodesAfter: after.domNodes,
          domNodesAfterAnother10k: second.domNodes,
          listenersBefore: before.listeners,
          listenersAfter: after.listeners,
          listenersAfterAnother10k: second.listeners,
          warmupEvents: WARMUP_EVENTS,
          method: 'CDP HeapProfiler.collectGarbage ×3, then Runtime.getHeapUsage and Memory.getDOMCounters',
        },
      },
      {
        name: `display kept up with ${EVENTS.toLocaleString('en-US')} events from ${WORKERS} clients`,
        figure: round((pushed.events / pushed.ms) * 1000, 0),
        unit: 'events/s',
        details: {
          events: pushed.events,
          seconds: round(pushed.ms / 1000, 2),
          displayCaughtUpAfterLastAnswerMs: round(caughtUpMs, 0),
          finalRevision: commands.latest,
          totalEventsThroughTheDisplay: WARMUP_EVENTS + 2 * EVENTS + 2 * LATENCY_SAMPLES,
          errorsOnPage: errors,
        },
      },
      {
        name: 'display: API command → card painted in its new column, highlighted (p50)',
        figure: p(all, 50),
        unit: 'ms',
        goal: '≤ 1,000 ms',
        pass: percentile(all, 100) <= 1000,
        details: {
          samples: all.length,
          p95: p(all, 95),
          max: p(all, 100),
          beforeFloodP50: p(latencyBefore, 50),
          afterFloodP50: p(latencyAfter, 50),
          method: 'wall clock before the HTTP POST → in-page MutationObserver, next frame (rAF, then a task)',
        },
      },
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

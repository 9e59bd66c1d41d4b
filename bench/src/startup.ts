import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@selaras/server/dist/event-store/sqlite-event-store';
import { generateSyntheticBoard } from '@selaras/server/dist/tools/synthetic-board';
import { type BenchResult, nowMs } from './harness';
import { startSelaras } from './processes';

const EVENTS = 100_000;
const PROGRAMS = 5_000;

/** Start-up of a 100k-event board: cold (full fold, no snapshot) and from its snapshot, with RSS. */
export async function startupBenchmarks(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-startup-'));
  try {
    const generated = nowMs();
    const store = new SqliteEventStore({ filename: path.join(dataDir, 'selaras.sqlite') });
    await generateSyntheticBoard(store, { boardId: 'sintetis-100k', programs: PROGRAMS, events: EVENTS });
    await store.close();
    const generateMs = nowMs() - generated;
    // No demo board: only the synthetic one is loaded.
    const env = { SELARAS_DEMO: 'false', SELARAS_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret' };
    const cold = await startSelaras(dataDir, env);
    const coldLoad = Number(cold.logs.find((l) => l.msg === 'boards loaded')?.ms ?? NaN);
    const coldRss = cold.rssMiB();
    await cold.stop(); // SIGTERM writes the snapshot
    const warm = await startSelaras(dataDir, env);
    const warmLoad = Number(warm.logs.find((l) => l.msg === 'boards loaded')?.ms ?? NaN);
    const warmRss = warm.rssMiB();
    await warm.stop();
    return [
      {
        name: `start-up, ${EVENTS / 1000}k-event board from snapshot (process → ready)`,
        figure: warm.readyMs,
        unit: 'ms',
        goal: '≈ 1 s',
        pass: warm.readyMs <= 1500,
        details: { boardLoadMs: warmLoad, programs: PROGRAMS },
      },
      {
        name: `start-up, ${EVENTS / 1000}k-event board without snapshot (full fold)`,
        figure: cold.readyMs,
        unit: 'ms',
        details: { boardLoadMs: coldLoad, generateMs: Math.round(generateMs) },
      },
      {
        name: `RSS with the ${EVENTS / 1000}k-event board loaded`,
        figure: warmRss,
        unit: 'MiB',
        details: { coldRssMiB: Math.round(coldRss) },
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

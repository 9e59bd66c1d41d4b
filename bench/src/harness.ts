import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A tiny benchmark framework. A benchmark produces rows; a row is one headline figure, optionally set
 * beside the raw limit measured earlier in the same run (so a ratio means something on a noisy machine)
 * and a goal. Every benchmark is bounded twice: by its own count/time budget, and by the harness, which
 * gives up on it after `timeLimitMs`.
 */

/** A raw limit that a figure is compared with: the headline of an earlier row of this run. */
export interface RawLimit {
  /** Name of the row it comes from, e.g. `raw.socketio.p99`. */
  name: string;
  value: number;
  unit: string;
}

export interface BenchResult {
  /** Dotted, stable name: the key in the JSON and what `--only` matches (by prefix). */
  name: string;
  /** The headline number; `NaN` when the benchmark failed. */
  figure: number;
  unit: string;
  raw?: RawLimit;
  /** Human-readable goal, e.g. `<= 50 ms` or `>= 0.5x raw`. */
  goal?: string;
  pass?: boolean;
  details?: Record<string, number | string>;
  /** Set when the benchmark threw or ran out of time. */
  error?: string;
}

export interface BenchContext {
  /** A row produced earlier in this run (raw baselines run first), e.g. to quote it as `raw`. */
  result(name: string): BenchResult | undefined;
  /** The headline of an earlier row as a raw limit; `undefined` if it was not run or failed. */
  rawLimit(name: string): RawLimit | undefined;
  /** This benchmark's budget: loops must stop when it has expired. */
  deadline: Deadline;
  /** Progress on stderr (stdout carries the table). */
  log(message: string): void;
}

export interface Benchmark {
  /** Matched by `--only` (exactly or by dotted prefix: `raw` selects `raw.sqlite`). */
  name: string;
  description: string;
  /** Hard cap; the harness abandons the benchmark (and records an error row) after this. */
  timeLimitMs: number;
  /** Benchmarks whose rows this one quotes as raw limits; pulled in by `--only` automatically. */
  needs?: string[];
  /** Run only when `--only` names it. */
  optional?: boolean;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

// ---------------------------------------------------------------------------------------------------
// Time

/** Monotonic nanoseconds (CLOCK_MONOTONIC on Linux: comparable across processes on one machine). */
export const now = (): bigint => process.hrtime.bigint();
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;
export const msSince = (start: bigint): number => nsToMs(now() - start);

export interface Timer {
  readonly start: bigint;
  ms(): number;
  ns(): bigint;
}
export const startTimer = (): Timer => {
  const start = now();
  return { start, ms: () => msSince(start), ns: () => now() - start };
};

export class Deadline {
  private readonly end: bigint;
  constructor(readonly budgetMs: number) {
    this.end = now() + BigInt(Math.round(budgetMs * 1e6));
  }
  remainingMs(): number {
    return Math.max(0, nsToMs(this.end - now()));
  }
  expired(): boolean {
    return now() >= this.end;
  }
  /** A smaller budget that also ends no later than this one. */
  sub(budgetMs: number): Deadline {
    return new Deadline(Math.min(budgetMs, this.remainingMs()));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms` (the timer does not keep the process alive). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms)} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------
// Statistics

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (`p` in 0..100); `NaN` when empty. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
};

/** `summary` as flat details, rounded, with keys prefixed (e.g. `latency_p99`). */
export const summaryDetails = (prefix: string, summary: Summary, digits = 3): Record<string, number> => {
  const round = (value: number) => Number(value.toFixed(digits));
  return {
    [`${prefix}count`]: summary.count,
    [`${prefix}min`]: round(summary.min),
    [`${prefix}mean`]: round(summary.mean),
    [`${prefix}p50`]: round(summary.p50),
    [`${prefix}p95`]: round(summary.p95),
    [`${prefix}p99`]: round(summary.p99),
    [`${prefix}max`]: round(summary.max),
  };
};

// ---------------------------------------------------------------------------------------------------
// Goals: spread into a row, e.g. `{ name, figure, unit, ...atMost(figure, 50, 'ms') }`.

type Verdict = Pick<BenchResult, 'goal' | 'pass'>;

export const atMost = (figure: number, max: number, unit: string): Verdict => ({
  goal: `<= ${max} ${unit}`,
  pass: figure <= max,
});
export const atLeast = (figure: number, min: number, unit: string): Verdict => ({
  goal: `>= ${min} ${unit}`,
  pass: figure >= min,
});
/** Goal relative to the raw limit (`figure / raw`); no verdict when the raw limit is missing. */
export const ratioAtMost = (figure: number, raw: RawLimit | undefined, max: number): Verdict =>
  raw ? { goal: `<= ${max}x raw`, pass: figure / raw.value <= max } : { goal: `<= ${max}x raw` };
export const ratioAtLeast = (figure: number, raw: RawLimit | undefined, min: number): Verdict =>
  raw ? { goal: `>= ${min}x raw`, pass: figure / raw.value >= min } : { goal: `>= ${min}x raw` };

// ---------------------------------------------------------------------------------------------------
// Running

export interface RunOptions {
  /** Names or dotted prefixes; empty means every non-optional benchmark. */
  only: readonly string[];
  log?: (message: string) => void;
}

const matches = (name: string, selector: string) => name === selector || name.startsWith(`${selector}.`);

/** The benchmarks to run, in registry order, with their `needs` pulled in. Throws on unknown names. */
export function select(benchmarks: readonly Benchmark[], only: readonly string[]): Benchmark[] {
  for (const selector of only) {
    if (!benchmarks.some((b) => matches(b.name, selector))) {
      throw new Error(`--only ${selector}: no such benchmark (have: ${benchmarks.map((b) => b.name).join(', ')})`);
    }
  }
  const wanted = new Set(
    benchmarks
      .filter((b) => (only.length ? only.some((s) => matches(b.name, s)) : !b.optional))
      .map((b) => b.name),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const b of benchmarks) {
      if (!wanted.has(b.name)) continue;
      for (const need of b.needs ?? []) {
        if (!benchmarks.some((other) => other.name === need)) throw new Error(`${b.name} needs unknown ${need}`);
        if (!wanted.has(need)) {
          wanted.add(need);
          grew = true;
        }
      }
    }
  }
  return benchmarks.filter((b) => wanted.has(b.name));
}

export async function runBenchmarks(benchmarks: readonly Benchmark[], options: RunOptions): Promise<BenchResult[]> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const results: BenchResult[] = [];
  const byName = (name: string) => results.find((r) => r.name === name);
  for (const bench of select(benchmarks, options.only)) {
    const deadline = new Deadline(bench.timeLimitMs);
    const ctx: BenchContext = {
      result: byName,
      rawLimit: (name) => {
        const row = byName(name);
        return row && !row.error && Number.isFinite(row.figure)
          ? { name, value: row.figure, unit: row.unit }
          : undefined;
      },
      deadline,
      log: (message) => log(`  [${bench.name}] ${message}`),
    };
    log(`> ${bench.name}: ${bench.description}`);
    const timer = startTimer();
    try {
      const rows = await withTimeout(bench.run(ctx), bench.timeLimitMs, bench.name);
      results.push(...rows);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  [${bench.name}] FAILED: ${message}`);
      results.push({ name: bench.name, figure: NaN, unit: '', error: message });
    }
    log(`  [${bench.name}] done in ${(timer.ms() / 1000).toFixed(1)} s`);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Output

/** Compact number: three significant digits below 100, integers above, thin grouping above 10k. */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 10_000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs === 0) return '0';
  return value.toPrecision(3);
};

export const ratioOf = (row: BenchResult): number | undefined =>
  row.raw && row.raw.unit === row.unit && row.raw.value !== 0 && Number.isFinite(row.figure)
    ? row.figure / row.raw.value
    : undefined;

const verdictOf = (row: BenchResult): string =>
  row.error ? 'ERROR' : row.pass === undefined ? '-' : row.pass ? 'PASS' : 'FAIL';

export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'figure', 'raw limit', 'ratio', 'goal', 'verdict'];
  const rows = results.map((r) => {
    const ratio = ratioOf(r);
    return [
      r.name,
      r.error ? '-' : `${formatNumber(r.figure)} ${r.unit}`.trim(),
      r.raw ? `${formatNumber(r.raw.value)} ${r.raw.unit} (${r.raw.name})` : '-',
      ratio === undefined ? '-' : `${ratio.toFixed(2)}x`,
      r.goal ?? '-',
      verdictOf(r),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        // Numbers read best right-aligned; names and words left-aligned.
        return i === 1 || i === 3 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const detailed = results.filter((r) => r.error || (r.details && Object.keys(r.details).length));
  if (detailed.length) {
    out.push('');
    for (const r of detailed) {
      const parts = Object.entries(r.details ?? {}).map(
        ([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : value}`,
      );
      if (r.error) parts.unshift(`error: ${r.error}`);
      out.push(`${r.name}: ${parts.join(', ')}`);
    }
  }
  return out.join('\n');
}

export interface MachineInfo {
  platform: string;
  release: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemBytes: number;
  freeMemBytes: number;
  loadAverage: number[];
  node: string;
  v8: string;
}

export const machineInfo = (): MachineInfo => {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    node: process.version,
    v8: process.versions.v8,
  };
};

export interface Report {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  only: string[];
  /** Taken before the first benchmark (the load average says how noisy the machine was). */
  machine: MachineInfo;
  results: BenchResult[];
}

/** Writes the report as JSON (NaN becomes null), creating the directory. */
export function writeReport(file: string, report: Report): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const json = JSON.stringify(
    report,
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  );
  writeFileSync(file, `${json}\n`);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One line of the benchmark table: the figure, the raw limit measured in the same run, the goal. */
export interface BenchResult {
  name: string;
  figure: number;
  unit: string;
  /** The raw limit for this figure, measured in the same run. */
  raw?: { name: string; value: number; unit: string };
  goal?: string;
  pass?: boolean;
  details?: Record<string, number | string>;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fmt = (n: number) =>
  Number.isFinite(n)
    ? Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n.toFixed(2)
    : String(n);

export function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.figure)} ${r.unit}`,
    r.raw ? `${fmt(r.raw.value)} ${r.raw.unit} (${r.raw.name})` : '—',
    r.raw && r.raw.value ? `${(r.figure / r.raw.value).toFixed(2)}×` : '—',
    r.goal ?? '—',
    r.pass === undefined ? '—' : r.pass ? 'PASS' : 'MISS',
  ]);
  const header = ['benchmark', 'figure', 'raw limit (same run)', 'ratio', 'goal', 'verdict'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function writeResults(results: readonly BenchResult[], file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const cpus = os.cpus();
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: cpus.length,
          cpuModel: cpus[0]?.model ?? 'unknown',
          totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
          platform: `${os.platform()} ${os.release()}`,
        },
        results,
      },
      null,
      2,
    ),
  );
}

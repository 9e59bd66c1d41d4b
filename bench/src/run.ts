// `npm run bench`: prints a table and writes bench/results/latest.json. Not a test: figures vary with
// the machine, so each is printed beside the raw limit measured in the same run.
import path from 'node:path';
import { auditBenchmarks } from './audit-bench';
import { clientBenchmarks } from './client-bench';
import { clusterBenchmarks } from './cluster-bench';
import { displayBenchmarks } from './display-bench';
import { farBehindBenchmarks } from './far-behind';
import { type BenchResult, type Benchmark, printTable, writeResults } from './harness';
import { importBenchmarks } from './import-bench';
import { latencyBenchmarks } from './latency';
import { rincianBenchmarks } from './rincian-bench';
import { startupBenchmarks } from './startup';
import { throughputBenchmarks } from './throughput';

const benchmarks: Benchmark[] = [
  { name: 'latency', run: latencyBenchmarks },
  { name: 'throughput', run: throughputBenchmarks },
  { name: 'far-behind', run: farBehindBenchmarks },
  { name: 'startup', run: startupBenchmarks },
  { name: 'audit', run: auditBenchmarks },
  { name: 'client', run: () => clientBenchmarks() },
  { name: 'login', run: () => clientBenchmarks({ loginOnly: true }) },
  { name: 'display', run: displayBenchmarks },
  { name: 'cluster', run: clusterBenchmarks },
  { name: 'import', run: importBenchmarks },
  // Issue 11: the large board from the real nomenclature (50 OPDs, ≈5,000 sub-kegiatan).
  { name: 'large', run: rincianBenchmarks },
];

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  // 'login' is a part of 'client', run alone when asked for.
  const selected =
    only >= 0
      ? benchmarks.filter((b) => b.name === process.argv[only + 1])
      : benchmarks.filter((b) => b.name !== 'login');
  if (selected.length === 0)
    throw new Error(
      `no benchmark named ${process.argv[only + 1]}; have ${benchmarks.map((b) => b.name).join(', ')}`,
    );
  const results: BenchResult[] = [];
  // One benchmark that fails does not cost the figures of the others: they are printed, it is named.
  const failed: string[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`running ${benchmark.name}…\n`);
    try {
      results.push(...(await benchmark.run()));
    } catch (error) {
      console.error(`benchmark ${benchmark.name} failed:`, error);
      failed.push(benchmark.name);
    }
  }
  console.log('');
  printTable(results);
  const file = path.resolve(__dirname, '..', 'results', 'latest.json');
  writeResults(results, file);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(failed.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

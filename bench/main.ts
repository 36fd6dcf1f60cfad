import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench } from './types';

/**
 * Runs every bench/*.bench.ts in name order (or only those named on the command line, e.g.
 * `npm run bench -- eventstore`), one after the other so they do not compete for the machine, writes
 * bench/results/<name>.json and prints a summary at the end.
 */
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const wanted = process.argv.slice(2);

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`no benchmarks${wanted.length ? ` named ${wanted.join(', ')}` : ''} in ${benchDir}`);
  process.exit(1);
}

mkdirSync(resultsDir, { recursive: true });
const summaries: { name: string; lines: string[] }[] = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default?: Bench };
  const bench = mod.default;
  if (!bench) throw new Error(`${file} has no default export (a Bench)`);
  console.log(`\n== ${bench.name}: ${bench.description}`);
  const startedAt = new Date();
  // The machine may be shared: the load average beside each figure says how much it was.
  const loadAtStart = os.loadavg();
  try {
    const result = await bench.run({ log: (line) => console.log(`  ${line}`) });
    const record = {
      name: bench.name,
      description: bench.description,
      startedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      machine: {
        node: process.version,
        platform: process.platform,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
      },
      metrics: result.metrics,
      summary: result.summary,
    };
    const out = path.join(resultsDir, `${bench.name}.json`);
    writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
    summaries.push({
      name: bench.name,
      lines: [...result.summary, `(results: ${path.relative(process.cwd(), out)})`],
    });
  } catch (error) {
    failed = true;
    summaries.push({
      name: bench.name,
      lines: [`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
    });
  }
}

console.log('\n== summary');
for (const s of summaries) {
  console.log(`${s.name}`);
  for (const line of s.lines) console.log(`  ${line}`);
}
if (failed) process.exitCode = 1;

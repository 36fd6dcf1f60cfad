import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadRequest } from './api-setup';
import { machineBusyCpuSeconds, postgresCpuSeconds } from './postgres-cpu';

export interface LoadResult {
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  throughputPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
  /** Server-Timing steps the answers reported (the submission route's task, update, draft, api). */
  serverTimingMs: Record<string, { count: number; p50: number; p99: number; max: number }>;
  /** CPU seconds autocannon's process used (user + system). */
  loadGeneratorCpuSeconds: number;
}

export interface LoadOptions {
  connections: number;
  duration?: number;
  amount?: number;
  /** Requests per second of each connection (a person's pace); absent: each sends as fast as answered. */
  connectionRate?: number;
  requests: LoadRequest[];
}

/** One autocannon run in a child process (api-load-client.mjs). */
export function load(url: string, options: LoadOptions): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./api-load-client.mjs', import.meta.url)), {
      stdio: 'inherit',
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`autocannon exited with ${code}`));
    });
    child.send({ url, ...options });
  });
}

/** Where the CPU went during a run, in cores used on average (CPU seconds / wall seconds). */
export interface CpuShares {
  api: number;
  postgres: number;
  loadGenerator: number;
  /** The bench process: its Temporal worker (workflows, activities) and harness. */
  benchAndWorker: number;
  /** The whole machine, other helpers' work included. */
  machine: number;
}

export interface Measured<T> {
  value: T;
  seconds: number;
  cpuCores: CpuShares;
  /** os.loadavg() at the end of the run. */
  loadAverage: number[];
}

export interface CpuProbes {
  apiCpuSeconds(): number;
  postmasterPid: number;
}

const cores = (seconds: number, wall: number) => Math.round((seconds / wall) * 100) / 100;

/** Runs `work` and accounts the CPU of the API, Postgres, the load generator and the machine meanwhile. */
export async function measured<T extends LoadResult | LoadResult[]>(
  probes: CpuProbes,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const start = process.hrtime.bigint();
  const before = {
    api: probes.apiCpuSeconds(),
    postgres: postgresCpuSeconds(probes.postmasterPid),
    bench: process.cpuUsage(),
    machine: machineBusyCpuSeconds(),
  };
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const bench = process.cpuUsage(before.bench);
  const loadGenerator = [value].flat().reduce((sum, r) => sum + (r as LoadResult).loadGeneratorCpuSeconds, 0);
  return {
    value,
    seconds,
    cpuCores: {
      api: cores(probes.apiCpuSeconds() - before.api, seconds),
      postgres: cores(postgresCpuSeconds(probes.postmasterPid) - before.postgres, seconds),
      loadGenerator: cores(loadGenerator, seconds),
      benchAndWorker: cores((bench.user + bench.system) / 1e6, seconds),
      machine: cores(machineBusyCpuSeconds() - before.machine, seconds),
    },
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const describeCpu = (c: CpuShares) =>
  `CPU cores: API ${c.api}, Postgres ${c.postgres}, autocannon ${c.loadGenerator}, bench+worker ${c.benchAndWorker}, machine ${c.machine} of ${os.cpus().length}`;

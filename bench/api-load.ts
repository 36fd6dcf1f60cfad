import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { type ApiRuntime, watchApiRuntime } from './api-runtime';
import type { LoadRequest } from './api-setup';
import { machineBusyCpuSeconds, postgresCpuSeconds } from './postgres-cpu';

export interface LoadResult {
  requests: number;
  /** Answer times of the 2xx answers (paced: corrected for coordinated omission at the real interval). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** autocannon's own histogram: paced, its correction takes 1 ms for the interval (api-load-client.mjs). */
  autocannonLatencyMs: { p50: number; p99: number; max: number };
  throughputPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
  /** Server-Timing steps the answers reported (the submission route's task, submit, draft, api). */
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
  /**
   * Paced runs: start the connections in this many groups spread over one interval (api-load-client.mjs),
   * so their requests spread over the second; default 1 (autocannon's way: every connection at once).
   */
  groups?: number;
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
  /** The API's event-loop delay and GC pauses meanwhile (one process: with several, summed over them). */
  apiRuntime?: ApiRuntime;
  /** Transactions the bench's database committed meanwhile (each statement outside one is one). */
  postgresTransactions?: number;
}

export interface CpuProbes {
  apiCpuSeconds(): number;
  postmasterPid: number;
  /** The API's URL, to read its event loop and GC from its /metrics. */
  apiUrl?: string;
  /** The database's committed and rolled-back transactions so far (pg_stat_database). */
  postgresTransactions?: () => Promise<number>;
}

/** Postgres publishes a backend's counts at most once a second: wait that long before reading them. */
const statsFlushed = () => new Promise<void>((r) => setTimeout(r, 1_200));

const cores = (seconds: number, wall: number) => Math.round((seconds / wall) * 100) / 100;

/** Runs `work` and accounts the CPU of the API, Postgres, the load generator and the machine meanwhile. */
export async function measured<T extends LoadResult | LoadResult[]>(
  probes: CpuProbes,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const runtime = probes.apiUrl ? await watchApiRuntime(probes.apiUrl) : undefined;
  const transactionsBefore = probes.postgresTransactions
    ? await statsFlushed().then(probes.postgresTransactions)
    : undefined;
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
    apiRuntime: await runtime?.(),
    postgresTransactions:
      transactionsBefore === undefined || !probes.postgresTransactions
        ? undefined
        : (await statsFlushed().then(probes.postgresTransactions)) - transactionsBefore,
  };
}

export const describeCpu = (c: CpuShares) =>
  `CPU cores: API ${c.api}, Postgres ${c.postgres}, autocannon ${c.loadGenerator}, bench+worker ${c.benchAndWorker}, machine ${c.machine} of ${os.cpus().length}`;

import cluster, { type Worker } from 'node:cluster';
import { serveClusterMetrics } from '../ops/cluster-metrics';
import { stopOnSignal } from '../ops/lifecycle';
import { migrateAppDatabase } from '../services/app-database';
import { runApiProcess } from './process';

/**
 * API processes by default: one. The bench (bench/results/api.json) found an inbox read's CPU small
 * enough after batching that one process used under half a core at 4,000 reads/s, and on a shared
 * 2-core machine a second process cost more CPU per read than it gained; `--processes 2` is there for
 * a machine with cores to spare.
 */
export const DEFAULT_API_PROCESSES = 1;

/** `--processes` or ARSHJUL_API_PROCESSES, else the default. */
export function apiProcessesFrom(option: string | undefined, env = process.env): number {
  const raw = option ?? env.ARSHJUL_API_PROCESSES;
  if (raw === undefined || raw === '') return DEFAULT_API_PROCESSES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`the number of API processes must be an integer 1–64, got '${raw}'`);
  }
  return n;
}

/** Pause before a worker that died is replaced, so one that fails at once does not spin. */
const REFORK_DELAY_MS = 500;

/**
 * `arshjul api --processes N`: with N > 1 a primary (node:cluster) migrates the database once, then
 * forks N API processes that share the port (the primary hands each connection to the next). Every
 * worker answers /healthz and /readyz itself, and /metrics with the sum over all workers. SIGTERM or
 * SIGINT to the primary stops each worker gracefully, then the primary. A worker that dies is replaced;
 * when the primary dies (kill -9), its workers lose their channel to it and exit at once (Node's
 * cluster does so), so the port is free for the next `arshjul api`.
 */
export async function runApiCluster(options: { processes: number; port?: number; web?: boolean }) {
  if (options.processes <= 1) return runApiProcess({ port: options.port, web: options.web });
  if (!cluster.isPrimary) return runApiProcess({ port: options.port, web: options.web, migrate: false });

  await migrateAppDatabase();
  serveClusterMetrics();
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      console.error(`API-process ${worker.process.pid} slutade (${signal ?? `kod ${code}`}); startar en ny`);
      setTimeout(() => {
        if (!stopping) fork();
      }, REFORK_DELAY_MS);
    });
  };
  for (let i = 0; i < options.processes; i++) fork();
  console.log(`arshjul API: ${options.processes} processer (pid ${process.pid} fördelar anslutningarna)`);
  return stopOnSignal('API', async () => {
    stopping = true;
    const exited = [...workers].map(
      (worker) => new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code))),
    );
    for (const worker of workers) worker.process.kill('SIGTERM');
    const codes = await Promise.all(exited);
    if (codes.some((code) => code !== 0)) throw new Error(`API-processer slutade med ${codes.join(', ')}`);
  });
}

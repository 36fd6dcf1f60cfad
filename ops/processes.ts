/**
 * What the long-running processes of a deployment share (ops/relay-process.ts,
 * ops/projections-process.ts, ops/mail-process.ts; the API and worker have their own): each is
 * started by its CLI command, connects, starts the work, answers /healthz, /readyz and /metrics, and
 * stops gracefully on SIGINT or SIGTERM. Each process imports only its own module, so a process
 * restarted after a crash loads what it runs and nothing else.
 */
import pg from 'pg';
import { serviceUrls } from '../services/config';
import { hopTrace } from './hop-trace';

export const log = (line: string) => console.error(line);

/**
 * The lag bench's record of each stage (ops/hop-trace.ts), only when ARSHJUL_HOP_TRACE asks for it. Its
 * methods use no `this`: a process hands them on as they are (`onCheckpoint: trace?.relay`).
 */
export const hopTraceFromEnv = process.env.ARSHJUL_HOP_TRACE ? hopTrace() : undefined;

/** Connections of the relay process (the relay, its leadership lock, the head signer). */
export const RELAY_POOL_SIZE = 3;
/**
 * Connections of the projections process: one per read model (each consumer applies its batches in a
 * transaction of its own, all at once) and one for the health and metrics queries.
 */
export const projectionsPoolSize = (count: number) => count + 1;

export function appPool(max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max });
  pool.on('error', () => {}); // a dropped idle connection is retried by the process's own backoff
  return pool;
}

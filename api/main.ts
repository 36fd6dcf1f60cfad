import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { EventStore } from '../eventstore/index';
import { tracingClientInterceptors } from '../ops/temporal-tracing';
import { startTracing } from '../ops/tracing';
import { migrateAppDatabase } from '../services/app-database';
import { serviceUrls } from '../services/config';
import { createApi } from './app';

export function apiPort(): number {
  const raw = process.env.ARSHJUL_API_PORT;
  const port = raw ? Number(raw) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`ARSHJUL_API_PORT must be a TCP port, got '${raw}'`);
  }
  return port;
}

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the API against the configured services (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE):
 * migrates the application database, connects, listens on ARSHJUL_API_PORT (default 8080).
 */
export async function startApi(
  options: { port?: number; host?: string; logger?: boolean; web?: boolean; migrate?: boolean } = {},
): Promise<RunningApi> {
  const tracing = startTracing('api');
  // An API cluster's primary migrates once before it forks its processes (api/cluster.ts).
  if (options.migrate !== false) await migrateAppDatabase();
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 10 });
  pool.on('error', () => {});
  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  const client = new Client({
    connection,
    namespace: serviceUrls.temporalNamespace,
    // Workflow starts, updates and signals carry the request's trace to the worker.
    ...(tracing ? { interceptors: tracingClientInterceptors() } : {}),
  });
  const app = await createApi({
    pool,
    store: new EventStore(pool),
    client,
    taskQueue: serviceUrls.temporalTaskQueue,
    logger: options.logger ?? true,
    web: options.web,
    // A compressed cycle clock, for the soak and the demo's processes only (never in a real deployment).
    allowClockOverride: process.env.ARSHJUL_ALLOW_CLOCK_OVERRIDE === '1',
  });
  const host = options.host ?? process.env.ARSHJUL_API_HOST ?? '127.0.0.1';
  await app.listen({ port: options.port ?? apiPort(), host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? apiPort());
  return {
    app,
    url: `http://${host}:${port}`,
    async close() {
      await app.close();
      await connection.close();
      await pool.end();
      await tracing?.shutdown();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runApiProcess } = await import('./process');
  await runApiProcess();
}

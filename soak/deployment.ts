/**
 * The soak's deployment: a fresh database and Kafka topic of its own (so the checks see only this
 * run), and the app processes started as separate OS processes by `arshjul up`'s supervisor, which
 * starts again any that dies.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import {
  DEFAULT_HEALTH_PORTS,
  HEALTH_PROCESSES,
  type HealthProcess,
  healthPortEnv,
} from '../ops/health-server';
import { APP_PROCESSES, type AppProcess, type Supervisor, superviseProcesses } from '../ops/supervisor';
import { migrateDatabase } from '../services/app-database';
import { serviceUrls } from '../services/config';
import { freePorts } from '../services/free-port';

export interface SoakDeployment {
  run: string;
  database: string;
  pool: pg.Pool;
  topic: string;
  apiUrl: string;
  healthUrls: Record<HealthProcess, string>;
  supervisor: Supervisor;
  /** Stops the processes; drops the database unless `keep`. */
  stop(keep: boolean): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).status === 200;
  } catch {
    return false;
  }
}

/** Waits until the URL answers 200. */
export async function untilReady(url: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (Date.now() > deadline) throw new Error(`${what} blev inte redo (${url})`);
    await delay(500);
  }
}

export async function startDeployment(options: {
  run: string;
  log: (line: string) => void;
  /** Seconds after which a request that died with the API frees its Idempotency-Key. */
  idempotencyStaleSeconds: number;
  /** Environment and Node options of single processes by name (the workflows bench's profiler). */
  processOptions?: Partial<Record<string, Pick<AppProcess, 'env' | 'nodeArgs'>>>;
}): Promise<SoakDeployment> {
  const { run, log } = options;
  const database = `arshjul_soak_${run.replace(/[^a-z0-9]/g, '_')}`;
  await migrateDatabase(serviceUrls.adminDatabaseUrl, database);
  const databaseUrl = withDatabase(serviceUrls.databaseUrl, database);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  pool.on('error', () => {}); // Postgres restarts during the run
  const topic = `arshjul.events.soak-${run}`;

  const [apiPort, ...processPorts] = await freePorts(1 + HEALTH_PROCESSES.length);
  const healthPorts = {} as Record<HealthProcess, number>;
  HEALTH_PROCESSES.forEach((name, i) => {
    healthPorts[name] = processPorts[i] as number;
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ARSHJUL_API_PORT: String(apiPort),
    ARSHJUL_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    ARSHJUL_ALLOW_CLOCK_OVERRIDE: '1',
    // A task queue of its own: another deployment's worker (a test's, the demo's) never takes its workflows.
    ARSHJUL_TASK_QUEUE: `arshjul-soak-${run}`,
    ARSHJUL_IDEMPOTENCY_STALE_SECONDS: String(options.idempotencyStaleSeconds),
  };
  for (const name of HEALTH_PROCESSES) env[healthPortEnv(name)] = String(healthPorts[name]);
  const processes: AppProcess[] = APP_PROCESSES.map((p) => ({
    ...p,
    ...(p.name === 'relay' || p.name === 'projections' ? { args: [...p.args, '--topic', topic] } : {}),
    ...options.processOptions?.[p.name],
  }));
  const supervisor = superviseProcesses(processes, log, { restart: true, env });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const healthUrls = Object.fromEntries(
    HEALTH_PROCESSES.map((name) => [
      name,
      `http://127.0.0.1:${healthPorts[name] ?? DEFAULT_HEALTH_PORTS[name]}`,
    ]),
  ) as Record<HealthProcess, string>;
  try {
    // The worker bundles the workflows on its first start and the consumers join their groups.
    await untilReady(`${apiUrl}/readyz`, 240_000, 'API:et');
    for (const name of HEALTH_PROCESSES) await untilReady(`${healthUrls[name]}/readyz`, 240_000, name);
  } catch (error) {
    await supervisor.stop();
    await pool.end();
    throw error;
  }
  return {
    run,
    database,
    pool,
    topic,
    apiUrl,
    healthUrls,
    supervisor,
    async stop(keep) {
      await supervisor.stop();
      await pool.end().catch(() => undefined);
      if (keep) return;
      const admin = new pg.Client({ connectionString: serviceUrls.adminDatabaseUrl });
      await admin.connect();
      try {
        await admin.query(`drop database if exists "${database}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

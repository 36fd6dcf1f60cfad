import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventStore } from '../eventstore';
import { PROJECTIONS } from '../projections';
import { repoRoot } from '../services/config';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { appendSteadily } from './steady-appends';
import { appends, meta } from './task-lifecycles';
import { type Bench, perSecond } from './types';

/**
 * End-to-end lag as deployed: `arshjul relay run` and `arshjul projections run` each in a process of
 * its own (as ops/supervisor.ts starts them), appends at a steady rate from this one. The lag of an
 * event runs from its append's commit (as the appender sees it) to the moment every read model's
 * checkpoint has passed it, seen by polling projection_checkpoints every POLL_MS (so it includes up to
 * POLL_MS of polling delay).
 */
const RATE = 1000;
const STEADY_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 30);
const CHUNK = 10;
const APPENDERS = 4;
const POLL_MS = 5;
const names = PROJECTIONS.map((p) => p.name);

/** Starts `arshjul <args>` and resolves once it prints `ready` on stdout. */
function startProcess(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready: ${err}`)), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${err}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 10) / 10;
}

const bench: Bench = {
  name: 'lag',
  description: `end-to-end lag at ${RATE} events/s for ${STEADY_SECONDS} s, relay and projections in processes of their own`,
  async run({ log }) {
    await servicesUp(['postgres', 'kafka']);
    const db = await createTestDatabase('bench_lag', { poolSize: 8 });
    const run = randomUUID().slice(0, 8);
    const topic = `bench.lag.${run}`;
    const env = {
      DATABASE_URL: db.appUrl,
      ARSHJUL_RELAY_HEALTH_PORT: '0',
      ARSHJUL_PROJECTIONS_HEALTH_PORT: '0',
    };
    const store = new EventStore(db.appPool);
    const feed = appends(run);
    let relay: ChildProcess | undefined;
    let projections: ChildProcess | undefined;
    try {
      [relay, projections] = await Promise.all([
        startProcess(['relay', 'run', '--topic', topic], env, 'relä:'),
        startProcess(
          ['projections', 'run', '--topic', topic, '--group-prefix', `bench.lag.${run}`],
          env,
          'projektioner:',
        ),
      ]);
      log('relay and projections running in their own processes');

      const appendedAt: { position: number; at: number }[] = [];
      const lags: number[] = [];
      let next = 0; // index into appendedAt of the first event not yet seen by every read model
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const { rows } = await db.appPool.query<{ p: string | null }>(
            // Only once every read model has its checkpoint row; until then nothing has passed.
            'select case when count(*) = $2 then min(position) end as p from projection_checkpoints where name = any($1)',
            [names, names.length],
          );
          const now = performance.now();
          const passed = rows[0]?.p === null || rows[0]?.p === undefined ? 0 : Number(rows[0].p);
          while (next < appendedAt.length && (appendedAt[next]?.position ?? Infinity) <= passed) {
            lags.push(now - (appendedAt[next]?.at ?? now));
            next += 1;
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      })();

      const start = performance.now();
      const sent = await appendSteadily({
        store,
        feed,
        meta,
        rate: RATE,
        seconds: STEADY_SECONDS,
        chunk: CHUNK,
        appenders: APPENDERS,
        appended(positions, at) {
          // Kept in position order for the poller. Concurrent appends return nearly in order, so each
          // entry goes in a few places from the end (sorting the whole list per append grew with the run).
          for (const position of positions) {
            let i = appendedAt.length;
            while (i > next && (appendedAt[i - 1]?.position ?? 0) > position) i--;
            appendedAt.splice(i, 0, { position, at });
          }
        },
      });
      const seconds = (performance.now() - start) / 1000;
      const deadline = Date.now() + 120_000;
      while (next < appendedAt.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      polling = false;
      await poller;
      if (next < appendedAt.length)
        throw new Error(`read models did not catch up: ${appendedAt.length - next} events behind`);

      const sorted = [...lags].sort((a, b) => a - b);
      const lag = {
        events: sorted.length,
        p50Ms: percentile(sorted, 50),
        p90Ms: percentile(sorted, 90),
        p99Ms: percentile(sorted, 99),
        maxMs: percentile(sorted, 100),
      };
      const achievedRate = perSecond(sent, seconds);
      log(
        `steady: ${sent} events in ${seconds.toFixed(1)} s (${achievedRate}/s); lag p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms`,
      );
      return {
        summary: [
          `steady ${achievedRate} events/s (target ${RATE}) for ${seconds.toFixed(0)} s, relay and projections in their own processes: append→all ${names.length} read models p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms (max ${lag.maxMs} ms)`,
        ],
        metrics: {
          targetRate: RATE,
          achievedRate,
          seconds,
          eventsPerAppend: CHUNK,
          appendersInFlight: APPENDERS,
          pollMs: POLL_MS,
          endToEndAllReadModels: lag,
          measuredFrom: 'store.append resolved (commit) in the appender',
          measuredTo: `every read model's checkpoint at or past the event, polled every ${POLL_MS} ms`,
        },
      };
    } finally {
      await Promise.all([stop(relay), stop(projections)]);
      await db.drop();
    }
  },
};

export default bench;

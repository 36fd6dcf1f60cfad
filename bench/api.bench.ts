import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { type ApiHarness, createApiHarness } from '../test/api/support';
import { type CpuProbes, describeCpu, type LoadResult, load, type Measured, measured } from './api-load';
import { startApiProcess } from './api-process';
import { describeRuntime } from './api-runtime';
import {
  inboxRead,
  type LoadRequest,
  registerSecretaries,
  submission,
  submittersWithTasks,
} from './api-setup';
import { postmasterPidOf } from './postgres-cpu';
import type { Bench } from './types';

const READERS = Number(process.env.BENCH_API_READERS ?? 2000);
const SUBMITTERS = Number(process.env.BENCH_API_SUBMITTERS ?? 200);
const MUNICIPALITIES = Number(process.env.BENCH_API_MUNICIPALITIES ?? 20);
const READ_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
/** Each scenario runs this many times (the machine may be shared: one run alone says little). */
const REPEAT = Number(process.env.BENCH_API_REPEAT ?? 2);
/** A directory for node --cpu-prof profiles of the API process(es), when set. */
const CPU_PROFILE_DIR = process.env.BENCH_API_CPU_PROFILE;
/**
 * Another checkout's cli/main.ts (e.g. `git archive` of the commit before a change, node_modules linked):
 * measured in the same run, scenario by scenario after this one, so both see the same machine.
 */
const BASELINE_MAIN = process.env.BENCH_API_BASELINE_MAIN;
/** Paced readers start in this many groups spread over the second (api-load.ts, LoadOptions.groups). */
const PACED_GROUPS = Number(process.env.BENCH_API_PACED_GROUPS ?? 20);
const TARGET = { readP99Ms: 300, submitP99Ms: 1000 };
/** API processes (`arshjul api --processes`) to measure this checkout with, e.g. "1,2"; default its own default. */
const PROCESSES = (process.env.BENCH_API_PROCESSES ?? '').split(',').filter(Boolean).map(Number);

/** CPU ms one request cost the API and Postgres, where the run was reads alone. */
const cpuPerRequest = (m: Measured<LoadResult>) => {
  const ms = (cores: number) => Math.round(((cores * m.seconds * 1000) / m.value.requests) * 1000) / 1000;
  const transactions =
    m.postgresTransactions === undefined
      ? undefined
      : Math.round((m.postgresTransactions / m.value.requests) * 1000) / 1000;
  return {
    apiMs: ms(m.cpuCores.api),
    postgresMs: ms(m.cpuCores.postgres),
    postgresTransactions: transactions,
  };
};

/**
 * CPU ms one submission cost the API and Postgres: the run with submissions less the paced reads'
 * run (same readers, same pace), scaled by the reads each served, over the submissions. Postgres's
 * share includes the worker's appends and context reads for them.
 */
const cpuPerSubmission = (paced: Measured<LoadResult>, mixed: Measured<LoadResult[]>) => {
  const [reads, submitted] = mixed.value as [LoadResult, LoadResult];
  const extra = (of: 'api' | 'postgres') =>
    mixed.cpuCores[of] * mixed.seconds -
    (paced.cpuCores[of] * paced.seconds * reads.requests) / paced.value.requests;
  const ms = (seconds: number) => Math.round((seconds * 1000 * 100) / submitted.requests) / 100;
  return { apiMs: ms(extra('api')), postgresMs: ms(extra('postgres')) };
};

const timingLine = (r: LoadResult) =>
  Object.entries(r.serverTimingMs ?? {})
    .map(([step, t]) => `${step} p50 ${t.p50} p99 ${t.p99}`)
    .join(', ');

const line = (what: string, m: Measured<LoadResult>, target?: number) =>
  `${what}: ${m.value.requests} requests (${m.value.throughputPerSecond}/s), p50 ${m.value.latencyMs.p50} ms, p99 ${m.value.latencyMs.p99} ms${target ? ` (target ≤ ${target})` : ''} (autocannon's histogram p99 ${m.value.autocannonLatencyMs.p99}), non-2xx ${m.value.non2xx}, errors ${m.value.errors}; ${describeCpu(m.cpuCores)}; load ${m.loadAverage.join(' ')}${m.apiRuntime ? `; API ${describeRuntime(m.apiRuntime)}` : ''}`;

/** The bench database's transactions so far: with reads alone, the statements the API sent. */
const transactionsOf = (a: ApiHarness) => async () => {
  const { rows } = await a.h.db.appPool.query<{ n: string }>(
    `select pg_stat_clear_snapshot(), (select xact_commit + xact_rollback from pg_stat_database
       where datname = current_database()) as n`,
  );
  return Number(rows[0]?.n);
};

/** The three scenarios on one API: closed-loop reads, paced reads, paced reads with submissions. */
async function scenarios(
  url: string,
  probes: CpuProbes,
  reads: LoadRequest[],
  o: { submissions: LoadRequest[]; log: (line: string) => void },
) {
  o.log(`reads, closed loop: ${reads.length} secretaries, ${READ_SECONDS} s`);
  const closed = await measured(probes, () =>
    load(url, { connections: reads.length, duration: READ_SECONDS, requests: reads }),
  );
  o.log(`${line('closed loop', closed)}; CPU per request ${JSON.stringify(cpuPerRequest(closed))}`);
  // Closed loop, above: every secretary asks again the instant she is answered, so p99 is her queue
  // behind 1,999 others (Little's law). Paced: each reads her inbox once a second, which is still far
  // more often than a person does; p99 is then the answer time at that total rate. People's requests
  // are spread over the second (PACED_GROUPS starts); autocannon alone starts every paced connection
  // at once, so all 2,000 ask in the same instant every second: that run is kept beside it.
  const pacedReads = {
    connections: reads.length,
    duration: READ_SECONDS,
    connectionRate: 1,
    requests: reads,
  };
  const paced = await measured(probes, () => load(url, { ...pacedReads, groups: PACED_GROUPS }));
  o.log(`${line('paced (1/s each)', paced)}; CPU per request ${JSON.stringify(cpuPerRequest(paced))}`);
  const burst = await measured(probes, () => load(url, pacedReads));
  o.log(`${line('paced, all in the same instant', burst)}`);
  const mixed = await measured(probes, () =>
    Promise.all([
      load(url, { ...pacedReads, groups: PACED_GROUPS }),
      new Promise((r) => setTimeout(r, 2000)).then(() =>
        load(url, {
          connections: o.submissions.length,
          amount: o.submissions.length,
          requests: o.submissions,
        }),
      ),
    ]),
  );
  const [mixedReads, submitted] = mixed.value;
  const lines = [
    `${line('reads closed loop', closed, TARGET.readP99Ms)}; CPU ms per request ${JSON.stringify(cpuPerRequest(closed))}`,
    `${line('reads paced (1/s each)', paced, TARGET.readP99Ms)}; CPU ms per request ${JSON.stringify(cpuPerRequest(paced))}`,
    line('reads paced, all 2,000 in the same instant each second', burst, TARGET.readP99Ms),
    line('paced reads with submissions', { ...mixed, value: mixedReads }, TARGET.readP99Ms),
    `${line(`${o.submissions.length} submissions at once`, { ...mixed, value: submitted }, TARGET.submitP99Ms)}; inside the API (Server-Timing, ms): ${timingLine(submitted)}; CPU ms per submission (less the paced reads) ${JSON.stringify(cpuPerSubmission(paced, mixed))}`,
  ];
  o.log(lines[3] as string);
  o.log(lines[4] as string);
  return {
    lines,
    metrics: {
      closed,
      paced,
      pacedAllAtOnce: burst,
      mixed,
      cpuMsPerRead: { closed: cpuPerRequest(closed), paced: cpuPerRequest(paced) },
      cpuMsPerSubmission: cpuPerSubmission(paced, mixed),
    },
  };
}

const bench: Bench = {
  name: 'api',
  description: `${READERS} secretaries reading their inboxes while ${SUBMITTERS} submit at once (autocannon over HTTP, the API in a process of its own)`,
  async run({ log }) {
    const a = await createApiHarness('bench_api', { rateLimit: null });
    try {
      const registered = await registerSecretaries(
        a,
        { readers: READERS, municipalities: MUNICIPALITIES },
        log,
      );
      const builds = [
        ...(PROCESSES.length ? PROCESSES : [undefined]).map((processes) => ({
          name: processes ? `this, ${processes} process${processes > 1 ? 'es' : ''}` : 'this',
          main: undefined as string | undefined,
          processes,
        })),
        ...(BASELINE_MAIN ? [{ name: 'baseline', main: BASELINE_MAIN, processes: undefined }] : []),
      ];
      // Every repetition of every build submits tasks of its own (a task is handed in once).
      const submitters = await submittersWithTasks(
        a,
        { ...registered, submitters: SUBMITTERS * REPEAT * builds.length },
        log,
      );
      await a.catchUpProjections();
      const postmasterPid = await postmasterPidOf(a.h.db.appPool);

      if (CPU_PROFILE_DIR) mkdirSync(CPU_PROFILE_DIR, { recursive: true });
      const reads = registered.secretaries.slice(0, READERS).map(inboxRead);
      const runs: Record<string, unknown>[] = [];
      const summary: string[] = [];
      const apis = [];
      try {
        for (const build of builds) {
          const api = await startApiProcess({
            databaseUrl: a.h.db.appUrl,
            temporalAddress: a.h.env.address,
            taskQueue: a.h.taskQueue,
            cpuProfileDir: build.main ? undefined : CPU_PROFILE_DIR,
            main: build.main,
            processes: build.processes,
          });
          apis.push({ build: build.name, api });
          // Not measured: the API's first requests compile its code and verify each token once.
          log(`${build.name}: warm-up, every secretary reads her inbox twice`);
          await load(api.url, { connections: 200, amount: reads.length * 2, requests: reads });
        }
        let group = 0;
        for (let run = 1; run <= REPEAT; run++) {
          for (const { build, api } of apis) {
            const probes = {
              apiCpuSeconds: api.cpuSeconds,
              postmasterPid,
              apiUrl: api.url,
              postgresTransactions: transactionsOf(a),
            };
            const label = `run ${run}, ${build}`;
            const measuredRuns = await scenarios(api.url, probes, reads, {
              submissions: submitters.slice(group * SUBMITTERS, ++group * SUBMITTERS).map(submission),
              log: (l) => log(`${label}: ${l}`),
            });
            summary.push(...measuredRuns.lines.map((l) => `${label}: ${l}`));
            runs.push({ run, build, ...measuredRuns.metrics });
          }
        }
      } finally {
        for (const { api } of apis) await api.stop();
      }
      summary.push(
        `${os.cpus().length} cores; the API (arshjul api) in processes of its own: ${builds.map((b) => b.name).join('; ')}`,
      );
      return {
        summary,
        metrics: {
          readers: reads.length,
          submitters: SUBMITTERS,
          municipalities: MUNICIPALITIES,
          readSeconds: READ_SECONDS,
          baseline: BASELINE_MAIN ?? null,
          target: TARGET,
          runs,
        },
      };
    } finally {
      await a.teardown();
    }
  },
};

export default bench;

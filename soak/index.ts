/**
 * `npm run soak`: Sweden at once. Every municipality (or `kommuner` of them) registers and runs Ale's
 * cycle 2027 at the same time, on the Temporal dev server with a compressed clock, against the app
 * processes started as separate OS processes; meanwhile the soak kills processes, stops Kafka and
 * restarts Postgres. Afterwards it checks that nothing was lost and writes a JSON report.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { DEMO_CLOCK, type DemoClockSettings, planDemoClock } from '../demo/demo-clock';
import { runAleScenario } from '../scenario/ale-scenario';
import { repoRoot } from '../services/config';
import { servicesUp } from '../services/index';
import { mail } from '../services/mail';
import { type CheckResult, runChecks } from './checks';
import { terminateRunWorkflows } from './cleanup';
import type { RetryStats } from './client';
import { startDeployment } from './deployment';
import { driveAll, type KommunOutcome, type KommunRun, registerAll, soakClient } from './driver';
import { type FaultPlan, type InjectedFault, startFaults } from './faults';
import { chooseKommuner } from './kommuner';
import { duplicatesIgnored } from './mailpit-inbox';
import { assertOwnServices } from './own-services';
import { type CpuAccount, type CpuPerCycle, cpuPerCycle, startCpuAccount } from './process-cpu';
import { printReport } from './report';
import { soakProcesses } from './soak-processes';
import { type WorkflowCacheStats, watchWorkflowCache } from './workflow-cache-watch';

export interface SoakOptions {
  kommuner: number;
  faults: FaultPlan | ((plannedCycleMs: number) => FaultPlan);
  /** Wall ms of holds per municipality: each write, each read, each timer that fires; and a margin per action. */
  clock?: Partial<SoakClockLoad>;
  reportDir?: string;
  log?: (line: string) => void;
  /**
   * The longest pause between a driver's looks for a task not yet given out; the pauses grow from the
   * first (25 ms, 5 ms per municipality) up to this. Default TASK_POLL_MAX_MS; 0: never backs off.
   */
  taskPollMaxMs?: number;
  /** Keep the run's database afterwards (default: only when a check failed). */
  keepDatabase?: boolean;
}

/**
 * Drivers look for a task less often the longer it keeps away, up to every 10 s: under load a task
 * comes minutes after its phase opened, and looking every 200 ms made over 90% of the API's requests
 * 404s for tasks not yet given out (40 municipalities without faults, 7 Dec 2026: 59,650 of 65,251).
 * With 3 s, 290 under every fault still looked 21 times per task (199,099 GETs, a tenth of the run's
 * CPU in the API, Postgres and the drivers); a person who has waited a minute looks every 10 s.
 */
export const TASK_POLL_MAX_MS = 10_000;

export interface SoakClockLoad {
  msPerWrite: number;
  msPerRead: number;
  msPerTimer: number;
  actionMarginMs: number;
  /** Every hold, grown for the municipalities, times this (below 1: a denser clock, more actions late). */
  holdScale: number;
}

/**
 * A late action loses nothing (the cycle takes it whenever it comes), but it costs: a task given out
 * after its due date is escalated at once (an event, a workflow task, e-mail to the process owners).
 * With 20 ms per write and municipality the clock of 290 was planned at 632 s while the machine needs
 * 15 minutes of CPU or more for them: by 16 minutes 6,095 of 7,192 tasks given out had been escalated
 * (mxd9gn5f, 7 Dec), and approvals slowed from ~300 to ~100 a minute as escalations took the CPU. A
 * write costs the deployment about 40 ms of one core's time per municipality (about 6.5 CPU-s a cycle
 * on 2 cores), so the clock plans that much.
 */
export const DEFAULT_CLOCK_LOAD: SoakClockLoad = {
  msPerWrite: 40,
  msPerRead: 2.5,
  msPerTimer: 10,
  actionMarginMs: 1_000,
  holdScale: 1,
};

export interface RouteWaits {
  route: string;
  count: number;
  totalMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** The routes by the wall time their requests took in all, most first. */
export function routeWaits(waitsByRoute: Record<string, number[]>): RouteWaits[] {
  return Object.entries(waitsByRoute)
    .map(([route, waits]) => {
      const sorted = [...waits].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        route,
        count: sorted.length,
        totalMs: sorted.reduce((sum, ms) => sum + ms, 0),
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        maxMs: sorted.at(-1) ?? 0,
      };
    })
    .sort((a, b) => b.totalMs - a.totalMs);
}

export interface SoakReport {
  run: string;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  kommuner: number;
  wallMs: number;
  stepsMs: { deployment: number; registration: number; cycles: number; checks: number };
  plannedCycleMs: number;
  loadAverage: { start: number[]; end: number[]; highest1m: number };
  faults: InjectedFault[];
  restarts: Record<string, number>;
  requests: Omit<RetryStats, 'waitsByRoute'> & {
    registrationCommands: number;
    /** Per route, the wall ms of its requests until their real answer: where the run's time went. */
    byRoute: RouteWaits[];
  };
  /** Actions that came after their instant; the latest by how many wall ms (the calendar is compressed). */
  lateActions: { total: number; municipalities: number; latestByWallMs: number };
  /** Waits for a task to be given out (slow, not lost: the driver looks again until it appears). */
  taskWaits: TaskWaits;
  failures: { municipalityId: string; error: string }[];
  /** CPU seconds of each process while the cycles ran (/proc/<pid>/stat), and per closed cycle. */
  cpu: { account: CpuAccount; perCycle: CpuPerCycle | null };
  /**
   * The worker's workflow cache while the cycles ran: tasks that found their workflow in memory, and
   * those that came with its whole history.
   */
  workflowCache: WorkflowCacheStats;
  checks: CheckResult[];
  reportFile: string;
}

export interface TaskWaits {
  count: number;
  /** Tasks that came more than ten minutes after the driver began to look (the old bound). */
  overTenMinutes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function taskWaits(waits: number[]): TaskWaits {
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    overTenMinutes: sorted.filter((ms) => ms > 10 * 60_000).length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted.at(-1) ?? 0,
  };
}

/** The demo's clock settings with every hold grown for `n` municipalities acting at the same moments. */
export function soakClockSettings(n: number, load: SoakClockLoad): DemoClockSettings {
  const scaled = (ms: number) => Math.round(ms * load.holdScale);
  return {
    ...DEMO_CLOCK,
    actionHoldBaseMs: scaled(DEMO_CLOCK.actionHoldBaseMs + load.actionMarginMs),
    actionHoldPerWriteMs: scaled(DEMO_CLOCK.actionHoldPerWriteMs + n * load.msPerWrite),
    actionHoldPerReadMs: scaled(DEMO_CLOCK.actionHoldPerReadMs + n * load.msPerRead),
    timerHoldMs: scaled(DEMO_CLOCK.timerHoldMs + n * load.msPerTimer),
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const run = started.toString(36);
  const reportDir = options.reportDir ?? path.join(repoRoot, 'bench', 'results');
  mkdirSync(reportDir, { recursive: true });
  mkdirSync(path.join(repoRoot, 'reports'), { recursive: true });
  const processLog = createWriteStream(path.join(repoRoot, 'reports', `soak-${run}.log`));
  const say = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    processLog.write(`${new Date().toISOString()} ${line}\n`);
    say(line);
  };
  const quiet = (line: string) => processLog.write(`${new Date().toISOString()} ${line}\n`);
  const loadStart = loadavg();
  let highest = loadStart[0] ?? 0;
  const sampler = setInterval(() => {
    highest = Math.max(highest, loadavg()[0] ?? 0);
  }, 5_000);

  const kommuner = chooseKommuner(options.kommuner);
  const runs: KommunRun[] = kommuner.map((kommun) => ({ kommun, municipalityId: `${kommun.id}-${run}` }));
  log(`Sverige på en gång: ${runs.length} kommuner, körning ${run}`);
  log('1. Tjänsterna (Postgres, Temporal, Kafka, e-post) …');
  await servicesUp(['postgres', 'temporal', 'kafka', 'mail'], quiet);
  await assertOwnServices();
  if (runs.length > 40) {
    // Mailpit keeps 5000 e-mails by default; the whole country sends several times that.
    process.env.ARSHJUL_MAILPIT_MAX ??= '500000';
    await mail.down(quiet);
    await mail.up(quiet);
  }
  const mailpitIgnoredBefore = await duplicatesIgnored();
  // The clock's plan needs only the scenario and the count: rehearsed while the processes start.
  const load = { ...DEFAULT_CLOCK_LOAD, ...options.clock };
  const planning = planDemoClock((port) => runAleScenario({ port }), soakClockSettings(runs.length, load));
  planning.catch(() => undefined); // awaited below; a failed deployment must not leave it unhandled
  log('2. Startar api, worker, relay, projections och mail som egna processer …');
  const deployment = await startDeployment({ run, log: quiet, idempotencyStaleSeconds: 10 });
  const deployedAt = Date.now();
  // The processes run in their own process groups: Ctrl-C reaches the soak only, which stops them.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stoppar processerna (databasen ${deployment.database} finns kvar)`);
    deployment.stop(true).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const stats: RetryStats = { retries: 0, longestWaitMs: 0, waitsByRoute: {} };
  const client = soakClient(deployment.apiUrl, stats);
  let report: SoakReport | undefined;
  try {
    log(`3. Registrerar ${runs.length} kommuner (organisation, personer, styrdokument) via API:et …`);
    const registrationCommands = await registerAll(client, runs, 32);
    const registeredAt = Date.now();
    log(`   ${registrationCommands} kommandon på ${((registeredAt - deployedAt) / 1000).toFixed(1)} s`);

    const plan = await planning;
    const faultPlan =
      typeof options.faults === 'function' ? options.faults(plan.plannedWallMs) : options.faults;
    log(
      `4. Kör cykel 2027 i alla ${runs.length} samtidigt: planerad klocka ${Math.round(plan.plannedWallMs / 1000)} s per cykel, fel under tiden`,
    );
    const everyoneAt = new Map<number, { reached: Promise<void>; resolve: () => void }>();
    const barrier = (step: number) => {
      let entry = everyoneAt.get(step);
      if (!entry) {
        let resolve = () => {};
        const reached = new Promise<void>((r) => {
          resolve = r;
        });
        entry = { reached, resolve };
        everyoneAt.set(step, entry);
      }
      return entry;
    };
    const faults = startFaults(deployment.supervisor, faultPlan, log, (step) => barrier(step).reached);
    const stepCounts = new Map<number, number>();
    const cpuAccount = startCpuAccount(soakProcesses(deployment));
    const workflowCache = watchWorkflowCache({
      pid: () => deployment.supervisor.children.get('worker')?.pid,
      metricsUrl: `${deployment.healthUrls.worker}/metrics`,
    });
    const outcomes: KommunOutcome[] = await driveAll(client, runs, plan.clock, {
      taskPollMaxMs: options.taskPollMaxMs ?? TASK_POLL_MAX_MS,
      onStep: (step) => {
        const n = (stepCounts.get(step) ?? 0) + 1;
        stepCounts.set(step, n);
        if (n === runs.length) {
          log(`   alla kommuner har nått steg ${step} av 7`);
          barrier(step).resolve();
        }
      },
      onOutcome: (r, outcome) => {
        if (!outcome.closed) log(`   ${r.municipalityId}: ${outcome.error ?? 'stängdes inte'}`);
      },
    });
    const cpuUsed = await cpuAccount.stop();
    const cacheUsed = await workflowCache.stop();
    const injected = await faults.stop();
    const cyclesDoneAt = Date.now();
    const closed = outcomes.filter((o) => o.closed).length;
    log(
      `   ${closed} av ${runs.length} cykler stängda efter ${((cyclesDoneAt - registeredAt) / 1000).toFixed(1)} s`,
    );

    log('5. Kontroller:');
    const checks = await runChecks({
      client,
      pool: deployment.pool,
      topic: deployment.topic,
      run,
      municipalityIds: runs.map((r) => r.municipalityId),
      mailpitIgnoredBefore,
      log: (line) => log(`   ${line}`),
    });
    const finished = Date.now();
    const late = outcomes.filter((o) => o.late > 0);
    const reportFile = path.join(reportDir, `soak-${run}.json`);
    report = {
      run,
      ok: checks.every((c) => c.ok),
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      kommuner: runs.length,
      wallMs: finished - started,
      stepsMs: {
        deployment: deployedAt - started,
        registration: registeredAt - deployedAt,
        cycles: cyclesDoneAt - registeredAt,
        checks: finished - cyclesDoneAt,
      },
      plannedCycleMs: plan.plannedWallMs,
      loadAverage: { start: loadStart, end: loadavg(), highest1m: Math.max(highest, loadavg()[0] ?? 0) },
      faults: injected,
      restarts: Object.fromEntries(deployment.supervisor.restarts),
      requests: {
        retries: stats.retries,
        longestWaitMs: stats.longestWaitMs,
        registrationCommands,
        byRoute: routeWaits(stats.waitsByRoute),
      },
      lateActions: {
        total: late.reduce((n, o) => n + o.late, 0),
        municipalities: late.length,
        latestByWallMs: Math.max(0, ...late.map((o) => o.latestByWallMs)),
      },
      taskWaits: taskWaits(outcomes.flatMap((o) => o.taskWaitsMs)),
      failures: outcomes.flatMap((o) =>
        o.error ? [{ municipalityId: o.municipalityId, error: o.error }] : [],
      ),
      cpu: { account: cpuUsed, perCycle: cpuPerCycle(cpuUsed, closed) },
      workflowCache: cacheUsed,
      checks,
      reportFile: path.relative(repoRoot, reportFile),
    };
    writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report, log);
    return report;
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    clearInterval(sampler);
    const ended = await terminateRunWorkflows(run).catch(() => 0);
    if (ended) log(`   ${ended} arbetsflöden som fortfarande körde avslutades`);
    const keep = options.keepDatabase ?? !report?.ok;
    await deployment.stop(keep);
    if (keep) log(`   databasen ${deployment.database} finns kvar för granskning`);
    processLog.end();
  }
}

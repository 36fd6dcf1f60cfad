import type { Command } from 'commander';
import type { FaultPlan } from './faults';
import { allKommuner } from './kommuner';

/** The full soak's faults: a kill -9 every 20–40 s, Kafka away 60 s at a quarter, Postgres restarted past half. */
export function fullFaultPlan(plannedCycleMs: number, kafkaOutageMs = 60_000): FaultPlan {
  return {
    killEveryMs: [20_000, 40_000],
    kills: [],
    kafkaOutage: { afterMs: Math.round(plannedCycleMs * 0.25), forMs: kafkaOutageMs },
    postgresRestart: { afterMs: Math.round(plannedCycleMs * 0.6) },
  };
}

interface SoakCliOptions {
  kommuner: string;
  faults: boolean;
  kafkaOutage: string;
  msPerWrite?: string;
  taskPollMaxMs?: string;
}

const NO_FAULTS: FaultPlan = { killEveryMs: null, kills: [], kafkaOutage: null, postgresRestart: null };

/** `arshjul soak [--kommuner N] [--no-faults]` (npm run soak). */
export function registerSoakCommand(program: Command): void {
  program
    .command('soak')
    .description(
      'every municipality runs cycle 2027 at once while processes are killed, Kafka stops and Postgres restarts; then checks that nothing was lost',
    )
    .option('--kommuner <n>', 'hur många kommuner (högst 290)', String(allKommuner().length))
    .option('--no-faults', 'inga fel under körningen')
    .option('--kafka-outage <s>', 'hur länge Kafka är stoppad (sekunder)', '60')
    .option('--ms-per-write <ms>', 'väntetid per skrivning och kommun i klockans plan (standard 40)')
    .option('--task-poll-max-ms <ms>', 'längsta paus mellan två tittar efter en uppgift (0: ingen ökning)')
    .action(async (o: SoakCliOptions) => {
      const count = Number(o.kommuner);
      if (!Number.isInteger(count) || count < 1 || count > allKommuner().length)
        throw new Error(`--kommuner: '${o.kommuner}' ska vara ett heltal 1–${allKommuner().length}`);
      const msPerWrite = o.msPerWrite === undefined ? undefined : Number(o.msPerWrite);
      if (msPerWrite !== undefined && !(Number.isFinite(msPerWrite) && msPerWrite >= 0))
        throw new Error(`--ms-per-write: '${o.msPerWrite}' ska vara ett tal ≥ 0`);
      const taskPollMaxMs = o.taskPollMaxMs === undefined ? undefined : Number(o.taskPollMaxMs);
      if (taskPollMaxMs !== undefined && !(Number.isFinite(taskPollMaxMs) && taskPollMaxMs >= 0))
        throw new Error(`--task-poll-max-ms: '${o.taskPollMaxMs}' ska vara ett tal ≥ 0`);
      const { runSoak } = await import('./index');
      const report = await runSoak({
        kommuner: count,
        faults: o.faults ? (planned) => fullFaultPlan(planned, Number(o.kafkaOutage) * 1000) : NO_FAULTS,
        clock: msPerWrite === undefined ? {} : { msPerWrite },
        ...(taskPollMaxMs !== undefined ? { taskPollMaxMs } : {}),
      });
      process.exit(report.ok ? 0 : 1);
    });
}

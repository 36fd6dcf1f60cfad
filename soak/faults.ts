/**
 * Faults the soak injects into its own deployment while the cycles run: kill -9 of an app process
 * (the supervisor starts it again), Kafka stopped for a while, Postgres restarted.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Supervisor } from '../ops/supervisor';
import { kafka } from '../services/kafka';
import { postgres } from '../services/postgres';

export const KILLABLE = ['worker', 'relay', 'projections', 'api', 'mail'] as const;
export type Killable = (typeof KILLABLE)[number];

/**
 * Whom the random kills hit: each process once per round, in a new random order each round. Drawn
 * independently, the worker's share varied from 4 to 13 of some 45 kills between runs, and each worker
 * kill costs the run tens of CPU-seconds (every live workflow rebuilt): runs were not comparable.
 */
export function* killTargets(random: () => number = Math.random): Generator<Killable, never> {
  for (;;) {
    const round = [...KILLABLE];
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j] as Killable, round[i] as Killable];
    }
    yield* round;
  }
}

export interface FaultPlan {
  /** kill -9 of a random process every [min, max] ms, each process as often (killTargets); null: none. */
  killEveryMs: [number, number] | null;
  /**
   * Kills at moments of the run: ms after the faults start, or once every municipality has reached a
   * step of the scenario (1–7), which lands mid-run however fast the machine and the clock are.
   */
  kills: KillAt[];
  /** Kafka stopped once, `afterMs` after the start, for `forMs`. */
  kafkaOutage: { afterMs: number; forMs: number } | null;
  /** Postgres restarted once, `afterMs` after the start. */
  postgresRestart: { afterMs: number } | null;
}

export type KillAt = ({ afterMs: number } | { atStep: number }) & { target: Killable };

export interface InjectedFault {
  kind: 'kill -9' | 'kafka stoppad' | 'postgres omstartad';
  /** Wall time, ISO. */
  at: string;
  target?: string;
  pid?: number;
  /** How long the fault lasted (Kafka down; Postgres from stop to answering again). */
  durationMs?: number;
  error?: string;
}

export interface RunningFaults {
  /** Stops injecting; waits for a Kafka or Postgres fault under way to be undone. */
  stop(): Promise<InjectedFault[]>;
}

export function startFaults(
  supervisor: Supervisor,
  plan: FaultPlan,
  log: (line: string) => void,
  /** Resolves once every municipality has reached the scenario's step. */
  reached: (step: number) => Promise<void> = () => new Promise(() => {}),
): RunningFaults {
  const injected: InjectedFault[] = [];
  const abort = new AbortController();
  const sleep = (ms: number) =>
    delay(ms, undefined, { signal: abort.signal }).then(
      () => true,
      () => false,
    );
  const kill = (target: Killable) => {
    const child = supervisor.children.get(target);
    const pid = child?.pid;
    if (!child || pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGKILL');
    injected.push({ kind: 'kill -9', at: new Date().toISOString(), target, pid });
    log(`fel: kill -9 ${target} (pid ${pid})`);
  };

  const tasks: Promise<unknown>[] = [];
  if (plan.killEveryMs) {
    const [min, max] = plan.killEveryMs;
    tasks.push(
      (async () => {
        const targets = killTargets();
        while (await sleep(min + Math.random() * (max - min))) kill(targets.next().value);
      })(),
    );
  }
  const stopped = new Promise<false>((resolve) =>
    abort.signal.addEventListener('abort', () => resolve(false), { once: true }),
  );
  for (const k of plan.kills) {
    const due =
      'afterMs' in k ? sleep(k.afterMs) : Promise.race([reached(k.atStep).then(() => true), stopped]);
    tasks.push(due.then((now) => now && kill(k.target)));
  }
  if (plan.kafkaOutage) {
    const { afterMs, forMs } = plan.kafkaOutage;
    tasks.push(
      sleep(afterMs).then(async (due) => {
        if (!due) return;
        const fault: InjectedFault = { kind: 'kafka stoppad', at: new Date().toISOString() };
        injected.push(fault);
        const started = Date.now();
        try {
          log(`fel: Kafka stoppas i ${Math.round(forMs / 1000)} s`);
          await kafka.down(log);
          // The outage lasts its length even when the soak is asked to stop meanwhile.
          await delay(Math.max(0, forMs - (Date.now() - started)));
        } catch (error) {
          fault.error = String(error);
        } finally {
          await kafka.up(log).catch((error: unknown) => {
            fault.error = String(error);
          });
          fault.durationMs = Date.now() - started;
          log(`fel: Kafka igång igen efter ${Math.round(fault.durationMs / 1000)} s`);
        }
      }),
    );
  }
  if (plan.postgresRestart) {
    tasks.push(
      sleep(plan.postgresRestart.afterMs).then(async (due) => {
        if (!due) return;
        const fault: InjectedFault = { kind: 'postgres omstartad', at: new Date().toISOString() };
        injected.push(fault);
        const started = Date.now();
        log('fel: Postgres startas om');
        try {
          await postgres.down(log);
        } catch (error) {
          fault.error = String(error);
        } finally {
          await postgres.up(log).catch((error: unknown) => {
            fault.error = String(error);
          });
          fault.durationMs = Date.now() - started;
          log(`fel: Postgres svarar igen efter ${Math.round(fault.durationMs / 1000)} s`);
        }
      }),
    );
  }
  return {
    async stop() {
      abort.abort();
      await Promise.all(tasks);
      return injected;
    },
  };
}

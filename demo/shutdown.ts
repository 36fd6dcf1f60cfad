/**
 * Ctrl-C (SIGINT) and SIGTERM end the demo at any point, during start-up, the scenario or after it:
 * the API, projections, relay and worker stop in reverse order of starting, each given a share of a
 * hard deadline, then the process exits. The native services (Postgres, Temporal, Kafka) run detached
 * and stay up until `services down`.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Wall ms from the signal to the exit at the latest (the demo promises 5 s). */
export const SHUTDOWN_DEADLINE_MS = 4_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SIGNAL_EXIT_CODES: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Temporal's runtime would otherwise take SIGINT and SIGTERM itself: it only shuts the worker down,
 * and the API and consumers keep the process alive (the demo then ignored SIGTERM). Must run before
 * the first Temporal connection of the process.
 */
export function installDemoRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // already installed in this process (e.g. by a test): signals are then the installer's business
  }
}

export interface Shutdown {
  /**
   * Adds a step with the wall ms it may take; steps run in reverse order of adding (last started,
   * first stopped). Their budgets together stay within the deadline.
   */
  add(name: string, budgetMs: number, step: () => Promise<void>): void;
  /** True once a signal (or stop) has begun the shutdown. */
  readonly stopping: boolean;
  /** Stops everything once (later calls wait for the first). */
  stop(): Promise<void>;
  /** Set once the demo has printed its summary: a signal then ends it with exit code 0. */
  completed(): void;
  /** Removes the signal handlers (for callers that stop the demo themselves). */
  dispose(): void;
}

export function createShutdown(log: (line: string) => void, handleSignals = true): Shutdown {
  const steps: { name: string; budgetMs: number; step: () => Promise<void> }[] = [];
  let stopping: Promise<void> | null = null;
  let done = false;

  const stop = () => {
    stopping ??= (async () => {
      const started = Date.now();
      for (const { name, budgetMs, step } of [...steps].reverse()) {
        const outcome = await withTimeout(step(), budgetMs);
        if (outcome !== 'done')
          log(`   ${name}: ${outcome === 'timeout' ? `stoppades inte inom ${budgetMs} ms` : outcome}`);
      }
      log(`   stängt på ${((Date.now() - started) / 1000).toFixed(1)} s`);
    })();
    return stopping;
  };

  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    log(`\n${signal}: stänger API, projektioner, relä och worker (tjänsterna fortsätter köra) …`);
    // The hard deadline: whatever still hangs, the process ends in time.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    void stop().then(() => process.exit(done ? 0 : SIGNAL_EXIT_CODES[signal]));
  };
  if (handleSignals) for (const signal of SIGNALS) process.once(signal, onSignal);

  return {
    add: (name, budgetMs, step) => {
      steps.push({ name, budgetMs, step });
    },
    get stopping() {
      return stopping !== null;
    },
    stop,
    completed: () => {
      done = true;
    },
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}

async function withTimeout(work: Promise<void>, ms: number): Promise<'done' | 'timeout' | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

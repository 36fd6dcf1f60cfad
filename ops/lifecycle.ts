/**
 * Graceful shutdown of a long-running process: on the first SIGINT or SIGTERM its stop runs once,
 * within a deadline, then the process exits 0 (stopped cleanly) or 1 (stop failed or hung).
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Wall ms a process has from the signal to its exit; `arshjul up` waits a little longer. */
export const PROCESS_STOP_DEADLINE_MS = 10_000;

/** Resolves with the signal that arrived first. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of SIGNALS) process.off(s, on);
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, on);
  });
}

/** Waits for a signal, stops, logs, exits. */
export async function stopOnSignal(
  name: string,
  stop: () => Promise<void>,
  log: (line: string) => void = (line) => console.error(line),
): Promise<never> {
  const signal = await untilSignal();
  // A second signal (Ctrl-C pressed again, a supervisor's SIGTERM) must not cut the stop short.
  for (const s of SIGNALS) process.on(s, () => {});
  log(`${name}: ${signal}, stänger …`);
  const hard = setTimeout(() => {
    log(`${name}: stängde inte inom ${PROCESS_STOP_DEADLINE_MS} ms`);
    process.exit(1);
  }, PROCESS_STOP_DEADLINE_MS);
  hard.unref();
  try {
    await stop();
    log(`${name}: stoppad`);
    process.exit(0);
  } catch (error) {
    log(`${name}: fel vid stängning: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

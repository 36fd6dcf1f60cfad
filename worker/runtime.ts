import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

/**
 * Temporal's runtime logs every worker state change at INFO; people running the demo or a worker want
 * warnings. Must run before the first connection or worker of the process; later calls do nothing.
 */
export function installRuntimeLogger(level: LogLevel = 'WARN'): void {
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // already installed in this process
  }
}

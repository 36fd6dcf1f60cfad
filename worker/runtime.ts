import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

/**
 * Temporal's runtime logs every worker state change at INFO; people running the demo or a worker want
 * warnings. With `prometheusBindAddress`, Temporal's core also serves its own metrics there (workflow
 * and activity task latencies, pollers, slots), which the worker's /metrics passes on. Must run before
 * the first connection or worker of the process; later calls do nothing.
 */
export function installRuntimeLogger(
  level: LogLevel = 'WARN',
  options: { prometheusBindAddress?: string } = {},
): void {
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      ...(options.prometheusBindAddress
        ? {
            telemetryOptions: {
              metrics: {
                prometheus: {
                  bindAddress: options.prometheusBindAddress,
                  countersTotalSuffix: true,
                  useSecondsForDurations: true,
                  unitSuffix: true,
                },
              },
            },
          }
        : {}),
    });
  } catch {
    // already installed in this process
  }
}

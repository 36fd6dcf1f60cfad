import v8 from 'node:v8';
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

/**
 * Young-generation size (MiB per semi-space) for the workflow threads' V8 isolates, which are created
 * after this call. V8's default (16 MiB) makes the workflow threads scavenge often: every activation
 * allocates protobufs, zod results and promises that die young. ARSHJUL_WORKER_SEMI_SPACE_MB overrides
 * it for measuring; 0 keeps V8's default.
 */
export const WORKFLOW_SEMI_SPACE_MB = 0;

export function sizeWorkflowYoungGeneration(env: NodeJS.ProcessEnv = process.env): void {
  const raw = env.ARSHJUL_WORKER_SEMI_SPACE_MB;
  const mb = raw === undefined || raw === '' ? WORKFLOW_SEMI_SPACE_MB : Number(raw);
  if (!Number.isInteger(mb) || mb < 0)
    throw new Error(`ARSHJUL_WORKER_SEMI_SPACE_MB: '${raw}' ska vara ett heltal ≥ 0`);
  if (mb > 0) v8.setFlagsFromString(`--max-semi-space-size=${mb}`);
}

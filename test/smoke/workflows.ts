// Test-only workflows for the service smoke tests.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({
  startToCloseTimeout: '10 seconds',
});

export async function helloWorkflow(name: string): Promise<string> {
  return await greet(name);
}

/** Sleeps for 400 days: with time skipping this finishes in seconds of wall time. */
export async function longSleepWorkflow(): Promise<{ startedAt: number; finishedAt: number }> {
  const startedAt = Date.now();
  await sleep('400 days');
  return { startedAt, finishedAt: Date.now() };
}

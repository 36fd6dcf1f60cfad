import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../services/config';
import { longSleepWorkflow } from './workflows';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Temporal time-skipping test server (native build)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: paths.temporalTestServerBin } },
    });
  });
  afterAll(() => env?.teardown());

  it('skips a 400-day sleep in seconds of wall time', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'smoke-time-skipping',
      workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    });
    const wallStart = Date.now();
    const { startedAt, finishedAt } = await worker.runUntil(
      env.client.workflow.execute(longSleepWorkflow, {
        taskQueue: 'smoke-time-skipping',
        workflowId: 'long-sleep',
      }),
    );
    const wallMs = Date.now() - wallStart;
    expect(finishedAt - startedAt).toBeGreaterThanOrEqual(400 * DAY_MS);
    // Workflow time moved 400 days while the wall clock moved far less than one of them.
    expect(wallMs).toBeLessThan(DAY_MS);
    console.log(`400 workflow days took ${wallMs} ms of wall time`);
  });
});

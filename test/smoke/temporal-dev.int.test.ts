import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrls } from '../../services/config';
import { helloWorkflow } from './workflows';

describe('Temporal dev server (real server)', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  });
  afterAll(() => connection?.close());

  it('runs a workflow with an activity on a real worker', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: serviceUrls.temporalNamespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
      activities: { greet: async (name: string) => `Hej ${name}!` },
    });
    const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
    try {
      const result = await worker.runUntil(
        client.workflow.execute(helloWorkflow, {
          taskQueue,
          workflowId: `smoke-${randomUUID()}`,
          args: ['Ale'],
        }),
      );
      expect(result).toBe('Hej Ale!');
    } finally {
      await workerConnection.close();
    }
  });
});

import { Client, Connection } from '@temporalio/client';
import { serviceUrls } from '../services/config';

/**
 * Ends the run's workflows that still run (a cycle whose driver failed): left in the Temporal dev
 * server, they would be picked up by the next run's worker, which writes to another database.
 */
export async function terminateRunWorkflows(run: string): Promise<number> {
  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  try {
    const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
    let ended = 0;
    for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
      if (!wf.workflowId.includes(`-${run}`)) continue;
      await client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .terminate(`Soak-körningen ${run} är slut`)
        .then(() => ended++)
        .catch(() => undefined);
    }
    return ended;
  } finally {
    await connection.close();
  }
}

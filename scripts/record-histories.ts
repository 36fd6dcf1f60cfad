/**
 * Records the Temporal histories of a real run of the Ale acceptance scenario (time-skipping server,
 * real Postgres) into test/histories/<date and time>/, where the replay test keeps them honest: a workflow change that
 * is not deterministic against them fails the suite. Run after a deliberate, patched() change:
 *   node --import tsx scripts/record-histories.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';

const { temporal } = proto;

import { runAleScenario } from '../scenario/ale-scenario';
import { servicesUp } from '../services/index';
import { createWorkflowHarness } from '../test/support/workflow-env';
import { cycleWorkflowId, phaseWorkflowId, taskWorkflowId } from '../workflows/messages';

// One folder per recording, so older generations keep proving that the old code paths still replay.
const generation = new Date().toISOString().slice(0, 16).replace(':', ''); // e.g. 2026-11-23T1450
const dir = path.resolve(import.meta.dirname, '../test/histories', generation);

await servicesUp(['postgres', 'temporal-test-server']);
const h = await createWorkflowHarness('record_histories');
await h.registerAle();
await h.startWorker();
try {
  const result = await runAleScenario({ port: h.port('ale', 2027) });
  const ids = [
    cycleWorkflowId('ale', 2027),
    ...(['omvarldsdag', 'nulagesanalys', 'tillitsdialog', 'budget', 'delarsbokslut', 'bokslut'] as const).map(
      (p) => phaseWorkflowId('ale', 2027, p),
    ),
    ...[result.taskIds.omvarldsdag[0] as string, result.returnedTaskId, result.lateTaskId].map(
      taskWorkflowId,
    ),
  ];
  mkdirSync(dir, { recursive: true });
  for (const id of ids) {
    const history = await h.env.client.workflow.getHandle(id).fetchHistory();
    // Binary protobuf, as Temporal stores it (the JSON helper trips over a duplicate protobufjs copy).
    writeFileSync(path.join(dir, `${id}.binpb`), temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${id} (${history.events?.length ?? 0} events)`);
  }
} finally {
  await h.teardown();
}

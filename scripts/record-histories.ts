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

import { WorkflowService } from '../application/workflow-service';
import { ALE_ORGAN, ALE_USERS } from '../domain/examples/ale';
import { cycleStream, makeTaskId } from '../domain/streams';
import { aleCycleInput, runAleScenario } from '../scenario/ale-scenario';
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
  ids.push(...(await runLateDecision()));
  ids.push(...(await runOrganChange()));
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

/** A second municipality whose KS proposes no budget by its October deadline: the overdue-decision path. */
async function runLateDecision(): Promise<string[]> {
  const municipalityId = 'ale-late';
  await h.registerAle(municipalityId);
  const port = h.port(municipalityId, 2027);
  await port.startCycle({ ...aleCycleInput(), municipalityId });
  await port.advanceTo('2026-11-05T09:00:00+01:00');
  for (let i = 0; i < 100; i++) {
    const events = await h.store.readStream(cycleStream(municipalityId, 2027));
    if (events.some((e) => e.type === 'DecisionOverdue')) {
      return [cycleWorkflowId(municipalityId, 2027), phaseWorkflowId(municipalityId, 2027, 'budget')];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no DecisionOverdue recorded for ale-late within 10 s');
}

/**
 * A third municipality whose organisation changes while the nulägesanalys runs (cycle-follows-organs):
 * KFN removed (its task cancelled), Valnämnden added (given its task), BUN renamed.
 */
async function runOrganChange(): Promise<string[]> {
  const municipalityId = 'ale-organ';
  await h.registerAle(municipalityId);
  const port = h.port(municipalityId, 2027);
  await port.startCycle({ ...aleCycleInput(), municipalityId });
  await port.advanceTo('2026-02-10T09:00:00+01:00');
  const meta = { at: '2026-02-10T08:00:00.000Z', actor: ALE_USERS.processOwner };
  await h.runMunicipalityCommands(municipalityId, [
    { type: 'RemoveOrgan', ...meta, organId: ALE_ORGAN.kfn, reason: 'KF 2026-02-09 § 5: nämnden upphör' },
    { type: 'AddOrgan', ...meta, organId: 'ale-vn', kind: 'committee', name: 'Valnämnden', shortName: 'VN' },
    { type: 'RenameOrgan', ...meta, organId: ALE_ORGAN.bun, name: 'Utbildningsnämnden', shortName: 'UN' },
  ]);
  const workflows = new WorkflowService({
    client: h.env.client,
    store: h.store,
    taskQueue: h.taskQueue,
    time: h.time,
  });
  await workflows.organisationChanged(municipalityId, [2027]);
  const task = (organId: string) =>
    makeTaskId({ municipalityId, budgetYear: 2027, kind: 'nulagesanalys', organId });
  for (let i = 0; i < 100; i++) {
    const [removed, added] = await Promise.all([
      h.store.readStream(`task-${task(ALE_ORGAN.kfn)}`),
      h.store.readStream(`task-${task('ale-vn')}`),
    ]);
    if (removed.some((e) => e.type === 'TaskCancelled') && added.length > 0) {
      return [
        cycleWorkflowId(municipalityId, 2027),
        phaseWorkflowId(municipalityId, 2027, 'nulagesanalys'),
        taskWorkflowId(task(ALE_ORGAN.kfn)),
        taskWorkflowId(task('ale-vn')),
      ];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the cycle of ale-organ did not follow its organisation within 10 s');
}

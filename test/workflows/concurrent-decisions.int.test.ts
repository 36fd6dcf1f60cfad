import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGANS } from '../../domain/examples/ale';
import { isSubjectToDischarge } from '../../domain/municipality/organ';
import { ALE_DISCHARGE_MOVED_TO, runAleScenario } from '../../scenario/ale-scenario';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

/** Whole Ale cycles run in this test: LOOPS loops side by side, each on a test server of its own. */
const RUNS = 50;
const LOOPS = 5;

const committees = ALE_ORGANS.filter((o) => o.kind === 'committee').length;
const discharged = ALE_ORGANS.filter((o) => isSubjectToDischarge(o.kind)).length;

/**
 * The race that hung the demo: decisions that reach a cycle together (every discharge at once, every
 * plan adoption at once, the dialogue report racing a calendar change). Each is recorded by its own
 * update; the phase waiting for them must end up with all of them, whatever order its snapshots
 * arrive in. Every run is the whole acceptance scenario of its own municipality, so a stall anywhere
 * shows as a run that never closes.
 */
describe('decisions that reach a cycle at once never stall it', () => {
  const harnesses: WorkflowHarness[] = [];

  beforeAll(async () => {
    for (let loop = 0; loop < LOOPS; loop++) {
      const h = await createWorkflowHarness(`concurrent_decisions_${loop}`);
      harnesses.push(h);
      await h.startWorker();
    }
  });
  afterAll(() => Promise.all(harnesses.map((h) => h.teardown())));

  it(`closes every one of ${RUNS} cycles`, { timeout: 900_000 }, async () => {
    const closed: string[] = [];
    // One loop: its cycles one after another, each for a municipality of its own.
    const loop = async (h: WorkflowHarness, loopIndex: number) => {
      for (let run = loopIndex; run < RUNS; run += LOOPS) {
        const municipalityId = `ale-race-${run}`;
        await h.registerAle(municipalityId);
        const { cycle } = await runAleScenario({
          port: h.port(municipalityId, 2027),
          cycleInput: { municipalityId },
        });
        expect(cycle.status).toBe('closed');
        expect(Object.keys(cycle.discharges)).toHaveLength(discharged);
        expect(Object.keys(cycle.planAdoptions)).toHaveLength(committees);
        expect(cycle.dialogueReports).toHaveLength(1);
        expect(cycle.calendar.bokslut.discharge).toBe(ALE_DISCHARGE_MOVED_TO);
        closed.push(municipalityId);
      }
    };
    await Promise.all(harnesses.map(loop));
    expect(closed).toHaveLength(RUNS);
  });
});

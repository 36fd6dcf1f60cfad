import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGANS } from '../../domain/examples/ale';
import { isSubjectToDischarge } from '../../domain/municipality/organ';
import { ALE_DISCHARGE_MOVED_TO, runAleScenario } from '../../scenario/ale-scenario';
import { cycleWorkflowId } from '../../workflows/messages';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

/**
 * Whole Ale cycles run in this test: LOOPS loops side by side, each on a test server of its own.
 * Every run proves from its cycle's history that its three groups of decisions overlapped (below), so
 * each run is three races, each interleaved its own way (measured: 30 of 30 distinct orders of
 * accept, append and signal in 10 runs). 20 runs give 60 such races; 50 took 215 s of the suite.
 */
const RUNS = 20;
const LOOPS = 5;

const committees = ALE_ORGANS.filter((o) => o.kind === 'committee').length;
const discharged = ALE_ORGANS.filter((o) => isSubjectToDischarge(o.kind)).length;

/** The scenario's decisions sent together, by the cycle command types of each group. */
const RACES = {
  discharges: ['DecideDischarge'],
  planAdoptions: ['RecordPlanAdoption'],
  dialogueReportAndCalendarChange: ['ReportDialogueOutcomes', 'ChangeCalendarDate'],
} as const;

/**
 * Per group: how many of its updates the cycle had accepted before it completed the first of them,
 * read from the cycle's history. Two or more: they were in the cycle at the same time (the race).
 */
async function overlaps(h: WorkflowHarness, municipalityId: string): Promise<Record<string, number>> {
  const history = await h.env.client.workflow.getHandle(cycleWorkflowId(municipalityId, 2027)).fetchHistory();
  const result: Record<string, number> = {};
  for (const [race, types] of Object.entries(RACES)) {
    const ids = new Set<string>();
    let beforeFirstCompleted = 0;
    for (const event of history.events ?? []) {
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
      if (accepted) {
        const arg = defaultPayloadConverter.fromPayload<{ command?: { type?: string } }>(
          accepted.acceptedRequest?.input?.args?.payloads?.[0] ?? {},
        );
        if ((types as readonly string[]).includes(arg?.command?.type ?? '')) {
          ids.add(accepted.protocolInstanceId ?? '');
          beforeFirstCompleted++;
        }
      }
      if (ids.has(event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '')) break;
    }
    result[race] = beforeFirstCompleted;
  }
  return result;
}

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

  it(`closes every one of ${RUNS} cycles, each with its decisions overlapping`, {
    timeout: 900_000,
  }, async () => {
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
        const overlapping = await overlaps(h, municipalityId);
        for (const [race, accepted] of Object.entries(overlapping)) {
          expect(accepted, `${municipalityId}: ${race}`).toBeGreaterThanOrEqual(2);
        }
        closed.push(municipalityId);
      }
    };
    await Promise.all(harnesses.map(loop));
    expect(closed).toHaveLength(RUNS);
  });
});

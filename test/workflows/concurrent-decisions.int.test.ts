import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGANS } from '../../domain/examples/ale';
import { isSubjectToDischarge } from '../../domain/municipality/organ';
import { ALE_DISCHARGE_MOVED_TO, runAleScenario } from '../../scenario/ale-scenario';
import { cycleWorkflowId } from '../../workflows/messages';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

/**
 * Whole Ale cycles run in this test: LOOPS loops side by side, each on a test server of its own.
 * Each run reads from its cycle's history whether its three groups of decisions overlapped (below), so
 * a run is up to three races, each interleaved its own way (measured: 30 of 30 distinct orders of
 * accept, append and signal in 10 runs). 20 runs give up to 60 such races; 50 took 215 s of the suite.
 */
const RUNS = 20;
const LOOPS = 5;
/** Runs in which each group of decisions must have overlapped (accepted together) for the race to count. */
const MIN_RACED = RUNS / 4;

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

  it(`closes every one of ${RUNS} cycles, enough of them with each group of decisions overlapping`, {
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
        accepted[municipalityId] = await overlaps(h, municipalityId);
        closed.push(municipalityId);
      }
    };
    const accepted: Record<string, Record<string, number>> = {};
    await Promise.all(harnesses.map(loop));
    expect(closed).toHaveLength(RUNS);
    // Since a decision no phase sees is answered in the workflow task that took it (no signal to wait
    // for: phases-told-what-they-see), the first of a group may complete before the next arrives; the
    // race is then not run. Enough runs must still have run each race.
    for (const race of Object.keys(RACES)) {
      const raced = Object.values(accepted).filter((a) => (a[race] ?? 0) >= 2).length;
      expect(raced, `${race}: ${JSON.stringify(accepted)}`).toBeGreaterThanOrEqual(MIN_RACED);
    }
  });
});

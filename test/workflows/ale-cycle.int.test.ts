import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import { runAleScenario } from '../../scenario/ale-scenario';
import { createWorkflowHarness, streamTypes, type WorkflowHarness } from '../support/workflow-env';

describe('the acceptance scenario: Ale kommun, cycle 2027, start to close (time-skipping, real Postgres)', () => {
  let h: WorkflowHarness;

  beforeAll(async () => {
    h = await createWorkflowHarness('ale_cycle');
    await h.registerAle();
    await h.startWorker();
  });
  afterAll(() => h?.teardown());

  it('runs every phase and records it all, in order, as events', async () => {
    const wallStart = Date.now();
    const result = await runAleScenario({ port: h.port('ale', 2027) });
    console.log(`Ale cycle 2027: ${Date.now() - wallStart} ms of wall time`);

    expect(result.cycle.status).toBe('closed');
    expect(Object.values(result.cycle.phases)).toEqual(Array(6).fill('closed'));

    // The cycle's own stream: phases open on their dates and close in order; they overlap where the
    // calendar says so (budget opens on 5 June, before KF receives the dialogues on 15 June).
    const cycleTypes = await streamTypes(h.store, cycleStream('ale', 2027));
    expect(cycleTypes[0]).toBe('CycleStarted');
    expect(cycleTypes.at(-1)).toBe('CycleClosed');
    const phaseEvents = (await h.store.readStream(cycleStream('ale', 2027)))
      .filter((e) => e.type === 'PhaseOpened' || e.type === 'PhaseClosed')
      .map((e) => `${e.type === 'PhaseOpened' ? 'open' : 'close'}:${(e.data as { phase: string }).phase}`);
    expect(phaseEvents).toEqual([
      'open:omvarldsdag',
      'close:omvarldsdag',
      'open:nulagesanalys',
      'close:nulagesanalys',
      'open:tillitsdialog',
      'open:budget',
      'close:tillitsdialog',
      'close:budget',
      'open:delarsbokslut',
      'close:delarsbokslut',
      'open:bokslut',
      'close:bokslut',
    ]);
    expect(cycleTypes.filter((t) => t === 'DischargeDecided')).toHaveLength(5);
    expect(cycleTypes).toEqual(
      expect.arrayContaining([
        'DialogueOutcomesReported',
        'BudgetProposed',
        'BudgetAdopted',
        'OrganPlanAdopted',
        'InterimReportSubmitted',
        'InterimReportTreated',
        'AnnualReportSubmitted',
        'AnnualReportApproved',
      ]),
    );
    expect(cycleTypes.indexOf('BudgetProposed')).toBeLessThan(cycleTypes.indexOf('BudgetAdopted'));

    // One nulägesanalys returned for revision and resubmitted (both before any reminder was due);
    // one late: reminded twice, escalated after its due date, then submitted late.
    expect(await streamTypes(h.store, taskStream(result.returnedTaskId))).toEqual([
      'TaskAssigned',
      'TaskSubmitted',
      'TaskReturnedForRevision',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    expect(await streamTypes(h.store, taskStream(result.lateTaskId))).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskReminderSent',
      'TaskEscalated',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    expect(result.lateTaskId).toContain(ALE_ORGAN.sn);

    // Every phase's tasks were given out and approved: 1 + 7 + 6 + 4 + 7 + 7.
    const allTasks = Object.values(result.taskIds).flat();
    expect(allTasks).toHaveLength(32);
    for (const taskId of allTasks)
      expect((await streamTypes(h.store, taskStream(taskId))).at(-1)).toBe('TaskApproved');

    // Budget adopted before the legal deadline, in domain time.
    const adopted = (await h.store.readStream(cycleStream('ale', 2027))).find(
      (e) => e.type === 'BudgetAdopted',
    );
    expect(Date.parse(adopted?.occurredAt ?? '')).toBeLessThan(Date.parse('2026-12-01T00:00:00+01:00'));

    // The auditor's check: the hash chain over everything is intact.
    const verified = await h.store.verify();
    expect(verified.ok).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCycle } from '../../application/aggregates';
import { executeMunicipalityCommand } from '../../application/municipality';
import { cycleDecider } from '../../domain/cycle/decider';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS, aleStartCycle2027 } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import type { HumanTaskInput } from '../../workflows/human-task';
import { humanTaskWorkflow } from '../../workflows/index';
import {
  approveTaskUpdate,
  cancelTaskUpdate,
  changeTaskDueDateUpdate,
  returnTaskUpdate,
  submitTaskUpdate,
  taskStateQuery,
} from '../../workflows/messages';
import { bunAnalysisTask } from '../support/task-input';
import { createWorkflowHarness, streamTypes, type WorkflowHarness } from '../support/workflow-env';

const DAY = 24 * 60 * 60 * 1000;
const CYCLE_META = {
  actor: 'system',
  occurredAt: '2026-01-12T08:00:00.000Z',
  correlationId: 'cycle-ale-2027',
  causationId: 'test',
};
const META = { causationId: 'test' };
const withId = (e: { type: string; schemaVersion: number; data: unknown }) => ({
  ...e,
  eventId: randomUUID(),
});
const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;

/** The cause of a rejected update: the domain error code and rule. */
async function rejection(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected the update to be rejected');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

describe('humanTaskWorkflow (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;

  beforeAll(async () => {
    h = await createWorkflowHarness('human_task');
    // Who may act and the due date's legal limit are read from the store: Ale and its cycle 2027.
    await h.registerAle();
    const { events } = decideWith(cycleDecider, cycleDecider.initialState(), aleStartCycle2027());
    await h.store.append(cycleStream('ale', 2027), 'no_stream', events.map(withId), CYCLE_META);
    await h.startWorker();
  });
  afterAll(() => h?.teardown());

  async function start(taskId: string, overrides: Partial<HumanTaskInput> = {}) {
    // Anchor the domain clock at the workflow's own start time on the test server.
    const now = await h.env.currentTimeMs();
    const input = bunAnalysisTask(taskId, overrides);
    input.clock = { ...input.clock, anchorWorkflowMs: now };
    const started = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `task-${taskId}`,
      args: [input],
    });
    // The task's state follows its stream: it takes updates once its assignment is stored.
    await h.port('ale', 2027).waitForTask(taskId);
    return started;
  }

  it('rejects invalid updates without a trace, then runs submit → return → resubmit → approve', async () => {
    const handle = await start('t1');

    expect(
      (
        await rejection(
          handle.executeUpdate(submitTaskUpdate, {
            args: [{ actor: 'someone.else@ale.se', content: ALE_NULAGESANALYS_BUN }],
          }),
        )
      ).type,
    ).toBe('NOT_SECRETARY_OF_ORGAN');
    const { verksamhetsbeskrivning: _missing, ...withoutPart } = ALE_NULAGESANALYS_BUN;
    expect(
      (
        await rejection(
          handle.executeUpdate(submitTaskUpdate, { args: [{ actor: secretary, content: withoutPart }] }),
        )
      ).type,
    ).toBe('INVALID_CONTENT');
    expect(
      (await rejection(handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] }))).type,
    ).toBe('INVALID_STATE');
    expect(
      (
        await rejection(
          handle.executeUpdate(changeTaskDueDateUpdate, {
            args: [{ actor: owner, dueDate: '2026-10-28', reason: 'Sent' }],
          }),
        )
      ).type,
    ).toBe('DUE_DATE_BEYOND_LEGAL_LIMIT');

    const submitted = await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    expect(submitted.status).toBe('submitted');
    expect(
      (
        await rejection(
          handle.executeUpdate(returnTaskUpdate, { args: [{ actor: secretary, reason: 'Själv' }] }),
        )
      ).type,
    ).toBe('NOT_PROCESS_OWNER');
    const returned = await handle.executeUpdate(returnTaskUpdate, {
      args: [{ actor: owner, reason: 'Omvärldsanalysen saknar risker för demografi' }],
    });
    expect(returned.status).toBe('returned');
    await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });

    const final = await handle.result();
    expect(final.status).toBe('approved');
    expect(final.revision).toBe(2);
    expect(final.returns.map((r) => r.reason)).toEqual(['Omvärldsanalysen saknar risker för demografi']);
    expect(await streamTypes(h.store, taskStream('t1'))).toEqual([
      'TaskAssigned',
      'TaskSubmitted',
      'TaskReturnedForRevision',
      'TaskSubmitted',
      'TaskApproved',
    ]);

    // Invalid updates never entered the history. The three refused on what the store says at that moment
    // (two for who sent them, one for the calendar's legal limit) entered it only as failed updates, and
    // so did the approval of a task not handed in: the task's state may be behind its stream (the API
    // stores submissions), so its handler read the stream and refused on it. The four allowed completed.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(8);
    const outcomes = events.flatMap((e) => {
      const outcome = e.workflowExecutionUpdateCompletedEventAttributes?.outcome;
      return outcome ? [outcome.failure ? 'failed' : 'completed'] : [];
    });
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'completed')).toHaveLength(4);
  });

  it('takes the due date limit from the cycle calendar as it is now, and who may act from the store', async () => {
    const handle = await start('t3');
    const move = (dueDate: string) =>
      handle.executeUpdate(changeTaskDueDateUpdate, { args: [{ actor: owner, dueDate, reason: 'Sent' }] });
    const moved = await move('2026-10-27'); // KS's proposal date: the limit
    expect(moved.status !== 'unassigned' && moved.dueDate).toBe('2026-10-27');
    // The process owner moves KS's proposal a week earlier; the limit moves with it at once.
    const stream = cycleStream('ale', 2027);
    const { state } = await loadCycle(h.store, 'ale', 2027);
    const { events } = decideWith(cycleDecider, state, {
      type: 'ChangeCalendarDate',
      at: '2026-03-01T08:00:00.000Z',
      actor: owner,
      milestone: 'budget.ksProposal',
      date: '2026-10-20',
      reason: 'Tidigare sammanträde',
    });
    await h.store.append(stream, await h.store.streamVersion(stream), events.map(withId), CYCLE_META);
    const refused = await rejection(move('2026-10-25'));
    expect(refused.type).toBe('DUE_DATE_BEYOND_LEGAL_LIMIT');
    expect(refused.message).toContain('20 oktober 2026');

    // A secretary added now may submit at once; removed again, they are refused at once.
    const newcomer = 'ny.sekreterare@ale.se';
    const assign = { at: '2026-03-01T08:00:00.000Z', actor: owner, organId: ALE_ORGAN.bun, userId: newcomer };
    await executeMunicipalityCommand(h.store, 'ale', { type: 'AssignSecretary', ...assign }, META);
    await executeMunicipalityCommand(h.store, 'ale', { type: 'RemoveSecretary', ...assign }, META);
    const before = await h.store.streamVersion(taskStream('t3'));
    const removed = await rejection(
      handle.executeUpdate(submitTaskUpdate, { args: [{ actor: newcomer, content: ALE_NULAGESANALYS_BUN }] }),
    );
    expect(removed.type).toBe('NOT_SECRETARY_OF_ORGAN');
    expect(await h.store.streamVersion(taskStream('t3'))).toBe(before);
    await executeMunicipalityCommand(h.store, 'ale', { type: 'AssignSecretary', ...assign }, META);
    const submitted = await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: newcomer, content: ALE_NULAGESANALYS_BUN }],
    });
    expect(submitted.status).toBe('submitted');
    await handle.terminate('done');
  });

  it('reminds before the due date and escalates to the process owner after it, once', async () => {
    const handle = await start('t2');
    await h.env.sleep(70 * DAY); // past the due date of 17 April
    const state = await handle.query(taskStateQuery);
    expect(state.status).toBe('open');
    if (state.status === 'unassigned') throw new Error('unassigned');
    expect(state.escalatedForDueDate).toBe('2026-04-17');
    expect(state.remindersSent).toHaveLength(2);

    const late = await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    expect(late.status === 'submitted' && late.submission?.late).toBe(true);
    await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    await handle.result();

    const events = await h.store.readStream(taskStream('t2'));
    expect(events.map((e) => e.type)).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskReminderSent',
      'TaskEscalated',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    // occurredAt is domain time: the reminders 7 and 1 days before 17 April at 08:00 Stockholm
    // (give or take the milliseconds between reading the test server's clock and the workflow's start).
    const offBy = (iso: string | undefined, expected: string) =>
      Math.abs(Date.parse(iso ?? '') - Date.parse(expected));
    expect(offBy(events[1]?.occurredAt, '2026-04-10T08:00:00+02:00')).toBeLessThan(1000);
    expect(offBy(events[2]?.occurredAt, '2026-04-16T08:00:00+02:00')).toBeLessThan(1000);
    expect(offBy(events[3]?.occurredAt, '2026-04-18T00:00:00+02:00')).toBeLessThan(1000);
    const told = h.notifier.sent.filter((n) => n.correlationId === 'cycle-ale-2027');
    expect(told.filter((n) => n.kind === 'escalation').map((n) => n.to)).toContainEqual([owner]);
    expect(told.filter((n) => n.kind === 'reminder')).toHaveLength(2);
  });

  it('ends cleanly when a process owner cancels it: no reminder or escalation afterwards', async () => {
    const handle = await start('t4');
    const cancel = (actor: string, reason: string) =>
      handle.executeUpdate(cancelTaskUpdate, { args: [{ actor, reason }] });
    expect((await rejection(cancel(secretary, 'Inte längre aktuell'))).type).toBe('NOT_PROCESS_OWNER');
    expect((await rejection(cancel(owner, ' '))).type).toBe('INVALID_COMMAND');
    await h.env.sleep(60 * DAY); // past the first reminder, before the due date
    const cancelled = await cancel(owner, 'Nämnden slås samman med Kultur- och fritidsnämnden');
    expect(cancelled.status).toBe('cancelled');
    const final = await handle.result();
    expect(final.status).toBe('cancelled');
    expect(final.cancelled?.reason).toBe('Nämnden slås samman med Kultur- och fritidsnämnden');

    await h.env.sleep(30 * DAY); // past the due date: the workflow has ended, nothing more happens
    expect(await streamTypes(h.store, taskStream('t4'))).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskCancelled',
    ]);
    const told = h.notifier.sent.filter((n) => n.subject.endsWith('Barn- och utbildningsnämnden'));
    // The organ's secretaries as they are now (an earlier test in this file adds one to the organ).
    const notices = told.filter((n) => n.kind === 'cancelled');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.to).toContain(secretary);
  });

  it('takes an action sent the moment the task starts, once its assignment is in (not 404 task.exists)', async () => {
    const now = await h.env.currentTimeMs();
    const input = bunAnalysisTask('t5');
    input.clock = { ...input.clock, anchorWorkflowMs: now };
    const handle = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: 'task-t5',
      args: [input],
    });
    // No waitForTask: the update reaches the workflow with its start, before AssignTask is stored.
    const submitted = await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    expect(submitted.status).toBe('submitted');
    // Refusals still come, once the task is known: an invalid content is decided against it.
    const { verksamhetsbeskrivning: _missing, ...withoutPart } = ALE_NULAGESANALYS_BUN;
    const early = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: 'task-t6',
      args: [{ ...bunAnalysisTask('t6'), clock: input.clock }],
    });
    expect(
      (
        await rejection(
          early.executeUpdate(submitTaskUpdate, { args: [{ actor: secretary, content: withoutPart }] }),
        )
      ).type,
    ).toBe('INVALID_CONTENT');
    expect(await streamTypes(h.store, taskStream('t5'))).toEqual(['TaskAssigned', 'TaskSubmitted']);
    expect(await streamTypes(h.store, taskStream('t6'))).toEqual(['TaskAssigned']);
  });
});

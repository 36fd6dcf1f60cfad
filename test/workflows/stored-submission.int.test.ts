import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../application/aggregates';
import { CycleClocks } from '../../application/cycle-clocks';
import { submitStored } from '../../application/stored-submission';
import { localTimeInstant } from '../../domain/calendar/dates';
import { handle } from '../../domain/decider';
import { ALE_ORGAN, ALE_USERS, aleOrgan, aleSecretaryOf } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { taskDecider } from '../../domain/task/decider';
import type { EventStore } from '../../eventstore/index';
import * as content from '../../scenario/ale-content';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { STORED_SUBMISSION, taskWorkflowId } from '../../workflows/messages';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const owner = ALE_USERS.processOwner;
const morning = (date: string) => localTimeInstant(date, 9);

/**
 * SUBMISSIONS_STORED: the API stores a submission itself, and the task's workflow follows its stream
 * at its next step (a reminder, an approval), deciding again on what the stream holds.
 */
describe('submissions stored by the API (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;
  const municipalityId = `stored-${Date.now().toString(36)}`;
  const taskOf = new Map<string, string>();
  const port = () => h.port(municipalityId, 2027);
  const deps = () => ({
    store: h.store,
    clocks: new CycleClocks(h.store),
    workflowNow: () => h.env.currentTimeMs(),
  });
  const types = async (taskId: string) => (await h.store.readStream(taskStream(taskId))).map((e) => e.type);
  const submission = (organId: string) => ({
    actor: aleSecretaryOf(organId),
    content: content.nulagesanalys(aleOrgan(organId)),
  });

  beforeAll(async () => {
    h = await createWorkflowHarness('stored_submission');
    await h.registerAle(municipalityId);
    await h.startWorker();
    await port().startCycle({ ...aleCycleInput(), municipalityId });
    await port().advanceTo(morning('2026-02-16'));
    const view = await port().cycleView();
    for (const t of view.plannedTasks.find((p) => p.phase === 'nulagesanalys')?.tasks ?? []) {
      await port().waitForTask(t.taskId);
      taskOf.set(t.organId, t.taskId);
    }
  }, 120_000);
  afterAll(() => h?.teardown());

  it('says in its TaskAssigned that its workflow takes stored submissions', async () => {
    const [assigned] = await h.store.readStream(taskStream(taskOf.get(ALE_ORGAN.bun) as string));
    expect(assigned?.type).toBe('TaskAssigned');
    expect(assigned?.metadata.workflowCapabilities).toBe(STORED_SUBMISSION);
  });

  it('stores the submission without the workflow; no reminder or escalation follows; approval reads the stream', async () => {
    const taskId = taskOf.get(ALE_ORGAN.bun) as string;
    const submitted = await port().submitTask(
      taskId,
      submission(ALE_ORGAN.bun).actor,
      submission(ALE_ORGAN.bun).content,
    );
    expect(submitted.status).toBe('submitted');
    const handleOf = h.env.client.workflow.getHandle(taskWorkflowId(taskId));
    const accepted = (await handleOf.fetchHistory()).events?.filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
    );
    expect(accepted).toHaveLength(0);

    // Past both reminders (7 and 1 days before 17 April) and the due date: the workflow's steps met a
    // submitted task in the stream and stored nothing.
    await port().advanceTo(morning('2026-04-22'));
    expect(await types(taskId)).toEqual(['TaskAssigned', 'TaskSubmitted']);

    const approved = await port().approveTask(taskId, owner);
    expect(approved.status).toBe('approved');
    expect(await types(taskId)).toEqual(['TaskAssigned', 'TaskSubmitted', 'TaskApproved']);
    const result = await handleOf.result();
    expect(result.status === 'approved' && result.revision).toBe(1);
  });

  it('a retried request stores nothing twice and answers the task as it is', async () => {
    const taskId = taskOf.get(ALE_ORGAN.kfn) as string;
    const request = { taskId, ...submission(ALE_ORGAN.kfn), requestId: 'idem-retried-once' };
    const first = await submitStored(deps(), request);
    const again = await submitStored(deps(), request);
    expect(first?.status).toBe('submitted');
    expect(again).toEqual(first);
    expect((await types(taskId)).filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
  });

  it('refuses who may not submit and content that is incomplete, storing nothing', async () => {
    const taskId = taskOf.get(ALE_ORGAN.sbn) as string;
    const before = await types(taskId);
    await expect(
      submitStored(deps(), { taskId, ...submission(ALE_ORGAN.sbn), actor: aleSecretaryOf(ALE_ORGAN.bun) }),
    ).rejects.toMatchObject({ code: 'NOT_SECRETARY_OF_ORGAN' });
    const { verksamhetsbeskrivning: _missing, ...incomplete } = submission(ALE_ORGAN.sbn).content;
    await expect(
      submitStored(deps(), { taskId, ...submission(ALE_ORGAN.sbn), content: incomplete }),
    ).rejects.toMatchObject({ code: 'INVALID_CONTENT' });
    expect(await types(taskId)).toEqual(before);
  });

  it('decides again when the stream moved between its read and its append', async () => {
    const taskId = taskOf.get(ALE_ORGAN.sn) as string;
    const before = await types(taskId);
    // The workflow stores a reminder at that moment: done here, once, just before the API's append.
    let raced = false;
    const racing = new Proxy(h.store, {
      get(target, key, receiver) {
        if (key !== 'append') return Reflect.get(target, key, receiver);
        return async (...args: Parameters<EventStore['append']>) => {
          if (!raced) {
            raced = true;
            const { state, version } = await loadTask(target, taskId);
            const { events } = handle(taskDecider, state, {
              type: 'RecordReminderSent',
              taskId,
              actor: 'system',
              at: args[3].occurredAt,
            });
            const reminder = events.map((e) => ({ ...e, eventId: crypto.randomUUID() }));
            await target.append(args[0], version, reminder, {
              ...args[3],
              actor: 'system',
              causationId: 'test:race',
            });
          }
          return target.append(...args);
        };
      },
    });
    const stored = await submitStored({ ...deps(), store: racing }, { taskId, ...submission(ALE_ORGAN.sn) });
    expect(raced).toBe(true);
    expect(stored?.status).toBe('submitted');
    expect(await types(taskId)).toEqual([...before, 'TaskReminderSent', 'TaskSubmitted']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const M = 'ale';
const m = `/municipalities/${M}`;
const SEC_BUN = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
const REASON = 'Nämnden slås samman med Kultur- och fritidsnämnden';

/** A process owner cancels a task over the API (rule task.cancel); it then shows as Avbruten. */
describe('POST /tasks/:taskId/cancellation (real API, worker, Postgres)', () => {
  let a: ApiHarness;
  let owner: string;
  let secretary: string;

  beforeAll(async () => {
    a = await createApiHarness('api_task_cancellation');
    await registerAle(a, M);
    owner = await signToken({
      sub: ALE_USERS.processOwner,
      municipality: M,
      roles: ['process_owner'],
      organs: [],
    });
    secretary = await signToken({
      sub: SEC_BUN,
      municipality: M,
      roles: ['secretary'],
      organs: [ALE_ORGAN.bun],
    });
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [BUN_TASK]);
  });
  afterAll(() => a?.teardown());

  const cancel = (token: string, body: unknown) =>
    a.client.request<{ code: string; rule: string; message: string; status: string }>(
      'POST',
      `${m}/tasks/${BUN_TASK}/cancellation`,
      { token, body },
    );

  it('refuses a secretary and an empty reason, storing nothing', async () => {
    const head = await a.h.store.head();
    expect((await cancel(secretary, { reason: REASON })).status).toBe(403);
    const empty = await cancel(owner, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('skäl');
    expect(await a.h.store.head()).toEqual(head);
  });

  it('cancels with the reason; the task is final and shows as cancelled in the inbox', async () => {
    const done = await cancel(owner, { reason: REASON });
    expect([done.status, done.body.status]).toEqual([200, 'cancelled']);
    const events = await a.h.store.readStream(taskStream(BUN_TASK));
    expect(events.map((e) => e.type)).toEqual(['TaskAssigned', 'TaskCancelled']);

    const again = await cancel(owner, { reason: REASON });
    expect([again.status, again.body.rule]).toEqual([409, 'task.cancel']);
    expect(again.body.message).toMatch(/^Avbryta uppgift: /);
    const submit = await a.client.request<{ rule: string }>('POST', `${m}/tasks/${BUN_TASK}/submission`, {
      token: secretary,
      body: { content: ALE_NULAGESANALYS_BUN },
    });
    expect([submit.status, submit.body.rule]).toEqual([409, 'task.cancel']);

    await a.catchUpProjections();
    const inbox = await a.client.ok<{ tasks: { taskId: string; status: string; cancelReason: string }[] }>(
      'GET',
      `${m}/organs/${ALE_ORGAN.bun}/inbox`,
      { token: secretary },
    );
    expect(inbox.tasks.find((t) => t.taskId === BUN_TASK)).toMatchObject({
      status: 'cancelled',
      cancelReason: REASON,
    });
  });
});

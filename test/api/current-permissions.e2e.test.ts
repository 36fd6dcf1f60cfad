import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { executeMunicipalityCommand } from '../../application/municipality';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { EventStore } from '../../eventstore/index';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const M = 'ale';
const m = `/municipalities/${M}`;
const SEC_BUN = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const OWNER = ALE_USERS.processOwner;
const NEW_SECRETARY = 'ny.sekreterare@ale.se';
const NEW_OWNER = 'ny.processagare@ale.se';
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
const KS_TASK = 'ale.2027.nulagesanalys.ale-ks';

/** A token as the identity provider would issue it: who signs in, and in which role. */
const tokenOf = (sub: string, role: 'secretary' | 'process_owner', organs: string[] = []) =>
  signToken({ sub, municipality: M, roles: [role], organs });

/**
 * Who may act on a running cycle follows the municipality's state at the moment of the action: the
 * API and the workflows decide it with the same function from the event store, not from copies made
 * when the cycle started, nor from the token's claims.
 */
describe('permissions on a running cycle follow the current state (real API, worker, Postgres)', () => {
  let a: ApiHarness;
  let owner: string;

  beforeAll(async () => {
    a = await createApiHarness('api_current_permissions');
    await registerAle(a, M);
    owner = await tokenOf(OWNER, 'process_owner');
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [BUN_TASK, KS_TASK]);
  });
  afterAll(async () => {
    await a?.teardown();
  });

  const submit = async (token: string, taskId = BUN_TASK) =>
    a.client.request<{ code: string; status?: string }>('POST', `${m}/tasks/${taskId}/submission`, {
      token,
      body: { content: ALE_NULAGESANALYS_BUN },
    });
  const taskVersion = (taskId = BUN_TASK) => a.h.store.streamVersion(taskStream(taskId));

  it('refuses a removed secretary at once (403, nothing stored) and lets an added one act at once', async () => {
    const removedToken = await tokenOf(SEC_BUN, 'secretary', [ALE_ORGAN.bun]);
    const removal = await a.client.request('DELETE', `${m}/organs/${ALE_ORGAN.bun}/secretaries/${SEC_BUN}`, {
      token: owner,
    });
    expect(removal.status).toBe(200);

    const head = await a.h.store.head();
    const refused = await submit(removedToken);
    expect([refused.status, refused.body.code]).toEqual([403, 'NOT_SECRETARY_OF_ORGAN']);
    expect(await a.h.store.head()).toEqual(head);
    // The inbox of the organ is closed to them too.
    const inbox = await a.client.request('GET', `${m}/organs/${ALE_ORGAN.bun}/inbox`, {
      token: removedToken,
    });
    expect(inbox.status).toBe(403);

    // A newcomer whose token names no organ: the municipality's state, not the token, says they may.
    const newcomer = await tokenOf(NEW_SECRETARY, 'secretary');
    expect((await submit(newcomer)).status).toBe(403);
    const before = await taskVersion();
    await a.client.ok('POST', `${m}/secretaries`, {
      token: owner,
      body: { organId: ALE_ORGAN.bun, userId: NEW_SECRETARY },
    });
    const accepted = await submit(newcomer);
    expect([accepted.status, accepted.body.status]).toEqual([200, 'submitted']);
    expect(await taskVersion()).toBe(before + 1);
  });

  it('reads an inbox on the state another process stored a moment ago (no kept copy answers)', async () => {
    const secretary = ALE_USERS.secretaries[ALE_ORGAN.ks] as string;
    const token = await tokenOf(secretary, 'secretary', [ALE_ORGAN.ks]);
    const inbox = () =>
      a.client.request<{ code?: string; tasks?: { taskId: string }[] }>(
        'GET',
        `${m}/organs/${ALE_ORGAN.ks}/inbox`,
        { token },
      );
    await a.catchUpProjections();
    const before = await inbox();
    expect(before.status).toBe(200);
    expect(before.body.tasks?.map((t) => t.taskId)).toContain(KS_TASK);
    // Another process's store: its appends do not pass through the API's kept state.
    const elsewhere = new EventStore(a.h.db.appPool);
    const change = (type: 'RemoveSecretary' | 'AssignSecretary') =>
      executeMunicipalityCommand(
        elsewhere,
        M,
        { type, at: '2026-02-10T10:00:00.000Z', actor: OWNER, organId: ALE_ORGAN.ks, userId: secretary },
        { causationId: 'test:elsewhere' },
      );
    await change('RemoveSecretary');
    const removed = await inbox();
    expect([removed.status, removed.body.code]).toEqual([403, 'NOT_SECRETARY_OF_ORGAN']);
    await change('AssignSecretary');
    const back = await inbox();
    expect(back.status).toBe(200);
    expect(back.body.tasks).toEqual(before.body.tasks);
  });

  it('refuses a process owner removed from the municipality, and lets one added act at once', async () => {
    const newOwner = await tokenOf(NEW_OWNER, 'process_owner');
    const head = await a.h.store.head();
    const early = await a.client.request<{ code: string }>('POST', `${m}/tasks/${BUN_TASK}/approval`, {
      token: newOwner,
      body: {},
    });
    expect([early.status, early.body.code]).toEqual([403, 'NOT_PROCESS_OWNER']);
    expect(await a.h.store.head()).toEqual(head);

    await a.client.ok('POST', `${m}/process-owners`, { token: owner, body: { userId: NEW_OWNER } });
    const approved = await a.client.request<{ status: string }>('POST', `${m}/tasks/${BUN_TASK}/approval`, {
      token: newOwner,
      body: {},
    });
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);

    // The new process owner removes the old one, whose token then steers nothing.
    expect(
      (await a.client.request('DELETE', `${m}/process-owners/${OWNER}`, { token: newOwner })).status,
    ).toBe(200);
    const afterRemoval = await a.h.store.head();
    const calendar = await a.client.request<{ code: string }>('POST', `${m}/cycles/2027/calendar-changes`, {
      token: owner,
      body: { milestone: 'bokslut.discharge', date: '2028-06-19', reason: 'Flyttat sammanträde' },
    });
    expect([calendar.status, calendar.body.code]).toEqual([403, 'NOT_PROCESS_OWNER']);
    const dueDate = await a.client.request<{ code: string }>('POST', `${m}/tasks/${KS_TASK}/due-date`, {
      token: owner,
      body: { dueDate: '2026-04-24', reason: 'Sjukdom' },
    });
    expect([dueDate.status, dueDate.body.code]).toEqual([403, 'NOT_PROCESS_OWNER']);
    expect(await a.h.store.head()).toEqual(afterRemoval);

    // The last process owner stays: without one, nobody could steer the cycles.
    const last = await a.client.request<{ code: string }>('DELETE', `${m}/process-owners/${NEW_OWNER}`, {
      token: newOwner,
    });
    expect([last.status, last.body.code]).toEqual([409, 'INVALID_STATE']);
  });
});

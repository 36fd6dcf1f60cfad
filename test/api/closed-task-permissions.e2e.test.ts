import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, signToken } from '../../api/auth';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const M = 'ale';
const m = `/municipalities/${M}`;
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
const KS_TASK = 'ale.2027.nulagesanalys.ale-ks';
/** Given out and not handed in: open, so its workflow answers. */
const SN_TASK = 'ale.2027.nulagesanalys.ale-sn';
const SEC_BUN = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const SEC_KS = ALE_USERS.secretaries[ALE_ORGAN.ks] as string;
/** Signs in with the process owner's role but is on no list of Ale's roster. */
const NOT_OWNER = 'inte.processagare@ale.se';

/** Every action on a task, with a valid body. */
const ACTIONS = {
  submission: { content: ALE_NULAGESANALYS_BUN },
  return: { reason: 'Komplettera med elevtalen' },
  approval: {},
  'due-date': { dueDate: '2026-03-20', reason: 'Nämnden sammanträder senare' },
  cancellation: { reason: 'Nämnden läggs ned' },
} as const;
type ActionRoute = keyof typeof ACTIONS;
const REVIEW_ROUTES: ActionRoute[] = ['return', 'approval', 'due-date', 'cancellation'];

/**
 * An action on a task, from someone who may not act on it, is refused for the permission (403) before
 * the task's state (409), whether the task is approved, cancelled or still open; someone who may act
 * learns the state.
 */
describe('actions on closed and open tasks: permission before state (real API, worker, Postgres)', () => {
  let a: ApiHarness;
  const tokens = new Map<string, string>();
  const token = (sub: string, role: Role, organs: string[] = []) => {
    const key = `${sub} ${role}`;
    const existing = tokens.get(key);
    if (existing) return Promise.resolve(existing);
    return signToken({ sub, municipality: M, roles: [role], organs }).then((t) => {
      tokens.set(key, t);
      return t;
    });
  };
  const act = async (taskId: string, route: ActionRoute, sub: string, role: Role, organs: string[] = []) => {
    const res = await a.client.request<{ code?: string; rule?: string }>(
      'POST',
      `${m}/tasks/${taskId}/${route}`,
      { token: await token(sub, role, organs), body: ACTIONS[route] },
    );
    return `${res.status} ${res.body.code ?? ''} ${res.body.rule ?? ''}`.trim();
  };

  beforeAll(async () => {
    a = await createApiHarness('api_closed_task_permissions', { rateLimit: null });
    await registerAle(a, M);
    const owner = await token(ALE_USERS.processOwner, 'process_owner');
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [BUN_TASK, KS_TASK, SN_TASK]);
    await a.client.ok('POST', `${m}/tasks/${BUN_TASK}/submission`, {
      token: await token(SEC_BUN, 'secretary', [ALE_ORGAN.bun]),
      body: ACTIONS.submission,
    });
    await a.client.ok('POST', `${m}/tasks/${BUN_TASK}/approval`, { token: owner, body: {} });
    await a.client.ok('POST', `${m}/tasks/${KS_TASK}/cancellation`, {
      token: owner,
      body: ACTIONS.cancellation,
    });
  });
  afterAll(() => a?.teardown());

  it('refuses a secretary of another organ with 403 on an approved and on a cancelled task, storing nothing', async () => {
    const head = await a.h.store.head();
    expect(await act(BUN_TASK, 'submission', SEC_KS, 'secretary', [ALE_ORGAN.ks])).toBe(
      '403 NOT_SECRETARY_OF_ORGAN access.task.submit',
    );
    expect(await act(KS_TASK, 'submission', SEC_BUN, 'secretary', [ALE_ORGAN.bun])).toBe(
      '403 NOT_SECRETARY_OF_ORGAN access.task.submit',
    );
    expect(await a.h.store.head()).toEqual(head);
  });

  it("answers the organ's own secretary with the state (409)", async () => {
    expect(await act(BUN_TASK, 'submission', SEC_BUN, 'secretary', [ALE_ORGAN.bun])).toBe(
      '409 INVALID_STATE task.approved-final',
    );
    expect(await act(KS_TASK, 'submission', SEC_KS, 'secretary', [ALE_ORGAN.ks])).toBe(
      '409 INVALID_STATE task.cancel',
    );
  });

  it('refuses a process-owner token of someone not on the roster with 403 for every review, storing nothing', async () => {
    const head = await a.h.store.head();
    for (const taskId of [BUN_TASK, KS_TASK])
      for (const route of REVIEW_ROUTES)
        expect(await act(taskId, route, NOT_OWNER, 'process_owner'), `${route} ${taskId}`).toBe(
          '403 NOT_PROCESS_OWNER access.task.review',
        );
    expect(await a.h.store.head()).toEqual(head);
  });

  it('answers the process owner with the state (409) for every review', async () => {
    for (const route of REVIEW_ROUTES) {
      expect(await act(BUN_TASK, route, ALE_USERS.processOwner, 'process_owner'), route).toBe(
        '409 INVALID_STATE task.approved-final',
      );
      expect(await act(KS_TASK, route, ALE_USERS.processOwner, 'process_owner'), route).toBe(
        '409 INVALID_STATE task.cancel',
      );
    }
  });

  // The workflow's validator refuses a review of a task not handed in before any permission check; the
  // API then checks permission before it answers, so the order is the same as for closed tasks.
  it('on an open task not handed in: 403 for someone not on the roster, then the state (409) for the process owner', async () => {
    const head = await a.h.store.head();
    for (const route of ['return', 'approval'] as const) {
      expect(await act(SN_TASK, route, NOT_OWNER, 'process_owner'), route).toBe(
        '403 NOT_PROCESS_OWNER access.task.review',
      );
      expect(await act(SN_TASK, route, ALE_USERS.processOwner, 'process_owner'), route).toMatch(
        /^409 INVALID_STATE /,
      );
    }
    expect(await a.h.store.head()).toEqual(head);
  });
});

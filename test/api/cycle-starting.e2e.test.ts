import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../domain/calendar/schema';
import type { CycleClockRecord } from '../../domain/cycle/events';
import { ALE_USERS } from '../../domain/examples/ale';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { type ApiHarness, createApiHarness, registerAle } from './support';

const M = 'ale-starting';

/**
 * A worker killed just after a cycle was started: the workflow runs but has recorded nothing yet.
 * The API must not call the cycle missing (404) then; it answers 503 with Retry-After until a worker
 * has run the start, and the same request then succeeds.
 */
describe('a cycle started while no worker runs', () => {
  let a: ApiHarness;
  let owner: string;

  beforeAll(async () => {
    a = await createApiHarness('cycle_starting', {}, { startWorker: false });
    await registerAle(a, M);
    owner = await a.tokenFor(M)(ALE_USERS.processOwner);
  });
  afterAll(async () => {
    await a?.teardown();
  });

  it('answers 503 with Retry-After, not 404, until a worker has recorded the start', async () => {
    const input = aleCycleInput();
    // The start waits until the cycle has recorded it, so it is answered once a worker runs.
    const starting = a.client.request('POST', `/municipalities/${M}/cycles`, {
      token: owner,
      body: { calendar: input.calendar, clock: input.clock },
    });
    let pending = await a.client.request('GET', `/municipalities/${M}/cycles/2027`, { token: owner });
    for (let i = 0; i < 100 && pending.status === 404; i++) {
      // The workflow itself may not exist for a moment after the POST was sent.
      await new Promise((r) => setTimeout(r, 100));
      pending = await a.client.request('GET', `/municipalities/${M}/cycles/2027`, { token: owner });
    }
    expect(pending.status).toBe(503);
    expect(pending.headers.get('retry-after')).toBe('1');
    expect(pending.body).toMatchObject({ code: 'UNAVAILABLE', rule: 'cycle.starting' });
    expect((pending.body as { message: string }).message).toContain('försök igen');

    // A cycle never started is still plainly missing.
    const never = await a.client.request('GET', `/municipalities/${M}/cycles/2031`, { token: owner });
    expect(never.status).toBe(404);

    // A worker comes back: the same request is answered with the running cycle.
    const worker = await a.h.newWorker();
    const running = worker.run();
    try {
      let status = 503;
      for (let i = 0; i < 200 && status === 503; i++) {
        const res = await a.client.request<{ cycle: { status: string } }>(
          'GET',
          `/municipalities/${M}/cycles/2027`,
          {
            token: owner,
          },
        );
        status = res.status;
        if (status === 200) expect(res.body.cycle.status).toBe('running');
        else await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect((await starting).status).toBe(201);
    } finally {
      worker.shutdown();
      await running;
    }
  }, 120_000);

  // Runs after the test above: the cycle's start is recorded and its worker has been shut down again.
  it('answers the started cycle with its clock from the event store while no worker runs', async () => {
    const input = aleCycleInput();
    const asked = Date.now();
    const res = await a.client.request<{
      cycle: { status: string; phases: Record<Phase, string> };
      clock: CycleClockRecord | null;
      runningPhases: Phase[];
      source: string;
    }>('GET', `/municipalities/${M}/cycles/2027`, { token: owner });
    const tookMs = Date.now() - asked;
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('event_store');
    expect(res.body.cycle.status).toBe('running');
    // The clock the workflow resolved at the start, as stored with CycleStarted.
    expect(res.body.clock).not.toBeNull();
    expect(res.body.clock?.anchorDomainMs).toBe(Date.parse(input.clock?.startAt ?? ''));
    expect(res.body.clock?.speedup).toBe(input.clock?.speedup ?? 1);
    expect(Number.isFinite(res.body.clock?.anchorWorkflowMs)).toBe(true);
    const open = Object.entries(res.body.cycle.phases).filter(([, status]) => status === 'open');
    expect(res.body.runningPhases).toEqual(open.map(([phase]) => phase));
    // Nothing waited for a worker: a query would have waited out its deadline (10 s) first.
    expect(tookMs).toBeLessThan(5_000);
    const asOf = await a.client.request<{ clock: CycleClockRecord | null }>(
      'GET',
      `/municipalities/${M}/cycles/2027?asOf=2026-06-01`,
      { token: owner },
    );
    expect(asOf.status).toBe(200);
    expect(asOf.body.clock).toEqual(res.body.clock);
  }, 60_000);
});

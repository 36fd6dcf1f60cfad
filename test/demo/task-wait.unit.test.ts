import { describe, expect, it } from 'vitest';
import { ApiClient, type HttpPortOptions, httpCyclePort, nextTaskPause } from '../../demo/http-port';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Ale's cycle 2027 over a fake API (`fetcher`), with tokens and time that need no services. */
const portOver = (fetcher: typeof fetch, options: Partial<HttpPortOptions> = {}) =>
  httpCyclePort({
    client: new ApiClient('http://api.test', fetcher),
    municipalityId: 'ale',
    budgetYear: 2027,
    tokenFor: async () => 'token',
    readerToken: async () => 'token',
    time: { now: async () => Date.now(), sleep: async () => {} },
    ...options,
  });

describe('waiting for a task to be given out over the HTTP API', () => {
  it('backs off by half each time up to the longest pause, never below the first', () => {
    const pauses = [200];
    for (let i = 0; i < 8; i++) pauses.push(nextTaskPause(pauses.at(-1) as number, 200, 1_000));
    expect(pauses).toEqual([200, 300, 450, 675, 1_000, 1_000, 1_000, 1_000, 1_000]);
    // Without a longest pause (the demo's default), or one below the first: every pause the first.
    expect(nextTaskPause(25, 25)).toBe(25);
    expect(nextTaskPause(200, 200, 0)).toBe(200);
  });

  it('looks until the task is given out and tells after how long', async () => {
    let requests = 0;
    const fetcher = (async () => {
      requests++;
      const found = requests > 5;
      return found ? json({ taskId: 't1', status: 'assigned' }) : json({}, 404);
    }) as typeof fetch;
    const told: string[] = [];
    const port = portOver(fetcher, {
      taskWaitMs: 60_000,
      taskPollMs: 1,
      taskPollMaxMs: 4,
      onTaskGivenOut: (taskId, waitedMs) => told.push(`${taskId} ${waitedMs >= 0}`),
    });
    const task = await port.waitForTask('t1');
    expect(task).toMatchObject({ taskId: 't1' });
    expect(requests).toBe(6);
    expect(told).toEqual(['t1 true']);
  });

  it("reads the cycle's clock once: it is fixed when the cycle starts", async () => {
    const clock = { anchorDomainMs: Date.parse('2026-01-01T00:00:00.000Z'), anchorWorkflowMs: 0, speedup: 1 };
    const paths: string[] = [];
    const fetcher = (async (url: string | URL) => {
      paths.push(new URL(String(url)).pathname);
      return json({ clock });
    }) as typeof fetch;
    const slept: number[] = [];
    const port = portOver(fetcher, {
      time: { now: async () => 0, sleep: async (ms) => void slept.push(ms) },
    });
    await port.advanceTo('2026-01-01T00:00:01.000Z');
    await port.advanceTo('2026-01-01T00:00:02.000Z');
    expect(paths).toEqual(['/municipalities/ale/cycles/2027']);
    expect(slept).toEqual([1_000, 2_000]);
  });
});

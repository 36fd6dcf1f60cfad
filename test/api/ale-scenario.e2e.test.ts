import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { httpCyclePort } from '../../demo/http-port';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { PROJECTIONS } from '../../projections/index';
import { runAleScenario } from '../../scenario/ale-scenario';
import { domainTimeAt, type ResolvedClock } from '../../workflows/clock';
import { type ApiHarness, createApiHarness, registerAle } from './support';

const M = 'ale';

interface Snapshot {
  asOf: string;
  cycle: unknown;
  task: unknown;
  municipality: unknown;
  readModels: Record<string, unknown>;
}

describe('the acceptance scenario over HTTP, by role (time-skipping Temporal, real worker, real Postgres)', () => {
  let a: ApiHarness;
  let auditor: string;

  beforeAll(async () => {
    a = await createApiHarness('api_ale');
    await registerAle(a, M);
    auditor = await a.tokenFor(M)(ALE_USERS.auditor);
  });
  afterAll(async () => {
    await a?.teardown();
  });

  /** Waits until nothing more is being appended (phase workflows react to decisions asynchronously). */
  async function quiescent(): Promise<void> {
    let last = -1;
    for (;;) {
      const { position } = await a.h.store.head();
      if (position === last) return;
      last = position;
      await delay(300);
    }
  }

  /** What the auditor sees at this moment: the live state and read models, and the domain time. */
  async function snapshot(lateTaskId: string): Promise<Snapshot> {
    await quiescent();
    await a.catchUpProjections();
    const view = await a.client.ok<{
      cycle: unknown;
      clock: ResolvedClock;
    }>('GET', `/municipalities/${M}/cycles/2027`, { token: auditor });
    const domainNow = domainTimeAt(view.clock, await a.time.now());
    const readModels: Record<string, unknown> = {};
    for (const p of PROJECTIONS) {
      const rm = await a.client.ok<{ tables: unknown }>('GET', `/municipalities/${M}/read-models/${p.name}`, {
        token: auditor,
      });
      readModels[p.name] = rm.tables;
    }
    const { version: _v, ...municipality } = await a.client.ok<Record<string, unknown>>(
      'GET',
      `/municipalities/${M}`,
      { token: auditor },
    );
    return {
      asOf: new Date(domainNow).toISOString(),
      cycle: view.cycle,
      task: await a.client.ok('GET', `/municipalities/${M}/tasks/${lateTaskId}`, { token: auditor }),
      municipality,
      readModels,
    };
  }

  it('runs cycle 2027 start to close; the auditor replays it, sees it as of a date, and proves it intact', async () => {
    const lateTaskId = `ale.2027.nulagesanalys.${ALE_ORGAN.sn}`;
    const base = httpCyclePort({
      client: a.client,
      municipalityId: M,
      budgetYear: 2027,
      tokenFor: a.tokenFor(M),
      readerToken: () => a.tokenFor(M)(ALE_USERS.processOwner),
      time: a.time,
    });
    let wantSnapshot = false;
    let taken: Snapshot | undefined;
    const port: CyclePort = {
      ...base,
      async advanceTo(instant) {
        if (wantSnapshot && !taken) taken = await snapshot(lateTaskId);
        return base.advanceTo(instant);
      },
    };
    const steps: string[] = [];
    const result = await runAleScenario({
      port,
      onStep: (step, index) => {
        steps.push(step);
        // Step 4 (tillitsdialog) starts by moving time on: take the snapshot just before.
        if (index === 4) wantSnapshot = true;
      },
    });

    expect(steps).toHaveLength(7);
    expect(result.cycle.status).toBe('closed');
    expect(Object.values(result.cycle.phases)).toEqual(Array(6).fill('closed'));
    expect(result.lateTaskId).toBe(lateTaskId);
    expect((await a.h.store.readStream(taskStream(result.returnedTaskId))).map((e) => e.type)).toEqual([
      'TaskAssigned',
      'TaskSubmitted',
      'TaskReturnedForRevision',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    expect((await a.h.store.readStream(taskStream(lateTaskId))).map((e) => e.type)).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskReminderSent',
      'TaskEscalated',
      'TaskSubmitted',
      'TaskApproved',
    ]);

    // The read models, over HTTP, after the projections caught up.
    await quiescent();
    await a.catchUpProjections();
    const tasks = await a.client.ok<{ tasks: { status: string }[] }>(
      'GET',
      `/municipalities/${M}/tasks?budgetYear=2027`,
      { token: auditor },
    );
    expect(tasks.tasks).toHaveLength(32);
    expect(tasks.tasks.every((t) => t.status === 'approved')).toBe(true);
    const summary = await a.client.ok<{ figures: { cycleStatus: string; tasks: { escalated: number } } }>(
      'GET',
      `/municipalities/${M}/reports/summary?budgetYear=2027`,
      { token: auditor },
    );
    expect(summary.figures.cycleStatus).toBe('closed');
    expect(summary.figures.tasks.escalated).toBe(1);

    // As of the snapshot's date, the replayed state and read models equal what was shown then.
    if (!taken) throw new Error('no snapshot was taken');
    // Taken after the nulägesanalys: the omvärldsanalys and seven analyses, all approved by then.
    const inboxThen = (taken.readModels.task_inbox as { rm_inbox_tasks: { status: string }[] })
      .rm_inbox_tasks;
    expect(inboxThen.map((t) => t.status)).toEqual(Array(8).fill('approved'));
    const asOf = encodeURIComponent(taken.asOf);
    const cycleThen = await a.client.ok<{ state: unknown }>(
      'GET',
      `/municipalities/${M}/audit/state/cycles/2027?asOf=${asOf}`,
      { token: auditor },
    );
    expect(cycleThen.state).toEqual(taken.cycle);
    const taskThen = await a.client.ok<{ state: unknown }>(
      'GET',
      `/municipalities/${M}/audit/state/tasks/${lateTaskId}?asOf=${asOf}`,
      { token: auditor },
    );
    expect(taskThen.state).toEqual(taken.task);
    const municipalityThen = await a.client.ok<{ state: unknown }>(
      'GET',
      `/municipalities/${M}/audit/state/municipality?asOf=${asOf}`,
      { token: auditor },
    );
    expect(municipalityThen.state).toEqual(taken.municipality);
    const readModelsThen = await a.client.ok<{ readModels: Record<string, unknown> }>(
      'GET',
      `/municipalities/${M}/audit/read-models?asOf=${asOf}`,
      { token: auditor },
    );
    expect(readModelsThen.readModels).toEqual(taken.readModels);
    // ...and they differ from today's, so the comparison means something.
    const inboxNow = await a.client.ok<{ tables: unknown }>(
      'GET',
      `/municipalities/${M}/read-models/task_inbox`,
      {
        token: auditor,
      },
    );
    expect(inboxNow.tables).not.toEqual(taken.readModels.task_inbox);

    // The full history, paged by global position, and the NDJSON export hold every event once, in order.
    const head = await a.h.store.head();
    const paged: number[] = [];
    for (let after = 0; ; ) {
      const page = await a.client.ok<{ events: { globalPosition: number }[]; nextAfter: number | null }>(
        'GET',
        `/municipalities/${M}/audit/events?after=${after}&limit=200`,
        { token: auditor },
      );
      paged.push(...page.events.map((e) => e.globalPosition));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(paged).toEqual(Array.from({ length: head.position }, (_, i) => i + 1));
    const exported = await a.client.request<string>('GET', `/municipalities/${M}/audit/export`, {
      token: auditor,
    });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; globalPosition: number; hash: string })
      .filter((l) => l.kind === 'event');
    expect(lines.map((l) => l.globalPosition)).toEqual(paged);
    expect(lines.at(-1)?.hash).toBe(head.hash);

    // The hash chain is intact...
    const verified = await a.client.ok<{ ok: boolean; count: number }>(
      'GET',
      `/municipalities/${M}/audit/verify`,
      {
        token: auditor,
      },
    );
    expect(verified).toMatchObject({ ok: true, count: head.position });

    // ...until someone with superuser rights edits an event in place: verify names its position.
    const returned = (await a.h.store.readStream(taskStream(result.returnedTaskId))).find(
      (e) => e.type === 'TaskReturnedForRevision',
    );
    if (!returned) throw new Error('no return event');
    const admin = await a.h.db.adminPool.connect();
    try {
      await admin.query('begin');
      await admin.query('alter table events disable trigger events_no_update_delete');
      await admin.query(
        `update events set data = jsonb_set(data, '{reason}', '"Allt var bra."') where global_position = $1`,
        [returned.globalPosition],
      );
      await admin.query('alter table events enable trigger events_no_update_delete');
      await admin.query('commit');
    } finally {
      admin.release();
    }
    const tampered = await a.client.ok<{ ok: boolean; firstBadPosition: number; reason: string }>(
      'GET',
      `/municipalities/${M}/audit/verify`,
      { token: auditor },
    );
    expect(tampered).toMatchObject({
      ok: false,
      globalPosition: returned.globalPosition,
      reason: 'hash_mismatch',
    });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import {
  applyBatch,
  PROJECTIONS,
  projectionStatus,
  type RunningProjections,
  rebuildProjection,
  rebuildProjections,
  startProjections,
} from '../../projections';
import { OutboxRelay, toMessage } from '../../relay';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aleScenario, appendScenario } from './scenario';
import { dumpTables, waitForProjections } from './support';

const names = PROJECTIONS.map((p) => p.name);

describe('projections: events appended -> relay -> Kafka -> read models', () => {
  let db: TestDatabase;
  let store: EventStore;
  const run = randomUUID();
  const topic = `test.projections.${run}`;
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: `test-projections-${run}` });
  const relayStop = new AbortController();
  let relayDone: Promise<void>;
  let running: RunningProjections;

  beforeAll(async () => {
    db = await createTestDatabase('projections');
    store = new EventStore(db.appPool);
    const relay = new OutboxRelay({ pool: db.appPool, bus, topic });
    relayDone = relay.run(relayStop.signal);
    running = await startProjections({
      pool: db.appPool,
      bus,
      projections: PROJECTIONS,
      topic,
      groupPrefix: `test.${run}`,
    });
    await running.ready;
    await appendScenario(store, aleScenario());
    await waitForProjections(db.appPool, names);
  });

  afterAll(async () => {
    await running?.close();
    relayStop.abort();
    await relayDone;
    await db?.drop();
  });

  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await db.appPool.query<T>(sql, params)).rows;

  it('organisation: the municipality and its organs', async () => {
    expect(await q('select name from rm_municipalities')).toEqual([{ name: 'Ale kommun' }]);
    const organs = await q<{ organ_id: string; kind: string }>(
      'select organ_id, kind from rm_organs order by organ_id',
    );
    expect(organs.map((o) => `${o.organ_id}:${o.kind}`)).toEqual([
      'alebyggen:company',
      'bun:committee',
      'kf:council',
      'ks:executive_board',
      'sn:committee',
    ]);
  });

  it('cycle board: each phase with status and dates, the moved date applied', async () => {
    expect(await q('select status, organ_count from rm_cycles')).toEqual([
      { status: 'running', organ_count: 4 },
    ]);
    const phases = await q<{ phase: string; status: string; start: string; end: string; opened: boolean }>(
      `select phase, status, planned_start::text as start, planned_end::text as end, opened_at is not null as opened
       from rm_cycle_phases where municipality_id = 'ale' and budget_year = 2027 order by phase_order`,
    );
    expect(phases).toEqual([
      { phase: 'omvarldsdag', status: 'closed', start: '2026-02-15', end: '2026-02-15', opened: true },
      { phase: 'nulagesanalys', status: 'closed', start: '2026-02-15', end: '2026-04-30', opened: true },
      { phase: 'tillitsdialog', status: 'closed', start: '2026-05-01', end: '2026-06-20', opened: true },
      { phase: 'budget', status: 'open', start: phases[3]?.start, end: '2026-12-31', opened: true },
      {
        phase: 'delarsbokslut',
        status: 'planned',
        start: phases[4]?.start,
        end: '2027-10-31',
        opened: false,
      },
      { phase: 'bokslut', status: 'planned', start: phases[5]?.start, end: phases[5]?.end, opened: false },
    ]);
  });

  it('task inbox: status per organ, open tasks, the reason for the return', async () => {
    const tasks = await q<{
      organ_id: string;
      kind: string;
      status: string;
      is_open: boolean;
      revision: number;
    }>(
      `select organ_id, kind, status, is_open, revision, escalated, reminders_sent from rm_inbox_tasks
       order by kind, organ_id`,
    );
    expect(tasks).toEqual([
      {
        organ_id: 'alebyggen',
        kind: 'nulagesanalys',
        status: 'submitted',
        is_open: false,
        revision: 1,
        escalated: true,
        reminders_sent: 1,
      },
      {
        organ_id: 'bun',
        kind: 'nulagesanalys',
        status: 'approved',
        is_open: false,
        revision: 1,
        escalated: false,
        reminders_sent: 0,
      },
      {
        organ_id: 'sn',
        kind: 'nulagesanalys',
        status: 'approved',
        is_open: false,
        revision: 2,
        escalated: false,
        reminders_sent: 0,
      },
      {
        organ_id: 'bun',
        kind: 'tillitsdialog',
        status: 'approved',
        is_open: false,
        revision: 1,
        escalated: false,
        reminders_sent: 0,
      },
      {
        organ_id: 'sn',
        kind: 'tillitsdialog',
        status: 'approved',
        is_open: false,
        revision: 1,
        escalated: false,
        reminders_sent: 0,
      },
    ]);
    expect(await q('select task_id, revision, reason from rm_inbox_returns')).toEqual([
      { task_id: 'ale.2027.nulagesanalys.sn', revision: 1, reason: 'Omvärldsanalysen saknar demografi' },
    ]);
  });

  it('deadline compliance: on time, late, escalated per organ and phase', async () => {
    const rows = await q(
      `select organ_id, phase, on_time, late, escalated, pending from rm_deadline_compliance
       where budget_year = 2027 and phase = 'nulagesanalys' order by organ_id`,
    );
    expect(rows).toEqual([
      { organ_id: 'alebyggen', phase: 'nulagesanalys', on_time: 0, late: 0, escalated: 1, pending: 0 },
      { organ_id: 'bun', phase: 'nulagesanalys', on_time: 1, late: 0, escalated: 0, pending: 0 },
      // Returned and resubmitted after the due date: judged by its first, timely submission.
      { organ_id: 'sn', phase: 'nulagesanalys', on_time: 1, late: 0, escalated: 0, pending: 0 },
    ]);
  });

  it('goals: council goal -> organ goals -> indicators and activities, with fulfilment', async () => {
    const tree = await q(
      `select c.goal_id as council, o.goal_id as organ_goal, o.organ_id
       from rm_goal_council c
       join rm_goal_links l on l.municipality_id = c.municipality_id and l.council_goal_id = c.goal_id
       join rm_goal_organ o on o.municipality_id = l.municipality_id and o.goal_id = l.organ_goal_id
       order by 1, 2`,
    );
    expect(tree).toEqual([
      { council: 'g1', organ_goal: 'bun-m1', organ_id: 'bun' },
      { council: 'g1', organ_goal: 'sn-m1', organ_id: 'sn' },
      { council: 'g2', organ_goal: 'sn-m1', organ_id: 'sn' },
    ]);
    expect(
      await q(
        'select indicator_id, target, baseline, latest_value, latest_measured_on::text as on from rm_goal_indicators',
      ),
    ).toEqual([{ indicator_id: 'bun-i1', target: 90, baseline: 82, latest_value: 86.5, on: '2026-12-31' }]);
    expect(await q('select count(*)::int as n from rm_goal_indicator_values')).toEqual([{ n: 2 }]);
    expect(await q('select activity_id, organ_goal_id from rm_goal_activities')).toEqual([
      { activity_id: 'bun-a1', organ_goal_id: 'bun-m1' },
    ]);
    expect(
      await q(
        `select organ_id, goal_id, status, revision, approved from rm_goal_fulfilment order by organ_id`,
      ),
    ).toEqual([
      { organ_id: 'alebyggen', goal_id: 'g1', status: 'partly_achieved', revision: 1, approved: false },
      { organ_id: 'bun', goal_id: 'g1', status: 'partly_achieved', revision: 1, approved: true },
      { organ_id: 'sn', goal_id: 'g2', status: 'partly_achieved', revision: 2, approved: true },
    ]);
    expect(await q(`select decision_citation from rm_goal_council where goal_id = 'g1'`)).toEqual([
      { decision_citation: 'KF 2022-12-19 § 201' },
    ]);
  });

  it('budget: frames per organ as proposed (upcast from v1, tkr) and adopted, with the three-year plan', async () => {
    // Amounts in öre: the v1 proposal (tkr) upcast to öre, the v2 adoption carries öre.
    const frames = await q<{ stage: string; organ_id: string; amount_ore: string }>(
      'select stage, organ_id, amount_ore from rm_budget_frames order by stage, organ_id',
    );
    expect(frames.map((f) => `${f.stage} ${f.organ_id} ${f.amount_ore}`)).toEqual([
      'adopted bun 95500000050',
      'adopted ks 18100000000',
      'adopted sn 70250000000',
      'proposed bun 95000000000',
      'proposed ks 18000000000',
      'proposed sn 70000000000',
    ]);
    expect(
      await q(
        'select stage, tax_rate_ore, total_frames_ore, decision_citation from rm_budget order by stage',
      ),
    ).toEqual([
      {
        stage: 'adopted',
        tax_rate_ore: 2223,
        total_frames_ore: '183850000050',
        decision_citation: 'KF 2026-11-25 § 160',
      },
      {
        stage: 'proposed',
        tax_rate_ore: null,
        total_frames_ore: '183000000000',
        decision_citation: 'KS 2026-10-15 § 140',
      },
    ]);
    expect(
      await q(
        `select plan_year, result_ore from rm_budget_plan_years where stage = 'adopted' order by plan_year`,
      ),
    ).toEqual([
      { plan_year: 2027, result_ore: '5000000000' },
      { plan_year: 2028, result_ore: '5000000000' },
      { plan_year: 2029, result_ore: '5000000000' },
    ]);
    expect(
      await q('select decision_citation, rule, limit_kind, days_late from rm_decision_deviations order by 1'),
    ).toEqual([
      {
        decision_citation: 'KF 2026-11-25 § 160',
        rule: 'budget.kf-adoption-deadline',
        limit_kind: 'planned',
        days_late: 2,
      },
    ]);
    expect(await q('select organ_id, decision_citation from rm_budget_organ_plans')).toEqual([
      { organ_id: 'bun', decision_citation: 'BUN 2026-12-14 § 95' },
    ]);
  });

  it('dialogues: each record and what was reported to KF', async () => {
    const rows = await q(
      `select organ_id, status, dialogue_kind, held_on::text as held_on, agreements, reported_to_kf, kf_report_citation
       from rm_dialogues order by organ_id`,
    );
    const expected = (organ_id: string) => ({
      organ_id,
      status: 'approved',
      dialogue_kind: 'ks_with_organ',
      held_on: '2026-05-20',
      agreements: ['Gemensam uppföljning av frånvaro'],
      reported_to_kf: true,
      kf_report_citation: 'KF 2026-06-18 § 88',
    });
    expect(rows).toEqual([expected('bun'), expected('sn')]);
    expect(await q('select count(*)::int as n from rm_dialogue_proposals')).toEqual([{ n: 2 }]);
    expect(await q('select citation, dialogue_task_ids from rm_dialogue_reports')).toEqual([
      {
        citation: 'KF 2026-06-18 § 88',
        dialogue_task_ids: ['ale.2027.tillitsdialog.bun', 'ale.2027.tillitsdialog.sn'],
      },
    ]);
  });

  it('kolada: the binding and the newest value per KPI, municipality and year, with its source', async () => {
    expect(await q('select indicator_id, kpi_id, comparison_codes from rm_kolada_bindings')).toEqual([
      { indicator_id: 'bun-i1', kpi_id: 'N15428', comparison_codes: ['1401'] },
    ]);
    const values = await q<{ municipality_code: string; value: number; revisions: number; source: string }>(
      'select municipality_code, value, revisions, source from rm_kolada_values order by municipality_code',
    );
    expect(values.map((v) => [v.municipality_code, Number(v.value), v.revisions, v.source])).toEqual([
      ['1401', 84.9, expect.any(Number), 'Kolada'],
      ['1440', 81.4, expect.any(Number), 'Kolada'],
    ]);
    expect(values[1]?.revisions).toBe((values[0]?.revisions ?? 0) + 1);
  });

  it('status: every projection at the head, no lag', async () => {
    const { position: head } = await store.head();
    const statuses = await projectionStatus(db.appPool, names);
    expect(statuses.map((s) => [s.name, s.position, s.lag, s.timeLagMs])).toEqual(
      names.map((n) => [n, head, 0, 0]),
    );
  });

  it('the same events delivered twice through Kafka change nothing', async () => {
    const before = await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)));
    const all = await store.readAll({ limit: 10_000 });
    const publisher = await bus.publisher();
    try {
      await publisher.publish(topic, all.map(toMessage));
    } finally {
      await publisher.close();
    }
    // A reminder is not idempotent (a counter): had any duplicate been applied, counts would differ too.
    const taskId = 'ale.2027.nulagesanalys.alebyggen';
    const appended = await store.append(
      `task-${taskId}`,
      'any',
      [
        {
          eventId: randomUUID(),
          type: 'TaskReminderSent',
          schemaVersion: 1,
          data: { at: '2026-05-02T08:00:00.000Z', by: 'system', taskId, dueDate: '2026-04-30' },
        },
      ],
      { actor: 'system', occurredAt: '2026-05-02T08:00:00.000Z', correlationId: 'dup', causationId: 'dup' },
    );
    await waitForProjections(db.appPool, names, appended.globalPositions[0]);
    const after = await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)));
    const inbox = PROJECTIONS.findIndex((p) => p.name === 'task_inbox');
    PROJECTIONS.forEach((p, i) => {
      if (i !== inbox) expect(after[i], p.name).toEqual(before[i]);
    });
    const reminders = await q('select reminders_sent from rm_inbox_tasks where task_id = $1', [taskId]);
    expect(reminders).toEqual([{ reminders_sent: 2 }]);
  });

  it('a batch applied twice directly changes nothing the second time', async () => {
    const events = await store.readAll({ limit: 10_000 });
    const before = await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)));
    for (const p of PROJECTIONS) {
      expect(await applyBatch(db.appPool, store, p, events)).toEqual([]);
    }
    expect(await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)))).toEqual(before);
  });

  it('rebuild from the store equals the incrementally built read model, for every projection', async () => {
    const { position: head } = await store.head();
    await waitForProjections(db.appPool, names, head);
    for (const projection of PROJECTIONS) {
      const incremental = await dumpTables(db.appPool, projection);
      expect(Object.values(incremental).flat().length, projection.name).toBeGreaterThan(0);
      const progress: number[] = [];
      const result = await rebuildProjection(db.appPool, projection, {
        pageSize: 7,
        onProgress: (p) => progress.push(p.position),
      });
      expect(result.position).toBe(head);
      expect(progress.at(-1)).toBe(head);
      expect(await dumpTables(db.appPool, projection), projection.name).toEqual(incremental);
      // Pages of the default size: the handlers' writes of the whole history go in a few batches.
      expect((await rebuildProjection(db.appPool, projection)).position).toBe(head);
      expect(await dumpTables(db.appPool, projection), `${projection.name}, default pages`).toEqual(
        incremental,
      );
    }
  });

  it('rebuild of every read model in one pass equals the incrementally built ones', async () => {
    const { position: head } = await store.head();
    await waitForProjections(db.appPool, names, head);
    const incremental = await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)));
    // Pages of 7 events: the log's ranges are read several at a time and folded in order.
    const result = await rebuildProjections(db.appPool, PROJECTIONS, { pageSize: 7 });
    expect(result.position).toBe(head);
    expect(result.events).toBeGreaterThan(0);
    const rebuilt = await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)));
    PROJECTIONS.forEach((p, i) => {
      expect(rebuilt[i], p.name).toEqual(incremental[i]);
    });
  });
});

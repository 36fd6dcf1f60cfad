import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { defaultCalendar } from '../../domain/calendar/defaults';
import { cycleDecider } from '../../domain/cycle/index';
import { ALE_BUDGET_2027, ALE_ORGAN, ALE_ORGANS, ALE_USERS } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import { type ResolvedClock, workflowMsUntil } from '../../workflows/clock';
import { decideAll } from '../support/decider-spec';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the API, checked field by field
type Body = Record<string, any>;

const M = 'ale';
const m = `/municipalities/${M}`;
const c = `${m}/cycles/2027`;
const KFN_TASK = 'ale.2027.nulagesanalys.ale-kfn';
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
let paragraph = 200;
const decision = (organId: string, body: string, date: string, subject: string) => ({
  organId,
  body,
  date,
  paragraph: ++paragraph,
  caseNumber: 'Dnr 2026.77',
  subject,
});
const ks = (date: string, subject: string) => decision(ALE_ORGAN.ks, 'KS', date, subject);

/** Cycle 2021 of Ale with a negative balanskravsresultat, as its own events (no workflow runs it now). */
function cycle2021WithDeficit() {
  const meta = { at: '2021-01-10T08:00:00.000Z', actor: ALE_USERS.processOwner };
  const phases = ['omvarldsdag', 'nulagesanalys', 'tillitsdialog', 'budget', 'delarsbokslut', 'bokslut'];
  return decideAll(cycleDecider, [
    {
      type: 'StartCycle',
      ...meta,
      municipalityId: M,
      budgetYear: 2021,
      calendar: defaultCalendar(2021),
      organs: [...ALE_ORGANS],
    },
    ...phases.map((phase) => ({ type: 'OpenPhase', ...meta, phase })),
    {
      type: 'SubmitAnnualReport',
      ...meta,
      decision: ks('2022-03-25', 'Årsredovisning 2021'),
      balanceResultOre: -500_000_000,
    },
  ]);
}

/** Each new command accepted over HTTP once, and its effect read back (real API, worker, Postgres). */
describe('the new commands over the API: accepted and seen', () => {
  let a: ApiHarness;
  let owner: string;
  const post = (path: string, body: unknown) => a.client.request<Body>('POST', path, { token: owner, body });

  beforeAll(async () => {
    a = await createApiHarness('api_new_commands');
    await registerAle(a, M);
    owner = await signToken({
      sub: ALE_USERS.processOwner,
      municipality: M,
      roles: ['process_owner'],
      organs: [],
    });
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [KFN_TASK, BUN_TASK]);
  });
  afterAll(() => a?.teardown());

  it('records omvärldsdag attendance, an analysis decision, special reasons, a tax-rate proposal and a dialogue', async () => {
    const attendance = await post(`${c}/omvarldsdag/attendance`, {
      attendance: [{ organId: ALE_ORGAN.bun, attendees: ['Anna Andersson', 'Cecilia Carlsson'] }],
    });
    expect(attendance.status).toBe(200);
    expect(attendance.body.cycle.omvarldsdagAttendance).toEqual({
      [ALE_ORGAN.bun]: ['Anna Andersson', 'Cecilia Carlsson'],
    });

    const analysis = await post(`${c}/analysis-decisions`, {
      organId: ALE_ORGAN.bun,
      decision: decision(ALE_ORGAN.bun, 'BUN', '2026-02-09', 'Nulägesanalys 2027'),
    });
    expect(analysis.status).toBe(200);
    expect(Object.keys(analysis.body.cycle.analysisDecisions)).toEqual([ALE_ORGAN.bun]);

    const reasons = await post(`${c}/budget/special-reasons`, {
      decision: ks('2026-02-09', 'Särskilda skäl för budgetförslag i november'),
      reasons: 'Skatteunderlagsprognosen kommer först i oktober',
    });
    expect(reasons.status).toBe(200);
    expect(reasons.body.cycle.specialReasons.reasons).toBe('Skatteunderlagsprognosen kommer först i oktober');

    const taxRate = await post(`${c}/budget/tax-rate-proposal`, {
      decision: ks('2026-02-09', 'Förslag till skattesats 2027'),
      taxRateOre: 2223,
    });
    expect(taxRate.status).toBe(200);
    expect(taxRate.body.cycle.taxRateProposal.taxRateOre).toBe(2223);

    const dialogue = await post(`${c}/dialogues`, {
      dialogueId: 'dialog-bun-2027',
      organId: ALE_ORGAN.bun,
      date: '2026-05-12',
      time: '13:30',
      place: 'Kommunhuset, Nödinge',
      format: 'on_site',
    });
    expect(dialogue.status).toBe(200);
    expect(dialogue.body.cycle.scheduledDialogues['dialog-bun-2027']).toMatchObject({ date: '2026-05-12' });

    const types = (await a.h.store.readStream(cycleStream(M, 2027))).map((e) => e.type);
    for (const type of [
      'OmvarldsdagAttendanceRecorded',
      'AnalysisDecisionRecorded',
      'SpecialReasonsRecorded',
      'TaxRateProposed',
      'DialogueScheduled',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('records an extra election, renames one organ and removes another; the running cycle follows', async () => {
    const election = await post(`${m}/mandate/extra-elections`, {
      decision: decision(ALE_ORGAN.kf, 'KF', '2026-02-09', 'Extra val till kommunfullmäktige'),
      electionDate: '2028-05-14',
      mandateStart: '2028-06-01',
    });
    expect([election.status, election.body.events[0].type]).toEqual([201, 'ExtraElectionRecorded']);

    const rename = await post(`${m}/organs/renames`, {
      organId: ALE_ORGAN.bun,
      name: 'Utbildningsnämnden',
      shortName: 'UN',
    });
    expect(rename.status).toBe(201);
    const removal = await post(`${m}/organs/removals`, {
      organId: ALE_ORGAN.kfn,
      reason: 'KF 2026-02-09 § 5: nämnden upphör',
    });
    expect(removal.status).toBe(201);

    const municipality = await a.client.ok<Body>('GET', m, { token: owner });
    expect(municipality.extraElections).toEqual([{ electionDate: '2028-05-14', mandateStart: '2028-06-01' }]);
    expect(municipality.organs[ALE_ORGAN.bun].name).toBe('Utbildningsnämnden');
    expect(municipality.organs[ALE_ORGAN.kfn]).toBeUndefined();

    let task: Body = {};
    for (let i = 0; i < 200 && task.status !== 'cancelled'; i++) {
      task = await a.client.ok('GET', `${m}/tasks/${KFN_TASK}`, { token: owner });
      if (task.status !== 'cancelled') await new Promise((r) => setTimeout(r, 50));
    }
    expect(task.status).toBe('cancelled');
    const events = await a.h.store.readStream(taskStream(KFN_TASK));
    expect(events.at(-1)?.data).toMatchObject({
      reason: 'Organet har tagits bort: KF 2026-02-09 § 5: nämnden upphör',
    });
    const status = await a.client.ok<Body>('GET', c, { token: owner });
    expect(status.cycle.organs[ALE_ORGAN.bun].name).toBe('Utbildningsnämnden');
    expect(status.cycle.organs[ALE_ORGAN.kfn]).toBeUndefined();

    await a.catchUpProjections();
    const organs = await a.client.ok<{ tables: Record<string, Body[]> }>(
      'GET',
      `${m}/read-models/organisation`,
      {
        token: owner,
      },
    );
    const kfn = organs.tables.rm_organs?.find((o) => o.organ_id === ALE_ORGAN.kfn);
    expect(kfn?.removal_reason).toBe('KF 2026-02-09 § 5: nämnden upphör');
  });

  it('takes a frame as a decimal string in kronor and sums frames beyond 2^53 öre exactly', async () => {
    const view = await a.client.ok<{ clock: ResolvedClock }>('GET', c, { token: owner });
    await a.time.sleep(
      workflowMsUntil(view.clock, await a.time.now(), Date.parse('2026-10-01T09:00:00+02:00')),
    );
    const frames = [
      { organId: ALE_ORGAN.ks, amountSek: '1234567.89' },
      { organId: ALE_ORGAN.bun, amountOre: 6_000_000_000_000_000 },
      { organId: ALE_ORGAN.sbn, amountOre: 4_000_000_000_000_001 },
      { organId: ALE_ORGAN.sn, amountOre: 88_400_000_000 },
    ];
    const proposal = await post(`${c}/budget/proposal`, {
      decision: ks('2026-09-28', 'Budget 2027'),
      frames,
      plan: ALE_BUDGET_2027.plan,
      taxRateOre: ALE_BUDGET_2027.taxRateOre,
    });
    expect(proposal.status).toBe(200);
    expect(proposal.body.cycle.budget.proposal.frames[0]).toEqual({
      organId: ALE_ORGAN.ks,
      amountOre: 123_456_789,
    });
    const exact = 123_456_789n + 6_000_000_000_000_000n + 4_000_000_000_000_001n + 88_400_000_000n;
    expect(exact > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    await a.catchUpProjections();
    const budget = await a.client.ok<{ tables: Record<string, Body[]> }>('GET', `${m}/read-models/budget`, {
      token: owner,
    });
    const row = budget.tables.rm_budget?.find((r) => r.budget_year === 2027 && r.stage === 'proposed');
    expect(String(row?.total_frames_ore)).toBe(exact.toString());
  });

  it('GET /balance follows a deficit however old: 2021’s shows in 2027, overdue', async () => {
    const events = cycle2021WithDeficit();
    await a.h.store.append(
      cycleStream(M, 2021),
      'no_stream',
      events.map((e) => ({ ...e, eventId: randomUUID() })),
      {
        actor: ALE_USERS.processOwner,
        occurredAt: '2022-03-25T08:00:00.000Z',
        correlationId: cycleStream(M, 2021),
        causationId: 'test:seed',
      },
    );
    const balance = await a.client.ok<Body>('GET', `${m}/balance?budgetYear=2027`, {
      token: owner,
    });
    expect(balance).toMatchObject({
      budgetYear: 2027,
      outstandingOre: 500_000_000,
      deficits: [{ originYear: 2021, deficitOre: 500_000_000, dueYear: 2024, status: 'overdue' }],
    });
    const before = await a.client.ok<Body>('GET', `${m}/balance?budgetYear=2020`, {
      token: owner,
    });
    expect(before.deficits).toEqual([]);
  });

  it('adopts a recovery plan for a negative result in the annual report; the balance shows it', async () => {
    const view = await a.client.ok<{ clock: ResolvedClock }>('GET', c, { token: owner });
    await a.time.sleep(
      workflowMsUntil(view.clock, await a.time.now(), Date.parse('2028-03-01T09:00:00+01:00')),
    );
    const report = await post(`${c}/annual-report`, {
      decision: ks('2028-02-25', 'Årsredovisning 2027'),
      balanceResultOre: -300_000_000,
    });
    expect(report.status).toBe(200);
    const plan = await post(`${c}/balance/recovery-plan`, {
      decision: decision(ALE_ORGAN.kf, 'KF', '2028-03-10', 'Åtgärdsplan för balanskravet'),
      measures: [{ year: 2028, amountOre: 300_000_000, description: 'Lägre lokalkostnader' }],
    });
    expect(plan.status).toBe(200);
    expect(plan.body.cycle.balance.recoveryPlan.deficitOre).toBe(300_000_000);
    const balance = await a.client.ok<Body>('GET', `${m}/balance?budgetYear=2028`, { token: owner });
    expect(balance.deficits).toMatchObject([
      { originYear: 2021, status: 'overdue' },
      { originYear: 2027, deficitOre: 300_000_000, recoveryPlanAdopted: true, status: 'outstanding' },
    ]);
    expect(balance.outstandingOre).toBe(800_000_000);
  });
});

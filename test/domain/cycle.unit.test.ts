import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/index';
import { type CycleEvent, cycleDecider } from '../../domain/cycle/index';
import { type Decision, formatDecisionCitation } from '../../domain/decision';
import {
  ALE_BUDGET_2027,
  ALE_CALENDAR_2027,
  ALE_ORGAN,
  ALE_ORGANS,
  ALE_USERS,
  aleStartCycle2027,
} from '../../domain/examples/ale';
import { decideAll, spec } from '../support/decider-spec';

const cycle = spec(cycleDecider);
const actor = ALE_USERS.processOwner;
const at = '2026-03-01T08:00:00.000Z';
const meta = { at, actor };

let paragraph = 100;
function decision(organId: string, body: string, date: string, subject = 'Beslut'): Decision {
  paragraph += 1;
  return { organId, body, date, paragraph, caseNumber: 'Dnr 2026.123', subject };
}
const ks = (date: string, subject?: string) => decision(ALE_ORGAN.ks, 'KS', date, subject);
const kf = (date: string, subject?: string) => decision(ALE_ORGAN.kf, 'KF', date, subject);

const open = (phase: string) => ({ type: 'OpenPhase', ...meta, phase });
const close = (phase: string) => ({ type: 'ClosePhase', ...meta, phase });

const started = decideAll(cycleDecider, [aleStartCycle2027()]);
const untilBudget = decideAll(
  cycleDecider,
  [open('omvarldsdag'), open('nulagesanalys'), open('tillitsdialog'), open('budget')],
  started,
);
const proposed = decideAll(
  cycleDecider,
  [{ type: 'ProposeBudget', ...meta, decision: ks('2026-10-27', 'Budget 2027'), ...ALE_BUDGET_2027 }],
  untilBudget,
);
const adopted = decideAll(
  cycleDecider,
  [{ type: 'AdoptBudget', ...meta, decision: kf('2026-11-23', 'Budget 2027'), ...ALE_BUDGET_2027 }],
  proposed,
);
const committees = ALE_ORGANS.filter((o) => o.kind === 'committee' || o.kind === 'executive_board');
const budgetDone = decideAll(
  cycleDecider,
  [
    ...committees.map((o) => ({
      type: 'RecordPlanAdoption',
      ...meta,
      organId: o.organId,
      decision: decision(o.organId, o.shortName, '2026-12-10', 'Verksamhetsplan 2027'),
    })),
    close('omvarldsdag'),
    close('nulagesanalys'),
    close('tillitsdialog'),
    close('budget'),
    open('delarsbokslut'),
  ],
  adopted,
);
const interimDone = decideAll(
  cycleDecider,
  [
    { type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' },
    { type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') },
    close('delarsbokslut'),
    open('bokslut'),
    { type: 'SubmitAnnualReport', ...meta, decision: ks('2028-03-25') },
  ],
  budgetDone,
);
const discharged = decideAll(
  cycleDecider,
  [
    { type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') },
    ...committees.map((o) => ({
      type: 'DecideDischarge',
      ...meta,
      organId: o.organId,
      granted: true,
      decision: kf('2028-06-12', `Ansvarsfrihet ${o.shortName}`),
    })),
  ],
  interimDone,
);

describe('cycle: start', () => {
  it('starts with a valid calendar', () => {
    const state = cycle
      .given([])
      .when(aleStartCycle2027())
      .thenEmits([
        {
          type: 'CycleStarted',
          schemaVersion: 1,
          data: {
            at: '2026-01-12T08:00:00.000Z',
            by: actor,
            municipalityId: 'ale',
            budgetYear: 2027,
            calendar: ALE_CALENDAR_2027,
            organs: [...ALE_ORGANS],
          },
        },
      ]);
    expect(state.status === 'running' && Object.values(state.phases)).toEqual(Array(6).fill('pending'));
  });

  it('rejects an invalid calendar with the violations', () => {
    const bad = {
      ...ALE_CALENDAR_2027,
      budget: { ...ALE_CALENDAR_2027.budget, ksProposal: '2026-09-20', kfAdoption: '2026-10-01' },
    };
    const err = cycle
      .given([])
      .when({ ...aleStartCycle2027(), calendar: bad })
      .thenThrows('CALENDAR_INVALID', 'budget.election-year-new-council');
    expect(err.details.violations).toEqual([
      expect.objectContaining({ rule: 'budget.election-year-new-council' }),
    ]);
  });

  it('rejects a calendar for another year, a second start, and organs without KF', () => {
    cycle
      .given([])
      .when({ ...aleStartCycle2027(), calendar: defaultCalendar(2028) })
      .thenThrows('CALENDAR_INVALID', 'calendar.budget-year');
    cycle.given(started).when(aleStartCycle2027()).thenThrows('ALREADY_EXISTS');
    cycle
      .given([])
      .when({ ...aleStartCycle2027(), organs: ALE_ORGANS.filter((o) => o.kind !== 'council') })
      .thenThrows('INVALID_ORGAN_KIND');
  });

  it('rejects commands before the cycle starts', () => {
    cycle.given([]).when(open('omvarldsdag')).thenThrows('NOT_FOUND');
  });
});

describe('cycle: phases', () => {
  it('opens phases in order and only once', () => {
    cycle
      .given(started)
      .when(open('omvarldsdag'))
      .thenEmits([{ type: 'PhaseOpened', schemaVersion: 1, data: { at, by: actor, phase: 'omvarldsdag' } }]);
    cycle.given(started).when(open('budget')).thenThrows('PHASE_ORDER');
    cycle.given(untilBudget).when(open('budget')).thenThrows('INVALID_STATE', 'cycle.phase-open-once');
  });

  it('closes a phase only when open, earlier phases are closed and its work is done', () => {
    cycle
      .given(untilBudget)
      .when(close('omvarldsdag'))
      .thenEmits([{ type: 'PhaseClosed', schemaVersion: 1, data: { at, by: actor, phase: 'omvarldsdag' } }]);
    cycle.given(untilBudget).when(close('nulagesanalys')).thenThrows('PHASE_ORDER');
    cycle.given(started).when(close('omvarldsdag')).thenThrows('INVALID_STATE');
    const earlyClosed = decideAll(
      cycleDecider,
      [close('omvarldsdag'), close('nulagesanalys'), close('tillitsdialog')],
      proposed,
    );
    cycle
      .given(earlyClosed)
      .when(close('budget'))
      .thenThrows('CYCLE_NOT_COMPLETE', 'cycle.close-phase.budget');
  });

  it('changes a date when the calendar still validates, not in a closed phase', () => {
    cycle
      .given(untilBudget)
      .when({
        type: 'ChangeCalendarDate',
        ...meta,
        milestone: 'budget.kfAdoption',
        date: '2026-11-30',
        reason: 'Nytt KF-datum',
      })
      .thenEmits([
        {
          type: 'CalendarDateChanged',
          schemaVersion: 1,
          data: {
            at,
            by: actor,
            milestone: 'budget.kfAdoption',
            previousDate: '2026-11-23',
            date: '2026-11-30',
            reason: 'Nytt KF-datum',
          },
        },
      ]);
    const err = cycle
      .given(untilBudget)
      .when({
        type: 'ChangeCalendarDate',
        ...meta,
        milestone: 'budget.kfAdoption',
        date: '2026-12-07',
        reason: 'Sent',
      })
      .thenThrows('CALENDAR_INVALID', 'budget.kf-adoption-deadline');
    expect(err.details.violations).toEqual([expect.objectContaining({ limit: '2026-11-30' })]);
    cycle
      .given(budgetDone)
      .when({
        type: 'ChangeCalendarDate',
        ...meta,
        milestone: 'nulagesanalys.due',
        date: '2026-04-20',
        reason: 'X',
      })
      .thenThrows('PHASE_CLOSED');
    cycle
      .given(untilBudget)
      .when({ type: 'ChangeCalendarDate', ...meta, milestone: 'budget.ksProposal', date: null, reason: 'X' })
      .thenThrows('INVALID_COMMAND');
  });
});

describe('cycle: decisions and dialogue outcomes', () => {
  it('records a decision with its citation, once', () => {
    const d: Decision = {
      organId: ALE_ORGAN.bun,
      body: 'BUN',
      date: '2026-04-14',
      paragraph: 42,
      caseNumber: 'Dnr 2026.55',
      subject: 'Nulägesanalys 2027',
    };
    expect(formatDecisionCitation(d)).toBe('BUN 2026-04-14 § 42');
    const state = cycle
      .given(untilBudget)
      .when({ type: 'RecordDecision', ...meta, decision: d })
      .thenEmits([{ type: 'DecisionRecorded', schemaVersion: 1, data: { at, by: actor, decision: d } }]);
    expect(state.status === 'running' && state.decisions).toEqual([d]);
    const twice = decideAll(cycleDecider, [{ type: 'RecordDecision', ...meta, decision: d }], untilBudget);
    cycle
      .given(twice)
      .when({ type: 'RecordDecision', ...meta, decision: d })
      .thenThrows('DUPLICATE_DECISION');
    cycle
      .given(untilBudget)
      .when({ type: 'RecordDecision', ...meta, decision: { ...d, caseNumber: '2026.55' } })
      .thenThrows('INVALID_COMMAND');
  });

  it('reports dialogue outcomes to KF once per dialogue', () => {
    const report = {
      type: 'ReportDialogueOutcomes',
      ...meta,
      decision: kf('2026-06-15'),
      dialogueTaskIds: ['d-1', 'd-2'],
    };
    const { events } = cycle.given(untilBudget).when(report).thenAccepted();
    expect(events).toMatchObject([
      { type: 'DialogueOutcomesReported', data: { dialogueTaskIds: ['d-1', 'd-2'] } },
    ]);
    cycle
      .given([...untilBudget, ...events])
      .when({ ...report, decision: kf('2026-06-16'), dialogueTaskIds: ['d-2'] })
      .thenThrows('ALREADY_EXISTS', 'dialogue.report-once');
    cycle
      .given(untilBudget)
      .when({ ...report, decision: ks('2026-06-15') })
      .thenThrows('WRONG_DECISION_BODY');
    cycle.given(started).when(report).thenThrows('INVALID_STATE', 'cycle.phase-started');
  });
});

describe('cycle: budget', () => {
  const propose = (over: Record<string, unknown> = {}) => ({
    type: 'ProposeBudget',
    ...meta,
    decision: ks('2026-10-27', 'Budget 2027'),
    ...ALE_BUDGET_2027,
    ...over,
  });
  const adopt = (over: Record<string, unknown> = {}) => ({
    type: 'AdoptBudget',
    ...meta,
    decision: kf('2026-11-23', 'Budget 2027'),
    ...ALE_BUDGET_2027,
    ...over,
  });

  it('KS proposes frames per organ in whole kronor by the calendar date', () => {
    const { events, state } = cycle.given(untilBudget).when(propose()).thenAccepted();
    expect(events).toMatchObject([
      { type: 'BudgetProposed', schemaVersion: 2, data: { frames: ALE_BUDGET_2027.frames } },
    ]);
    expect(
      state.status === 'running' && state.budget.proposal?.frames.every((f) => Number.isInteger(f.amountSek)),
    ).toBe(true);
  });

  it('rejects a proposal by the wrong body, too late, incomplete, or outside the budget phase', () => {
    cycle
      .given(untilBudget)
      .when(propose({ decision: kf('2026-10-27') }))
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given(untilBudget)
      .when(propose({ decision: ks('2026-10-28') }))
      .thenThrows('DEADLINE_PASSED', 'budget.ks-proposal-by-october');
    const err = cycle
      .given(untilBudget)
      .when(propose({ frames: ALE_BUDGET_2027.frames.filter((f) => f.organId !== ALE_ORGAN.sn) }))
      .thenThrows('FRAMES_INCOMPLETE');
    expect(err.details).toEqual({ organIds: [ALE_ORGAN.sn] });
    cycle
      .given(untilBudget)
      .when(propose({ frames: [...ALE_BUDGET_2027.frames, { organId: ALE_ORGAN.kf, amountSek: 1 }] }))
      .thenThrows('NOT_FOUND', 'budget.frames-for-organs');
    cycle
      .given(untilBudget)
      .when(propose({ frames: [{ organId: ALE_ORGAN.bun, amountSek: 100.5 }] }))
      .thenThrows('INVALID_COMMAND');
    cycle.given(started).when(propose()).thenThrows('INVALID_STATE', 'cycle.phase-open');
  });

  it('KF adopts after the proposal, by the calendar deadline, after the new council takes office', () => {
    const { events } = cycle.given(proposed).when(adopt()).thenAccepted();
    expect(events).toMatchObject([
      { type: 'BudgetAdopted', data: { decision: { body: 'KF', date: '2026-11-23' } } },
    ]);
    cycle.given(untilBudget).when(adopt()).thenThrows('INVALID_STATE', 'budget.proposal-first');
    cycle
      .given(proposed)
      .when(adopt({ decision: kf('2026-11-24') }))
      .thenThrows('DEADLINE_PASSED', 'budget.kf-adoption-deadline');
    cycle
      .given(proposed)
      .when(adopt({ decision: ks('2026-11-23') }))
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given(adopted)
      .when(adopt({ decision: kf('2026-11-20') }))
      .thenThrows('ALREADY_EXISTS');
    cycle
      .given(adopted)
      .when(propose({ decision: ks('2026-10-20') }))
      .thenThrows('ALREADY_EXISTS');
  });

  it('in an election year rejects adoption before 15 October by the outgoing council', () => {
    const early = decideAll(cycleDecider, [propose({ decision: ks('2026-09-01') })], untilBudget);
    cycle
      .given(early)
      .when(adopt({ decision: kf('2026-10-14') }))
      .thenThrows('TOO_EARLY', 'budget.election-year-new-council');
  });

  it('records each nämnd adopting its plan after the budget, by its own decision, once', () => {
    const plan = (organId: string, body: string) => ({
      type: 'RecordPlanAdoption',
      ...meta,
      organId,
      decision: decision(organId, body, '2026-12-10', 'Verksamhetsplan 2027'),
    });
    const { events } = cycle.given(adopted).when(plan(ALE_ORGAN.bun, 'BUN')).thenAccepted();
    expect(events).toMatchObject([
      { type: 'OrganPlanAdopted', data: { organId: ALE_ORGAN.bun, taskId: null } },
    ]);
    cycle
      .given(proposed)
      .when(plan(ALE_ORGAN.bun, 'BUN'))
      .thenThrows('INVALID_STATE', 'budget.plan-after-adoption');
    cycle
      .given(adopted)
      .when({ ...plan(ALE_ORGAN.bun, 'BUN'), decision: decision(ALE_ORGAN.sn, 'SN', '2026-12-10') })
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given([...adopted, ...events])
      .when(plan(ALE_ORGAN.bun, 'BUN'))
      .thenThrows('ALREADY_EXISTS', 'budget.plan-once');
  });
});

describe('cycle: reports, discharge and closing', () => {
  it('KS submits the interim report after the period, within two months; KF treats it', () => {
    const { events } = cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' })
      .thenAccepted();
    expect(events).toMatchObject([{ type: 'InterimReportSubmitted', data: { periodEnd: '2027-08-31' } }]);
    cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-26'), periodEnd: '2027-08-31' })
      .thenThrows('DEADLINE_PASSED', 'interim.report-within-two-months');
    cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-08-31'), periodEnd: '2027-08-31' })
      .thenThrows('TOO_EARLY');
    cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-08-20'), periodEnd: '2027-06-30' })
      .thenThrows('INVALID_PERIOD', 'interim.period-coverage');
    cycle
      .given(budgetDone)
      .when({ type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') })
      .thenThrows('INVALID_STATE');
  });

  it('KS submits the annual report after year end, by the calendar date', () => {
    const atBokslut = interimDone.slice(0, -1);
    cycle
      .given(atBokslut)
      .when({ type: 'SubmitAnnualReport', ...meta, decision: ks('2028-04-01') })
      .thenThrows('DEADLINE_PASSED', 'annual-report.by-15-april');
    cycle
      .given(atBokslut)
      .when({ type: 'SubmitAnnualReport', ...meta, decision: ks('2027-12-20') })
      .thenThrows('TOO_EARLY', 'calendar.budget-year');
    cycle
      .given(atBokslut)
      .when({ type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') })
      .thenThrows('INVALID_STATE');
  });

  it('KF decides discharge per nämnd and KS, not for bolag, by 30 June, once', () => {
    const discharge = (organId: string, date = '2028-06-12') => ({
      type: 'DecideDischarge',
      ...meta,
      organId,
      granted: true,
      decision: kf(date, 'Ansvarsfrihet'),
    });
    const { events } = cycle.given(interimDone).when(discharge(ALE_ORGAN.sn)).thenAccepted();
    expect(events).toMatchObject([
      { type: 'DischargeDecided', data: { organId: ALE_ORGAN.sn, granted: true } },
    ]);
    cycle.given(interimDone).when(discharge(ALE_ORGAN.alebyggen)).thenThrows('NOT_APPLICABLE');
    cycle
      .given(interimDone)
      .when(discharge(ALE_ORGAN.sn, '2028-06-13'))
      .thenThrows('DEADLINE_PASSED', 'discharge.by-end-of-june');
    cycle
      .given([...interimDone, ...events])
      .when(discharge(ALE_ORGAN.sn))
      .thenThrows('ALREADY_EXISTS', 'discharge.once');
    cycle.given(budgetDone).when(discharge(ALE_ORGAN.sn)).thenThrows('INVALID_STATE');
  });

  it('closes bokslut only after approval and discharge for all, then closes the cycle', () => {
    cycle
      .given(interimDone)
      .when(close('bokslut'))
      .thenThrows('CYCLE_NOT_COMPLETE', 'cycle.close-phase.bokslut');
    cycle
      .given(discharged)
      .when({ type: 'CloseCycle', ...meta })
      .thenThrows('CYCLE_NOT_COMPLETE');
    const closedBokslut = decideAll(cycleDecider, [close('bokslut')], discharged);
    const state = cycle
      .given(closedBokslut)
      .when({ type: 'CloseCycle', ...meta })
      .thenEmits([{ type: 'CycleClosed', schemaVersion: 1, data: { at, by: actor } }]);
    expect(state.status).toBe('closed');
    const closed: CycleEvent[] = [
      ...closedBokslut,
      { type: 'CycleClosed', schemaVersion: 1, data: { at, by: actor } },
    ];
    cycle
      .given(closed)
      .when({ type: 'RecordDecision', ...meta, decision: kf('2028-06-20') })
      .thenThrows('INVALID_STATE', 'cycle.closed');
  });

  it('keeps every decision of the cycle, each cited', () => {
    const state = cycleDecider.initialState();
    const final = discharged.reduce(cycleDecider.evolve, state);
    if (final.status === 'not_started') throw new Error('not started');
    const citations = final.decisions.map(formatDecisionCitation);
    expect(citations.length).toBe(2 + committees.length + 4 + committees.length);
    expect(new Set(citations).size).toBe(citations.length);
    expect(final.discharges[ALE_ORGAN.ks]?.granted).toBe(true);
  });
});

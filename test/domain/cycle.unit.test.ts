import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/index';
import { cycleDecider } from '../../domain/cycle/index';
import { type Decision, formatDecisionCitation } from '../../domain/decision';
import { ALE_CALENDAR_2027, ALE_ORGAN, ALE_ORGANS, aleStartCycle2027 } from '../../domain/examples/ale';
import { resolveClockAt } from '../../workflows/clock';
import { decideAll } from '../support/decider-spec';
import {
  actor,
  at,
  budgetDone,
  close,
  cycle,
  kf,
  ks,
  meta,
  open,
  proposed,
  started,
  untilBudget,
} from './cycle-fixtures';

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

  it('stores the clock its workflow resolved with the start; the state is the same as without it', () => {
    const clock = resolveClockAt(
      { startAt: '2026-01-12T08:00:00+01:00', speedup: 3600 },
      Date.UTC(2026, 5, 1),
    );
    const plain = cycle.given([]).when(aleStartCycle2027()).thenAccepted();
    const [startedPlain] = plain.events;
    // Cycles started before the clock was stored carry none.
    expect(startedPlain?.type === 'CycleStarted' && 'clock' in startedPlain.data).toBe(false);
    const state = cycle
      .given([])
      .when({ ...aleStartCycle2027(), clock })
      .thenEmits(
        plain.events.map((e) => (e.type === 'CycleStarted' ? { ...e, data: { ...e.data, clock } } : e)),
      );
    expect(state).toEqual(plain.state);
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

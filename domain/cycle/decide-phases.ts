import type { z } from 'zod';
import { type MandateHistory, NO_EXTRA_ELECTIONS } from '../calendar/mandate';
import { milestoneDate, PHASES, phaseOfMilestone, withMilestoneDate } from '../calendar/schema';
import { validateCalendar } from '../calendar/validate';
import { fail } from '../errors';
import { isSubjectToDischarge } from '../municipality/organ';
import type { ChangeCalendarDate, CloseCycle, ClosePhase, OpenPhase, StartCycle } from './commands';
import { recoveryPlanInPlace } from './decide-balance';
import type { CycleEvent } from './events';
import { phaseLabel, previousPhase } from './guards';
import type { CycleData, CycleState } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

export function startCycle(
  c: Cmd<typeof StartCycle>,
  state: CycleState,
  mandates: MandateHistory = NO_EXTRA_ELECTIONS,
): CycleEvent[] {
  if (state.status !== 'not_started') {
    fail('ALREADY_EXISTS', 'cycle.start-once', `Cykeln för ${c.budgetYear} är redan startad`, {
      budgetYear: c.budgetYear,
    });
  }
  if (c.calendar.budgetYear !== c.budgetYear) {
    fail(
      'CALENDAR_INVALID',
      'calendar.budget-year',
      `Kalendern gäller ${c.calendar.budgetYear}, inte ${c.budgetYear}`,
      {
        calendarYear: c.calendar.budgetYear,
        budgetYear: c.budgetYear,
      },
    );
  }
  const violations = validateCalendar(c.calendar, mandates);
  if (violations.length > 0) {
    fail('CALENDAR_INVALID', violations[0]?.rule ?? 'calendar', 'Kalendern uppfyller inte reglerna', {
      violations,
    });
  }
  for (const kind of ['council', 'executive_board'] as const) {
    const count = c.organs.filter((o) => o.kind === kind).length;
    if (count !== 1) {
      fail(
        'INVALID_ORGAN_KIND',
        'cycle.one-council-one-board',
        'Cykeln kräver exakt ett fullmäktige och en styrelse',
        {
          kind,
          count,
        },
      );
    }
  }
  if (new Set(c.organs.map((o) => o.organId)).size !== c.organs.length) {
    fail('ALREADY_EXISTS', 'cycle.organs-unique', 'Ett organ förekommer mer än en gång', {});
  }
  const { type: _t, actor, ...data } = c;
  return [{ type: 'CycleStarted', schemaVersion: 1, data: { ...data, by: actor } }];
}

export function openPhase(c: Cmd<typeof OpenPhase>, s: CycleData): CycleEvent[] {
  if (s.phases[c.phase] !== 'pending') {
    fail('INVALID_STATE', 'cycle.phase-open-once', `Fasen ${phaseLabel(c.phase)} är redan öppnad`, {
      phase: c.phase,
    });
  }
  const prev = previousPhase(c.phase);
  if (prev && s.phases[prev] === 'pending') {
    fail(
      'PHASE_ORDER',
      'cycle.phase-order',
      `Fasen ${phaseLabel(prev)} måste öppnas före ${phaseLabel(c.phase)}`,
      {
        phase: c.phase,
        previous: prev,
      },
    );
  }
  return [{ type: 'PhaseOpened', schemaVersion: 1, data: { at: c.at, by: c.actor, phase: c.phase } }];
}

function requireComplete(s: CycleData, phase: Cmd<typeof ClosePhase>['phase']): void {
  const incomplete = (what: string, details: Record<string, unknown> = {}): never =>
    fail(
      'CYCLE_NOT_COMPLETE',
      `cycle.close-phase.${phase}`,
      `Fasen ${phaseLabel(phase)} kan inte stängas: ${what}`,
      details,
    );
  if (phase === 'budget' && s.budget.adoption === null) incomplete('budgeten är inte fastställd');
  if (phase === 'delarsbokslut' && s.interimReport.treated === null) {
    incomplete('fullmäktige har inte behandlat delårsrapporten');
  }
  if (phase === 'bokslut') {
    if (s.annualReport.approved === null) incomplete('årsredovisningen är inte godkänd');
    const missing = Object.values(s.organs)
      .filter((o) => isSubjectToDischarge(o.kind) && !s.discharges[o.organId])
      .map((o) => o.organId);
    if (missing.length > 0) incomplete('ansvarsfrihet är inte prövad för alla organ', { organIds: missing });
    if (!recoveryPlanInPlace(s)) {
      fail(
        'CYCLE_NOT_COMPLETE',
        'balance.recovery-plan',
        'Balanskravet: fullmäktige har inte antagit någon åtgärdsplan för det negativa balanskravsresultatet',
        { balanceResultOre: s.balance.resultOre },
      );
    }
  }
}

export function closePhase(c: Cmd<typeof ClosePhase>, s: CycleData): CycleEvent[] {
  if (s.phases[c.phase] !== 'open') {
    fail('INVALID_STATE', 'cycle.phase-open', `Fasen ${phaseLabel(c.phase)} är inte öppen`, {
      phase: c.phase,
      status: s.phases[c.phase],
    });
  }
  const earlierOpen = PHASES.slice(0, PHASES.indexOf(c.phase)).filter((p) => s.phases[p] !== 'closed');
  if (earlierOpen.length > 0) {
    fail('PHASE_ORDER', 'cycle.phase-order', `Tidigare faser måste stängas först`, { phases: earlierOpen });
  }
  requireComplete(s, c.phase);
  return [{ type: 'PhaseClosed', schemaVersion: 1, data: { at: c.at, by: c.actor, phase: c.phase } }];
}

export function changeCalendarDate(
  c: Cmd<typeof ChangeCalendarDate>,
  s: CycleData,
  mandates: MandateHistory = NO_EXTRA_ELECTIONS,
): CycleEvent[] {
  const phase = phaseOfMilestone(c.milestone);
  if (s.phases[phase] === 'closed') {
    fail('PHASE_CLOSED', 'cycle.calendar-change-open-phase', `Fasen ${phaseLabel(phase)} är stängd`, {
      phase,
    });
  }
  if (c.date === null && c.milestone !== 'budget.taxRateProposal') {
    fail('INVALID_COMMAND', 'cycle.calendar-date-required', 'Datumet får inte tas bort', {
      milestone: c.milestone,
    });
  }
  const next = withMilestoneDate(s.calendar, c.milestone, c.date);
  const violations = validateCalendar(next, mandates);
  if (violations.length > 0) {
    fail('CALENDAR_INVALID', violations[0]?.rule ?? 'calendar', 'Ändringen bryter mot kalenderreglerna', {
      violations,
    });
  }
  return [
    {
      type: 'CalendarDateChanged',
      schemaVersion: 1,
      data: {
        at: c.at,
        by: c.actor,
        milestone: c.milestone,
        previousDate: milestoneDate(s.calendar, c.milestone),
        date: c.date,
        reason: c.reason,
      },
    },
  ];
}

export function closeCycle(c: Cmd<typeof CloseCycle>, s: CycleData): CycleEvent[] {
  const notClosed = PHASES.filter((p) => s.phases[p] !== 'closed');
  if (notClosed.length > 0) {
    fail(
      'CYCLE_NOT_COMPLETE',
      'cycle.close-after-discharge',
      'Alla faser måste vara stängda innan cykeln stängs',
      {
        phases: notClosed,
      },
    );
  }
  return [{ type: 'CycleClosed', schemaVersion: 1, data: { at: c.at, by: c.actor } }];
}

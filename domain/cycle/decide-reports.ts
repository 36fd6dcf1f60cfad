import type { z } from 'zod';
import { isoDate } from '../calendar/dates';
import { interimReportLimit, legalLimits } from '../calendar/legal';
import { fail } from '../errors';
import { isSubjectToDischarge } from '../municipality/organ';
import type {
  ApproveAnnualReport,
  DecideDischarge,
  SubmitAnnualReport,
  SubmitInterimReport,
  TreatInterimReport,
} from './commands';
import { requireDischargeBasis, requireMembersOnce } from './decide-audit';
import { deviationsOf } from './deviations';
import type { CycleEvent } from './events';
import { requireBody, requireNewDecision, requireOnOrAfter, requirePhaseOpen } from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

export function submitInterimReport(c: Cmd<typeof SubmitInterimReport>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'delarsbokslut');
  if (s.interimReport.submitted !== null) {
    fail('ALREADY_EXISTS', 'interim.submit-once', 'Delårsrapporten är redan lämnad', {});
  }
  if (c.periodEnd !== s.calendar.delarsbokslut.periodEnd) {
    fail(
      'INVALID_PERIOD',
      'interim.period-coverage',
      `Delårsperioden ska sluta ${s.calendar.delarsbokslut.periodEnd}`,
      {
        periodEnd: c.periodEnd,
        expected: s.calendar.delarsbokslut.periodEnd,
      },
    );
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'executive_board');
  if (c.decision.date <= c.periodEnd) {
    fail('TOO_EARLY', 'cycle.phase-order', 'Delårsrapporten kan lämnas först efter periodens slut', {
      date: c.decision.date,
      periodEnd: c.periodEnd,
    });
  }
  const rule = 'interim.report-within-two-months';
  const deviations = deviationsOf(c.decision.date, [
    { rule, limit: 'planned', deadline: s.calendar.delarsbokslut.reportToKf },
    { rule, limit: 'legal', deadline: interimReportLimit(c.periodEnd) },
  ]);
  return [
    {
      type: 'InterimReportSubmitted',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, decision: c.decision, periodEnd: c.periodEnd, deviations },
    },
  ];
}

export function treatInterimReport(c: Cmd<typeof TreatInterimReport>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'delarsbokslut');
  const submitted = s.interimReport.submitted;
  if (submitted === null) fail('INVALID_STATE', 'interim.submit-first', 'Delårsrapporten är inte lämnad', {});
  if (s.interimReport.treated !== null) {
    fail('ALREADY_EXISTS', 'interim.treat-once', 'Fullmäktige har redan behandlat delårsrapporten', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'council');
  requireOnOrAfter(c.decision.date, submitted.date, 'cycle.phase-order', 'Delårsrapporten kan behandlas');
  return [
    { type: 'InterimReportTreated', schemaVersion: 1, data: { at: c.at, by: c.actor, decision: c.decision } },
  ];
}

export function submitAnnualReport(c: Cmd<typeof SubmitAnnualReport>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'bokslut');
  if (s.annualReport.submitted !== null) {
    fail('ALREADY_EXISTS', 'annual-report.submit-once', 'Årsredovisningen är redan lämnad', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'executive_board');
  requireOnOrAfter(
    c.decision.date,
    isoDate(s.budgetYear + 1, 1, 1),
    'calendar.budget-year',
    'Årsredovisningen kan lämnas',
  );
  const rule = 'annual-report.by-15-april';
  const deviations = deviationsOf(c.decision.date, [
    { rule, limit: 'planned', deadline: s.calendar.bokslut.annualReportToKf },
    { rule, limit: 'legal', deadline: legalLimits(s.budgetYear).annualReport },
  ]);
  return [
    {
      type: 'AnnualReportSubmitted',
      schemaVersion: 1,
      data: {
        at: c.at,
        by: c.actor,
        decision: c.decision,
        deviations,
        ...(c.balanceResultOre === undefined ? {} : { balanceResultOre: c.balanceResultOre }),
      },
    },
  ];
}

export function approveAnnualReport(c: Cmd<typeof ApproveAnnualReport>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'bokslut');
  const submitted = s.annualReport.submitted;
  if (submitted === null)
    fail('INVALID_STATE', 'annual-report.submit-first', 'Årsredovisningen är inte lämnad', {});
  if (s.annualReport.approved !== null) {
    fail('ALREADY_EXISTS', 'annual-report.approve-once', 'Årsredovisningen är redan godkänd', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'council');
  requireOnOrAfter(c.decision.date, submitted.date, 'cycle.phase-order', 'Årsredovisningen kan godkännas');
  return [
    { type: 'AnnualReportApproved', schemaVersion: 1, data: { at: c.at, by: c.actor, decision: c.decision } },
  ];
}

export function decideDischarge(c: Cmd<typeof DecideDischarge>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'bokslut');
  const submitted = s.annualReport.submitted;
  if (submitted === null) {
    fail(
      'INVALID_STATE',
      'discharge.after-annual-report',
      'Årsredovisningen och revisionsberättelsen saknas',
      {},
    );
  }
  const organ =
    s.organs[c.organId] ??
    fail('NOT_FOUND', 'discharge.organ', `Organet ${c.organId} deltar inte i cykeln`, { organId: c.organId });
  if (!isSubjectToDischarge(organ.kind)) {
    fail('NOT_APPLICABLE', 'discharge.organ', `Ansvarsfrihet prövas inte för ${organ.name}`, {
      organId: c.organId,
      kind: organ.kind,
    });
  }
  if (s.discharges[c.organId]) {
    fail('ALREADY_EXISTS', 'discharge.once', `Ansvarsfrihet för ${organ.name} är redan prövad`, {
      organId: c.organId,
    });
  }
  requireBody(s, c.decision, 'council');
  requireOnOrAfter(
    c.decision.date,
    submitted.date,
    'cycle.phase-order',
    'Beslutet om ansvarsfrihet kan fattas',
  );
  requireDischargeBasis(s, c.decision.date);
  requireMembersOnce(c.members);
  requireNewDecision(s, c.decision);
  const rule = 'discharge.by-end-of-june';
  const deviations = deviationsOf(c.decision.date, [
    { rule, limit: 'planned', deadline: s.calendar.bokslut.discharge },
    { rule, limit: 'legal', deadline: legalLimits(s.budgetYear).discharge },
  ]);
  return [
    {
      type: 'DischargeDecided',
      schemaVersion: 1,
      data: {
        at: c.at,
        by: c.actor,
        organId: c.organId,
        granted: c.granted,
        decision: c.decision,
        deviations,
        ...(c.remark ? { remark: c.remark } : {}),
        ...(c.members ? { members: c.members } : {}),
      },
    },
  ];
}

import type { IsoDate } from '../primitives';
import { isOnOrAfter, isOnOrBefore, isoDate } from './dates';
import { interimReportLimit, kfAdoptionLimit, legalLimits } from './legal';
import { type MandateHistory, NO_EXTRA_ELECTIONS } from './mandate';
import { CALENDAR_RULES, type CalendarRuleId } from './rules';
import { type CalendarMilestone, type CycleCalendar, MILESTONE_LABELS_SV } from './schema';

/** One broken rule in a calendar. */
export interface CalendarViolation {
  rule: CalendarRuleId;
  milestone: CalendarMilestone;
  /** The offending date (null when a required date is missing). */
  date: IsoDate | null;
  /** The limit it broke (latest or earliest allowed date, or the date it must follow). */
  limit: IsoDate | null;
  /** Swedish, for users. */
  message: string;
  citation: string | null;
  verified: boolean;
}

function violation(
  rule: CalendarRuleId,
  milestone: CalendarMilestone,
  date: IsoDate | null,
  limit: IsoDate | null,
  message: string,
): CalendarViolation {
  const { citation, verified } = CALENDAR_RULES[rule];
  return { rule, milestone, date, limit, message, citation, verified };
}

/** [earlier, later, strict] pairs that make the phases follow each other sanely. */
const ORDER: readonly [CalendarMilestone, CalendarMilestone, boolean][] = [
  ['omvarldsdag.date', 'nulagesanalys.due', true],
  ['nulagesanalys.start', 'nulagesanalys.due', true],
  ['tillitsdialog.start', 'tillitsdialog.end', false],
  ['nulagesanalys.due', 'tillitsdialog.end', false],
  ['tillitsdialog.end', 'budget.ksProposal', false],
  ['budget.ksProposal', 'budget.kfAdoption', true],
  ['budget.kfAdoption', 'budget.planAdoption', false],
  ['budget.planAdoption', 'delarsbokslut.periodEnd', true],
  ['delarsbokslut.periodEnd', 'delarsbokslut.reportToKf', true],
  ['delarsbokslut.reportToKf', 'bokslut.annualReportToKf', true],
  ['bokslut.annualReportToKf', 'bokslut.kfApproval', false],
  ['bokslut.annualReportToKf', 'bokslut.discharge', true],
  // The auditors audit the annual report, and KF decides on discharge after their report.
  ['bokslut.annualReportToKf', 'bokslut.auditReport', false],
  ['bokslut.auditReport', 'bokslut.discharge', false],
];

function dateAt(cal: CycleCalendar, m: CalendarMilestone): IsoDate | null {
  const [phase, field] = m.split('.') as [keyof CycleCalendar, string];
  const value = (cal[phase] as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

function checkBudget(cal: CycleCalendar, out: CalendarViolation[], mandates: MandateHistory): void {
  const n = cal.budgetYear;
  const limits = legalLimits(n, mandates);
  const { ksProposal, specialReasons, taxRateProposal, kfAdoption } = cal.budget;
  const inNovember = ksProposal > limits.ksProposal;

  if (inNovember && !specialReasons) {
    out.push(
      violation(
        'budget.ks-proposal-by-october',
        'budget.ksProposal',
        ksProposal,
        limits.ksProposal,
        `Kommunstyrelsens budgetförslag måste upprättas senast ${limits.ksProposal} (november kräver särskilda skäl).`,
      ),
    );
  }
  if (specialReasons && ksProposal > limits.ksProposalWithSpecialReasons) {
    out.push(
      violation(
        'budget.ks-proposal-november-special-reasons',
        'budget.ksProposal',
        ksProposal,
        limits.ksProposalWithSpecialReasons,
        `Även med särskilda skäl måste budgetförslaget upprättas senast ${limits.ksProposalWithSpecialReasons}.`,
      ),
    );
  }
  if (inNovember && specialReasons) {
    if (taxRateProposal === null || taxRateProposal > limits.taxRateProposal) {
      out.push(
        violation(
          'budget.tax-rate-proposal-by-october',
          'budget.taxRateProposal',
          taxRateProposal,
          limits.taxRateProposal,
          `När budgetförslaget upprättas i november ska skattesatsen föreslås senast ${limits.taxRateProposal}.`,
        ),
      );
    }
  }
  const adoptionLimit = kfAdoptionLimit(n, ksProposal, specialReasons);
  if (kfAdoption > adoptionLimit) {
    out.push(
      violation(
        'budget.kf-adoption-deadline',
        'budget.kfAdoption',
        kfAdoption,
        adoptionLimit,
        `Fullmäktige måste fastställa budgeten senast ${adoptionLimit}.`,
      ),
    );
  }
  if (limits.kfAdoptionEarliest !== null && kfAdoption < limits.kfAdoptionEarliest) {
    out.push(
      violation(
        'budget.election-year-new-council',
        'budget.kfAdoption',
        kfAdoption,
        limits.kfAdoptionEarliest,
        `${n - 1} är valår: budgeten fastställs av de nyvalda fullmäktige, tidigast ${limits.kfAdoptionEarliest}.`,
      ),
    );
  }
}

function checkReports(cal: CycleCalendar, out: CalendarViolation[]): void {
  const limits = legalLimits(cal.budgetYear);
  const { periodEnd, reportToKf } = cal.delarsbokslut;
  if (periodEnd < limits.interimPeriodEndEarliest || periodEnd > limits.interimPeriodEndLatest) {
    const limit =
      periodEnd < limits.interimPeriodEndEarliest
        ? limits.interimPeriodEndEarliest
        : limits.interimPeriodEndLatest;
    out.push(
      violation(
        'interim.period-coverage',
        'delarsbokslut.periodEnd',
        periodEnd,
        limit,
        `Delårsperioden ska sluta mellan ${limits.interimPeriodEndEarliest} och ${limits.interimPeriodEndLatest}.`,
      ),
    );
  }
  const reportLimit = interimReportLimit(periodEnd);
  if (reportToKf > reportLimit) {
    out.push(
      violation(
        'interim.report-within-two-months',
        'delarsbokslut.reportToKf',
        reportToKf,
        reportLimit,
        `Delårsrapporten ska lämnas till fullmäktige senast ${reportLimit}, två månader efter periodens slut.`,
      ),
    );
  }
  const { annualReportToKf, discharge } = cal.bokslut;
  if (annualReportToKf > limits.annualReport) {
    out.push(
      violation(
        'annual-report.by-15-april',
        'bokslut.annualReportToKf',
        annualReportToKf,
        limits.annualReport,
        `Årsredovisningen ska lämnas till fullmäktige och revisorerna senast ${limits.annualReport}.`,
      ),
    );
  }
  if (discharge > limits.discharge) {
    out.push(
      violation(
        'discharge.by-end-of-june',
        'bokslut.discharge',
        discharge,
        limits.discharge,
        `Fullmäktige ska besluta om ansvarsfrihet senast ${limits.discharge}.`,
      ),
    );
  }
}

function checkYears(cal: CycleCalendar, out: CalendarViolation[]): void {
  const n = cal.budgetYear;
  const yearEnd = isoDate(n, 12, 31);
  const { annualReportToKf } = cal.bokslut;
  if (!isOnOrAfter(annualReportToKf, isoDate(n + 1, 1, 1))) {
    out.push(
      violation(
        'calendar.budget-year',
        'bokslut.annualReportToKf',
        annualReportToKf,
        yearEnd,
        `Årsredovisningen kan lämnas först efter budgetårets slut (${yearEnd}).`,
      ),
    );
  }
  const earliest = isoDate(n - 2, 1, 1);
  const omvarldsdag = cal.omvarldsdag.date;
  if (omvarldsdag < earliest) {
    out.push(
      violation(
        'calendar.budget-year',
        'omvarldsdag.date',
        omvarldsdag,
        earliest,
        `Omvärldsdagen för budgetår ${n} kan inte ligga före ${earliest}.`,
      ),
    );
  }
}

function checkOrder(cal: CycleCalendar, out: CalendarViolation[]): void {
  for (const [earlier, later, strict] of ORDER) {
    const a = dateAt(cal, earlier);
    const b = dateAt(cal, later);
    if (a === null || b === null) continue;
    const ok = strict ? a < b : isOnOrBefore(a, b);
    if (!ok) {
      out.push(
        violation(
          'calendar.phase-order',
          later,
          b,
          a,
          `Datumet för ${MILESTONE_LABELS_SV[later]} (${b}) måste ligga ${strict ? 'efter' : 'på eller efter'} ${MILESTONE_LABELS_SV[earlier]} (${a}).`,
        ),
      );
    }
  }
}

/**
 * Checks a calendar against the legal limits and sane phase order. Empty when valid. `mandates` is the
 * municipality's record of extra elections (read from its state), for the election-year rule.
 */
export function validateCalendar(
  cal: CycleCalendar,
  mandates: MandateHistory = NO_EXTRA_ELECTIONS,
): CalendarViolation[] {
  const out: CalendarViolation[] = [];
  checkBudget(cal, out, mandates);
  checkReports(cal, out);
  checkYears(cal, out);
  checkOrder(cal, out);
  return out;
}

import { isoDate } from './dates';
import { legalLimits } from './legal';
import type { CycleCalendar } from './schema';

/**
 * The calendar for budget year N with the legal deadlines as dates (the latest allowed) and
 * typical dates for the phases the law does not time. Valid under `validateCalendar`.
 */
export function defaultCalendar(budgetYear: number): CycleCalendar {
  const prev = budgetYear - 1;
  const limits = legalLimits(budgetYear);
  return {
    budgetYear,
    omvarldsdag: { date: isoDate(prev, 2, 15) },
    nulagesanalys: { start: isoDate(prev, 2, 15), due: isoDate(prev, 4, 30) },
    tillitsdialog: { start: isoDate(prev, 5, 1), end: isoDate(prev, 6, 15) },
    budget: {
      ksProposal: limits.ksProposal,
      specialReasons: false,
      taxRateProposal: null,
      kfAdoption: limits.kfAdoption,
      planAdoption: isoDate(prev, 12, 31),
    },
    delarsbokslut: { periodEnd: limits.interimPeriodEndLatest, reportToKf: isoDate(budgetYear, 10, 31) },
    bokslut: {
      annualReportToKf: limits.annualReport,
      kfApproval: limits.discharge,
      discharge: limits.discharge,
      auditReport: isoDate(budgetYear + 1, 5, 31),
    },
  };
}

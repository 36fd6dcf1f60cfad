import { interimReportLimit, legalLimits } from '../calendar/legal';
import type { CycleCalendar } from '../calendar/schema';
import { assertNever, type IsoDate } from '../primitives';
import type { TaskKind } from './kinds';

/**
 * The latest due date a task of a kind may be moved to (pass as `legalLimit` of ChangeTaskDueDate).
 * Report tasks are bound by the law; the analysis and dialogue tasks feed KS's budget
 * proposal, so they may not move past the calendar's proposal date. Null: no limit.
 */
export function dueDateLimit(kind: TaskKind, cal: CycleCalendar): IsoDate | null {
  switch (kind) {
    case 'omvarldsanalys':
    case 'nulagesanalys':
    case 'tillitsdialog':
      return cal.budget.ksProposal;
    case 'verksamhetsplan':
      return null;
    case 'delarsrapport':
      return interimReportLimit(cal.delarsbokslut.periodEnd);
    case 'arsrapport':
      return legalLimits(cal.budgetYear).annualReport;
    default:
      return assertNever(kind);
  }
}

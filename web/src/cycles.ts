import type { Phase } from './format';

export interface Calendar {
  budgetYear: number;
  omvarldsdag: { date: string };
  nulagesanalys: { start: string; due: string };
  tillitsdialog: { start: string; end: string };
  budget: { ksProposal: string; taxRateProposal: string | null; kfAdoption: string; planAdoption: string };
  delarsbokslut: { periodEnd: string; reportToKf: string };
  bokslut: { annualReportToKf: string; kfApproval: string; discharge: string };
}

export interface PlannedTask {
  taskId: string;
  kind: string;
  organId: string;
  title: string;
  dueDate: string;
}

export interface CycleStatus {
  cycle: {
    status: 'running' | 'closed' | 'not_started';
    budgetYear: number;
    calendar: Calendar;
    phases: Record<Phase, 'pending' | 'open' | 'closed'>;
    decisions: { body: string; date: string; paragraph: number; subject: string }[];
    /** The organs taking part in this cycle, by id (organs added to the municipality later are not). */
    organs?: Record<string, { organId: string }>;
  };
  plannedTasks: { phase: Phase; label: string; tasks: PlannedTask[] }[];
  runningPhases: Phase[];
}

export interface TaskRow {
  taskId: string;
  budgetYear: number;
  organId: string;
  phase: string;
  kind: string;
  title: string;
  dueDate: string;
  status: string;
  open: boolean;
  revision: number;
  lastSubmissionLate: boolean | null;
  escalated: boolean;
  returns?: { revision: number; reason: string; returnedBy: string; returnedAt: string }[];
  /** Why a process owner cancelled the task (status cancelled, Avbruten). */
  cancelReason?: string | null;
}

/** Each phase's period in the calendar, as [first day, last day]. */
export function phasePeriods(c: Calendar): Record<Phase, [string, string]> {
  return {
    omvarldsdag: [c.omvarldsdag.date, c.omvarldsdag.date],
    nulagesanalys: [c.nulagesanalys.start, c.nulagesanalys.due],
    tillitsdialog: [c.tillitsdialog.start, c.tillitsdialog.end],
    budget: [c.budget.taxRateProposal ?? c.budget.ksProposal, c.budget.planAdoption],
    delarsbokslut: [c.delarsbokslut.periodEnd, c.delarsbokslut.reportToKf],
    bokslut: [`${c.budgetYear + 1}-01-01`, c.bokslut.discharge],
  };
}

/** Today's date in Stockholm, as YYYY-MM-DD. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

import type { Phase } from '../domain/calendar/schema';
import type { TaskKind } from '../domain/task/index';
import type { ResolvedClock } from './clock';

/** What a task's workflow is started with (by its phase). */
export interface HumanTaskInput {
  taskId: string;
  municipalityId: string;
  budgetYear: number;
  organId: string;
  organName: string;
  phase: Phase;
  kind: TaskKind;
  title: string;
  dueDate: string;
  /** Reminders go out this many days before the due date (default REMINDER_DAYS_BEFORE). */
  reminderDaysBefore?: number[];
  assignedBy: string;
  correlationId: string;
  clock: ResolvedClock;
  /* Copies made at the cycle's start, read only by histories recorded before state-follows-store. */
  organSecretaries?: string[];
  processOwners?: string[];
  reference?: { councilGoalIds: string[]; externalFactorIds: string[] } | null;
  legalLimit?: string | null;
}

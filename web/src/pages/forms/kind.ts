import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { MunicipalityView } from '../../lib';
import type { TaskDetails } from '../Task';
import type { PathIssue } from './issues';

/** What the forms know of the municipality besides the app's view (the API sends the whole state). */
export interface FormMunicipality extends MunicipalityView {
  departments?: Record<string, { departmentId: string; organId: string; name: string }>;
  steering: MunicipalityView['steering'] & {
    councilGoals: Record<string, { goalId: string; title: string; fromYear?: number; toYear?: number }>;
    externalFactors: Record<string, { factorId: string; title: string; description: string }>;
    organGoals?: Record<string, { goalId: string; organId: string; year: number; title: string }>;
    indicators?: Record<
      string,
      { indicatorId: string; organGoalId: string; name: string; unit: string; target: number }
    >;
  };
}

/** What a form is filled in against: the task, the municipality, and this year's plan of the organ. */
export interface FormContext {
  task: TaskDetails;
  municipality: FormMunicipality;
  /** The organ's verksamhetsplan for the budget year (for the reports' goals and indicators). */
  plan: unknown | null;
}

export type Update<D> = (change: (d: D) => D) => void;

/** One task kind's form: its draft, how a submission fills it, and what it submits. */
export interface FormKind<D extends object> {
  title: string;
  intro: string;
  submittedNotice: string;
  schema: z.ZodType;
  empty(ctx: FormContext): D;
  /** A submission (this task's last, or the previous cycle's, of `fromYear`) as a draft to start from. */
  fromContent(content: unknown, ctx: FormContext, fromYear: number): D;
  /** The content to submit, and the issues found converting the typed text (amounts, numbers). */
  toContent(draft: D, ctx: FormContext): { content: unknown; issues: PathIssue[] };
  Fields(props: { draft: D; update: Update<D>; ctx: FormContext }): ReactNode;
  /** Starting from the previous cycle's submission helps (plans and reports). */
  startsFromPrevious?: boolean;
}

/** Council goals in force in a year, in Swedish order. */
export function councilGoalsOf(ctx: FormContext) {
  const year = ctx.task.budgetYear;
  return Object.values(ctx.municipality.steering.councilGoals)
    .filter((g) => (g.fromYear ?? year) <= year && year <= (g.toYear ?? year))
    .sort((a, b) => a.title.localeCompare(b.title, 'sv'));
}

/** A stable key for a new list item (React keys; not part of the content). */
export const newKey = () => `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

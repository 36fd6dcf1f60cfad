import { type CalendarMilestone, milestoneDate } from '../../domain/calendar/schema';
import type { CycleData, ScheduledDialogue } from '../../domain/cycle/state';
import { isSubjectToDischarge, takesPartInCycle } from '../../domain/municipality/organ';

/** One event of a calendar feed: a due date, a planned decision, a scheduled meeting, or a period. */
export interface FeedEntry {
  /** Stable across fetches and feeds: the same fact always has the same UID. */
  uid: string;
  kind: 'due' | 'decision' | 'meeting' | 'period';
  /** Date (Europe/Stockholm), and for a period its last day. */
  date: string;
  endDate?: string;
  /** A meeting's start, 'HH:MM' Europe/Stockholm, and where it is held. */
  time?: string;
  location?: string;
  summary: string;
  description: string;
}

/** A task as the task inbox has it. */
export interface FeedTask {
  taskId: string;
  budgetYear: number;
  organId: string;
  title: string;
  dueDate: string;
}

/** Who a feed is for: organs, and whether it shows everything (process owners) or the auditors' dates. */
export interface FeedScope {
  organs: readonly string[];
  everything: boolean;
  auditor: boolean;
}

interface MilestoneSpec {
  milestone: CalendarMilestone;
  summary: (year: number) => string;
  /** The organs whose calendar shows it; `auditors` for the revisorer's. */
  concerns: (cycle: CycleData) => string[];
  auditors?: boolean;
  periodEnd?: CalendarMilestone;
}

const byKind = (cycle: CycleData, keep: (kind: CycleData['organs'][string]['kind']) => boolean) =>
  Object.values(cycle.organs)
    .filter((o) => keep(o.kind))
    .map((o) => o.organId);
const council = (c: CycleData) => byKind(c, (k) => k === 'council');
const board = (c: CycleData) => byKind(c, (k) => k === 'executive_board');
const participants = (c: CycleData) => byKind(c, takesPartInCycle);
const committees = (c: CycleData) => byKind(c, (k) => k === 'committee');

/** The planned decisions and meetings of the cycle calendar (the task due dates come from the tasks). */
const MILESTONES: readonly MilestoneSpec[] = [
  { milestone: 'omvarldsdag.date', summary: (n) => `Omvärldsdag (budgetår ${n})`, concerns: participants },
  {
    milestone: 'nulagesanalys.start',
    summary: (n) => `Nulägesanalys ${n} tilldelas`,
    concerns: participants,
  },
  {
    milestone: 'tillitsdialog.start',
    periodEnd: 'tillitsdialog.end',
    summary: (n) => `Tillitsdialoger (budgetår ${n})`,
    concerns: participants,
  },
  {
    milestone: 'budget.taxRateProposal',
    summary: (n) => `KS: förslag till skattesats ${n}`,
    concerns: board,
  },
  { milestone: 'budget.ksProposal', summary: (n) => `KS: budgetförslag ${n}`, concerns: board },
  {
    milestone: 'budget.kfAdoption',
    summary: (n) => `KF fastställer budget ${n}`,
    concerns: (c) => [...council(c), ...participants(c)],
  },
  {
    milestone: 'budget.planAdoption',
    summary: (n) => `Nämnderna antar verksamhetsplan ${n}`,
    concerns: committees,
  },
  {
    milestone: 'delarsbokslut.periodEnd',
    summary: (n) => `Delårsperiodens slut (${n})`,
    concerns: board,
  },
  {
    milestone: 'delarsbokslut.reportToKf',
    summary: (n) => `KS: delårsrapport ${n} till KF`,
    concerns: (c) => [...board(c), ...council(c)],
    auditors: true,
  },
  {
    milestone: 'bokslut.annualReportToKf',
    summary: (n) => `KS: årsredovisning ${n} till KF och revisorerna`,
    concerns: (c) => [...board(c), ...council(c)],
    auditors: true,
  },
  {
    milestone: 'bokslut.auditReport',
    summary: (n) => `Revisionsberättelse ${n}`,
    concerns: council,
    auditors: true,
  },
  {
    milestone: 'bokslut.kfApproval',
    summary: (n) => `KF godkänner årsredovisning ${n}`,
    concerns: (c) => [...council(c), ...board(c)],
    auditors: true,
  },
  {
    milestone: 'bokslut.discharge',
    summary: (n) => `KF beslutar om ansvarsfrihet (${n})`,
    concerns: (c) => [...council(c), ...byKind(c, isSubjectToDischarge)],
    auditors: true,
  },
];

/**
 * Every entry of a feed: the planned decisions and meetings of the cycles (from the cycle calendar as
 * the event store has it now, moved dates included) and the due date of each task, for the scope.
 */
export function feedEntries(
  municipalityId: string,
  cycles: readonly CycleData[],
  tasks: readonly FeedTask[],
  scope: FeedScope,
): FeedEntry[] {
  const mine = (organs: readonly string[]) =>
    scope.everything || organs.some((o) => scope.organs.includes(o));
  const entries: FeedEntry[] = [];
  for (const cycle of cycles) {
    const n = cycle.budgetYear;
    for (const spec of MILESTONES) {
      const date = milestoneDate(cycle.calendar, spec.milestone);
      if (!date) continue;
      if (!mine(spec.concerns(cycle)) && !(scope.auditor && spec.auditors)) continue;
      const endDate = spec.periodEnd
        ? (milestoneDate(cycle.calendar, spec.periodEnd) ?? undefined)
        : undefined;
      entries.push({
        uid: `${municipalityId}.${n}.${spec.milestone}@arshjul`,
        kind: endDate ? 'period' : 'decision',
        date,
        endDate,
        summary: spec.summary(n),
        description: `Planerat i årshjulet för budgetår ${n}.`,
      });
    }
  }
  for (const cycle of cycles) {
    for (const dialogue of Object.values(cycle.scheduledDialogues ?? {})) {
      if (mine([dialogue.organId, ...board(cycle)])) {
        entries.push(dialogueEntry(municipalityId, cycle, dialogue));
      }
    }
  }
  const organName = (cycleYear: number, organId: string) =>
    cycles.find((c) => c.budgetYear === cycleYear)?.organs[organId]?.shortName ?? organId;
  for (const task of tasks) {
    if (!mine([task.organId])) continue;
    entries.push({
      uid: `${task.taskId}.due@arshjul`,
      kind: 'due',
      date: task.dueDate,
      summary: `Sista dag: ${task.title} (${organName(task.budgetYear, task.organId)})`,
      description: `Uppgiften ska lämnas in senast denna dag. Uppgift ${task.taskId}.`,
    });
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid));
}

const FORMAT_SV: Record<ScheduledDialogue['format'], string> = {
  on_site: 'på plats',
  digital: 'digitalt',
  hybrid: 'på plats och digitalt',
};

/** A scheduled tillitsdialog: a meeting of KS and the organ, at its time and place. */
function dialogueEntry(municipalityId: string, cycle: CycleData, dialogue: ScheduledDialogue): FeedEntry {
  const n = cycle.budgetYear;
  const organ = cycle.organs[dialogue.organId]?.shortName ?? dialogue.organId;
  const ks = board(cycle)
    .map((id) => cycle.organs[id]?.shortName ?? id)
    .join(', ');
  return {
    uid: `${municipalityId}.${n}.dialogue.${dialogue.dialogueId}@arshjul`,
    kind: 'meeting',
    date: dialogue.date,
    time: dialogue.time,
    location: dialogue.place,
    summary: `Tillitsdialog: ${ks || 'KS'} och ${organ}`,
    description: `Tillitsdialog för budgetår ${n}, ${FORMAT_SV[dialogue.format]}. Plats: ${dialogue.place}.`,
  };
}

import type pg from 'pg';
import { PHASES, type Phase } from '../domain/calendar/schema';
import { phaseLabel } from '../domain/cycle/guards';
import { formatKronorText, oreToKronorText } from '../domain/money';
import { phaseStatusLabel } from '../domain/status-labels';
import { jsonTypes } from './read-models';

const isPhase = (value: string): value is Phase => (PHASES as readonly string[]).includes(value);

export interface CycleSummary {
  municipalityId: string;
  budgetYear: number;
  /** Swedish lines for people. */
  lines: string[];
  figures: {
    cycleStatus: string | null;
    phases: { phase: string; status: string }[];
    tasks: {
      total: number;
      approved: number;
      onTime: number;
      late: number;
      escalated: number;
      pending: number;
    };
    returnsForRevision: number;
    dialogues: { held: number; reportedToKf: number };
    /** The adopted frames' total in öre, as an exact decimal string. */
    budget: { adoptedTotalOre: string | null; citation: string | null; frames: number };
    organPlans: number;
  };
}

const phaseStatus = (s: string) => phaseStatusLabel(s).toLowerCase();

/** Öre (a decimal string) as `1 234 567,89 kr`, exactly: digits grouped as text, never via a double. */
const kr = (ore: string) => `${formatKronorText(oreToKronorText(ore))} kr`;

/** A summary of a cycle from the read models (cycle board, inbox, compliance, dialogues, budget). */
export async function buildSummary(
  pool: pg.Pool,
  municipalityId: string,
  budgetYear: number,
): Promise<CycleSummary> {
  const q = async <T>(text: string) =>
    (await pool.query({ text, values: [municipalityId, budgetYear], types: jsonTypes })).rows as T[];
  const [cycle] = await q<{ status: string }>(
    'select status from rm_cycles where municipality_id = $1 and budget_year = $2',
  );
  const phases = await q<{ phase: string; status: string }>(
    `select phase, status from rm_cycle_phases where municipality_id = $1 and budget_year = $2 order by phase_order`,
  );
  const [tasks] = await q<{ total: number; approved: number; returns: number }>(
    `select count(*)::int as total, (count(*) filter (where status = 'approved'))::int as approved,
            coalesce((select count(*)::int from rm_inbox_returns r join rm_inbox_tasks t using (task_id)
                      where t.municipality_id = $1 and t.budget_year = $2), 0) as returns
     from rm_inbox_tasks where municipality_id = $1 and budget_year = $2`,
  );
  const [compliance] = await q<{ on_time: number; late: number; escalated: number; pending: number }>(
    `select coalesce(sum(on_time), 0)::int as on_time, coalesce(sum(late), 0)::int as late,
            coalesce(sum(escalated), 0)::int as escalated, coalesce(sum(pending), 0)::int as pending
     from rm_deadline_compliance where municipality_id = $1 and budget_year = $2`,
  );
  const [dialogues] = await q<{ held: number; reported: number }>(
    `select (count(*) filter (where status in ('submitted', 'approved')))::int as held,
            (count(*) filter (where reported_to_kf))::int as reported
     from rm_dialogues where municipality_id = $1 and budget_year = $2`,
  );
  const [budget] = await q<{ total_frames_ore: string; decision_citation: string }>(
    `select total_frames_ore::text, decision_citation from rm_budget
     where municipality_id = $1 and budget_year = $2 and stage = 'adopted'`,
  );
  const [frames] = await q<{ n: number }>(
    `select count(*)::int as n from rm_budget_frames where municipality_id = $1 and budget_year = $2 and stage = 'adopted'`,
  );
  const [plans] = await q<{ n: number }>(
    'select count(*)::int as n from rm_budget_organ_plans where municipality_id = $1 and budget_year = $2',
  );

  const figures: CycleSummary['figures'] = {
    cycleStatus: cycle?.status ?? null,
    phases,
    tasks: {
      total: tasks?.total ?? 0,
      approved: tasks?.approved ?? 0,
      onTime: compliance?.on_time ?? 0,
      late: compliance?.late ?? 0,
      escalated: compliance?.escalated ?? 0,
      pending: compliance?.pending ?? 0,
    },
    returnsForRevision: tasks?.returns ?? 0,
    dialogues: { held: dialogues?.held ?? 0, reportedToKf: dialogues?.reported ?? 0 },
    budget: {
      adoptedTotalOre: budget?.total_frames_ore ?? null,
      citation: budget?.decision_citation ?? null,
      frames: frames?.n ?? 0,
    },
    organPlans: plans?.n ?? 0,
  };
  const lines = [
    `Cykel ${budgetYear}: ${figures.cycleStatus ? phaseStatus(figures.cycleStatus) : 'saknas'}`,
    `Faser: ${phases.map((p) => `${isPhase(p.phase) ? phaseLabel(p.phase) : p.phase} ${phaseStatus(p.status)}`).join(', ') || '–'}`,
    `Uppgifter: ${figures.tasks.total} st, ${figures.tasks.approved} godkända; i tid ${figures.tasks.onTime}, sent ${figures.tasks.late}, eskalerade ${figures.tasks.escalated}, ej inlämnade ${figures.tasks.pending}`,
    `Returnerade inlämningar: ${figures.returnsForRevision}`,
    `Tillitsdialoger: ${figures.dialogues.held} hållna, ${figures.dialogues.reportedToKf} redovisade för KF`,
    figures.budget.adoptedTotalOre === null
      ? 'Budget: ej fastställd'
      : `Budget: ${figures.budget.frames} ramar om totalt ${kr(figures.budget.adoptedTotalOre)} fastställda (${figures.budget.citation})`,
    `Verksamhetsplaner antagna: ${figures.organPlans}`,
  ];
  return { municipalityId, budgetYear, lines, figures };
}

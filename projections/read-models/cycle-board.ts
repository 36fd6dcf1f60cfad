import { type CycleCalendar, PHASES, type Phase } from '../../domain';
import type { Projection } from '../types';
import { cycleOf } from './keys';

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A phase's planned span: its earliest and latest calendar date. */
export function plannedSpan(milestones: Record<string, unknown>): {
  start: string | null;
  end: string | null;
} {
  const dates = Object.values(milestones).filter(isDate).sort();
  return { start: dates[0] ?? null, end: dates.at(-1) ?? null };
}

/** Per municipality and budget year: the cycle and each phase's status, planned dates and actual dates. */
export const cycleBoard: Projection = {
  name: 'cycle_board',
  description: 'årshjulet per kommun och budgetår: fasernas status och datum',
  tables: ['rm_cycle_phases', 'rm_cycles'],
  eventTypes: ['CycleStarted', 'PhaseOpened', 'PhaseClosed', 'CalendarDateChanged', 'CycleClosed'],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'CycleStarted': {
        const { municipalityId, budgetYear, calendar, organs, at } = event.data;
        await tx.query(
          `insert into rm_cycles (municipality_id, budget_year, status, started_at, organ_count)
           values ($1, $2, 'running', $3, $4)
           on conflict (municipality_id, budget_year) do update
           set status = 'running', started_at = excluded.started_at, closed_at = null, organ_count = excluded.organ_count`,
          [municipalityId, budgetYear, at, organs.length],
        );
        for (const [order, phase] of PHASES.entries()) {
          const milestones = (calendar as CycleCalendar)[phase] as Record<string, unknown>;
          const span = plannedSpan(milestones);
          await tx.query(
            `insert into rm_cycle_phases
               (municipality_id, budget_year, phase, phase_order, status, planned_start, planned_end, milestones)
             values ($1, $2, $3, $4, 'planned', $5, $6, $7)
             on conflict (municipality_id, budget_year, phase) do update
             set status = 'planned', planned_start = excluded.planned_start, planned_end = excluded.planned_end,
                 milestones = excluded.milestones, opened_at = null, closed_at = null`,
            [municipalityId, budgetYear, phase, order + 1, span.start, span.end, JSON.stringify(milestones)],
          );
        }
        return;
      }
      case 'PhaseOpened':
      case 'PhaseClosed': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const opened = event.type === 'PhaseOpened';
        await tx.query(
          opened
            ? `update rm_cycle_phases set status = 'open', opened_at = $4
               where municipality_id = $1 and budget_year = $2 and phase = $3`
            : `update rm_cycle_phases set status = 'closed', closed_at = $4
               where municipality_id = $1 and budget_year = $2 and phase = $3`,
          [municipalityId, budgetYear, event.data.phase, event.data.at],
        );
        return;
      }
      case 'CalendarDateChanged': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const [phase, field] = event.data.milestone.split('.') as [Phase, string];
        const { rows } = await tx.query<{ milestones: Record<string, unknown> }>(
          `select milestones from rm_cycle_phases
           where municipality_id = $1 and budget_year = $2 and phase = $3`,
          [municipalityId, budgetYear, phase],
        );
        const current = rows[0];
        if (!current) return;
        const milestones = { ...current.milestones, [field]: event.data.date };
        const span = plannedSpan(milestones);
        await tx.query(
          `update rm_cycle_phases set milestones = $4, planned_start = $5, planned_end = $6
           where municipality_id = $1 and budget_year = $2 and phase = $3`,
          [municipalityId, budgetYear, phase, JSON.stringify(milestones), span.start, span.end],
        );
        return;
      }
      case 'CycleClosed': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        await tx.query(
          `update rm_cycles set status = 'closed', closed_at = $3 where municipality_id = $1 and budget_year = $2`,
          [municipalityId, budgetYear, event.data.at],
        );
        return;
      }
      default:
        return;
    }
  },
};

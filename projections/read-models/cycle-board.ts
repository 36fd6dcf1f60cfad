import { type CycleCalendar, PHASES, type Phase } from '../../domain';
import { type Doc, type DocKind, type Row, update, upsertRow } from '../fold';
import type { Projection } from '../types';
import { cycleOf } from './keys';

const CYCLES = 'rm_cycles';
const PHASES_TABLE = 'rm_cycle_phases';

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A phase's planned span: its earliest and latest calendar date. */
export function plannedSpan(milestones: Record<string, unknown>): {
  start: string | null;
  end: string | null;
} {
  const dates = Object.values(milestones).filter(isDate).sort();
  return { start: dates[0] ?? null, end: dates.at(-1) ?? null };
}

/** A cycle and its phases, by municipality and budget year. */
const cycle: DocKind = {
  name: 'cycle',
  tables: [
    {
      table: CYCLES,
      key: ['municipality_id', 'budget_year'],
      columns: ['municipality_id', 'budget_year', 'status', 'started_at', 'closed_at', 'organ_count'],
    },
    {
      table: PHASES_TABLE,
      key: ['municipality_id', 'budget_year'],
      columns: [
        'municipality_id',
        'budget_year',
        'phase',
        'phase_order',
        'status',
        'planned_start',
        'planned_end',
        'milestones',
        'opened_at',
        'closed_at',
      ],
    },
  ],
};

/** Changes one phase's row if it exists. */
function updatePhase(doc: Doc, phase: string, change: (row: Row) => Row): void {
  doc[PHASES_TABLE] = (doc[PHASES_TABLE] ?? []).map((r) => (r.phase === phase ? change(r) : r));
}

/** Per municipality and budget year: the cycle and each phase's status, planned dates and actual dates. */
export const cycleBoard: Projection = {
  name: 'cycle_board',
  description: 'årshjulet per kommun och budgetår: fasernas status och datum',
  tables: [PHASES_TABLE, CYCLES],
  eventTypes: ['CycleStarted', 'PhaseOpened', 'PhaseClosed', 'CalendarDateChanged', 'CycleClosed'],
  docs: [cycle],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'CycleStarted': {
        const { municipalityId, budgetYear, calendar, organs, at } = event.data;
        const doc = docs.get(cycle, [municipalityId, budgetYear]);
        doc[CYCLES] = [
          {
            municipality_id: municipalityId,
            budget_year: budgetYear,
            status: 'running',
            started_at: at,
            closed_at: null,
            organ_count: organs.length,
          },
        ];
        for (const [order, phase] of PHASES.entries()) {
          const milestones = (calendar as CycleCalendar)[phase] as Record<string, unknown>;
          const span = plannedSpan(milestones);
          upsertRow(doc, PHASES_TABLE, ['phase'], {
            municipality_id: municipalityId,
            budget_year: budgetYear,
            phase,
            phase_order: order + 1,
            status: 'planned',
            planned_start: span.start,
            planned_end: span.end,
            milestones,
            opened_at: null,
            closed_at: null,
          });
        }
        return;
      }
      case 'PhaseOpened': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const { phase, at } = event.data;
        updatePhase(docs.get(cycle, [municipalityId, budgetYear]), phase, (r) => ({
          ...r,
          status: 'open',
          opened_at: at,
        }));
        return;
      }
      case 'PhaseClosed': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const { phase, at } = event.data;
        updatePhase(docs.get(cycle, [municipalityId, budgetYear]), phase, (r) => ({
          ...r,
          status: 'closed',
          closed_at: at,
        }));
        return;
      }
      case 'CalendarDateChanged': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const [phase, field] = event.data.milestone.split('.') as [Phase, string];
        const date = event.data.date;
        updatePhase(docs.get(cycle, [municipalityId, budgetYear]), phase, (r) => {
          const milestones = { ...(r.milestones as Record<string, unknown>), [field]: date };
          const span = plannedSpan(milestones);
          return { ...r, milestones, planned_start: span.start, planned_end: span.end };
        });
        return;
      }
      case 'CycleClosed': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const at = event.data.at;
        update(docs.get(cycle, [municipalityId, budgetYear]), CYCLES, (r) => ({
          ...r,
          status: 'closed',
          closed_at: at,
        }));
        return;
      }
      default:
        return;
    }
  },
};

import type pg from 'pg';
import { type AuditEvent, municipalityEvents } from '../application/history';
import type { BalanceExemption } from '../domain/cycle/balance-schemas';
import type { DeadlineDeviation } from '../domain/cycle/deviations';
import { type CycleData, type CycleState, evolveCycle, initialCycleState } from '../domain/cycle/state';
import type { Decision } from '../domain/decision';
import {
  type DomainEvent,
  isCycleEvent,
  isEventType,
  isMunicipalityEvent,
  isTaskEvent,
  parseEvent,
} from '../domain/events';
import {
  evolveKolada,
  initialKoladaState,
  type KoladaBinding,
  type KoladaState,
  type RecordedKoladaValue,
} from '../domain/kolada/state';
import type { RegisteredMunicipality } from '../domain/municipality/state';
import { cycleStream } from '../domain/streams';
import { type AssignedTask, evolveTask, initialTaskState, type TaskState } from '../domain/task/state';

/** Everything the documents of one cycle are written from, as the events stood at `asOf`. */
export interface CycleSnapshot {
  asOf: string;
  municipality: RegisteredMunicipality;
  /** Null while the cycle had not started by `asOf`. */
  cycle: CycleData | null;
  /** The cycle's tasks, in the order they were given out. */
  tasks: AssignedTask[];
  /** Decisions (§) recorded after a planned or legal limit, as the cycle's events carry them. */
  deviations: { decision: Decision; eventType: string; deviation: DeadlineDeviation }[];
  /** KF's synnerliga skäl for adopting this budget year in deficit (KL 11 kap 5 §), when given. */
  budgetExemption: BalanceExemption | null;
  /** Every cycle of the municipality up to this budget year, for the balanskrav across years. */
  cyclesUpToYear: CycleData[];
  /** Indicators bound to Kolada KPIs and the newest value recorded of each KPI, municipality, year, gender. */
  kolada: { bindings: KoladaBinding[]; values: RecordedKoladaValue[] };
  /** How many of the municipality's events the snapshot was folded from. */
  eventCount: number;
  /** The newest event folded: its chain position and hash (what the auditor's check ends on). */
  lastEvent: { chainPosition: number; hash: string; occurredAt: string } | null;
}

const PAGE = 2000;

/** The municipality's events with occurredAt <= asOf, page by page (the auditors' as-of read). */
async function eventsAsOf(pool: Pick<pg.Pool, 'query'>, municipalityId: string, asOf: string | undefined) {
  const all: AuditEvent[] = [];
  for (let after = 0; ; ) {
    const page = await municipalityEvents(pool, { municipalityId, after, limit: PAGE, asOf });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page.at(-1)?.globalPosition ?? after;
  }
}

/**
 * Folds a municipality's recorded events through the deciders' own `evolve` functions: the same
 * replay the audit routes use, so a document shows what an auditor sees for that date.
 */
export function foldSnapshot(
  events: readonly AuditEvent[],
  municipalityId: string,
  budgetYear: number,
  asOf: string,
): CycleSnapshot {
  // The Kolada fold wraps the municipality's own fold, so one pass gives both.
  let kolada: KoladaState = initialKoladaState();
  const cycles = new Map<string, CycleState>();
  let budgetExemption: BalanceExemption | null = null;
  const tasks = new Map<string, TaskState>();
  const deviations: CycleSnapshot['deviations'] = [];
  const cycleStreamId = cycleStream(municipalityId, budgetYear);
  for (const recorded of events) {
    // A type from a newer release is skipped, as the read models skip it, rather than failing the document.
    if (!isEventType(recorded.type)) continue;
    const event: DomainEvent = parseEvent(recorded);
    if (isMunicipalityEvent(event)) kolada = evolveKolada(kolada, event);
    else if (isCycleEvent(event)) {
      cycles.set(recorded.streamId, evolveCycle(cycles.get(recorded.streamId) ?? initialCycleState(), event));
      if (recorded.streamId !== cycleStreamId) continue;
      if (event.type === 'BudgetAdopted') budgetExemption = event.data.balanceExemption ?? null;
      if ('deviations' in event.data && 'decision' in event.data) {
        for (const deviation of event.data.deviations) {
          deviations.push({ decision: event.data.decision, eventType: event.type, deviation });
        }
      }
    } else if (isTaskEvent(event)) {
      const id = event.data.taskId;
      tasks.set(id, evolveTask(tasks.get(id) ?? initialTaskState(), event));
    }
  }
  const municipality = kolada.municipality;
  const cycle = cycles.get(cycleStreamId) ?? initialCycleState();
  if (municipality.status !== 'registered') throw new Error('municipality not registered as of the date');
  const last = events.at(-1);
  return {
    asOf,
    municipality,
    cycle: cycle.status === 'not_started' ? null : cycle,
    tasks: [...tasks.values()].filter(
      (t): t is AssignedTask => t.status !== 'unassigned' && t.budgetYear === budgetYear,
    ),
    deviations,
    budgetExemption,
    cyclesUpToYear: [...cycles.values()].filter(
      (c): c is CycleData => c.status !== 'not_started' && c.budgetYear <= budgetYear,
    ),
    kolada: { bindings: Object.values(kolada.bindings), values: Object.values(kolada.values) },
    eventCount: events.length,
    lastEvent: last
      ? { chainPosition: last.chainPosition, hash: last.hash, occurredAt: last.occurredAt }
      : null,
  };
}

/**
 * Null when the municipality had no events (or was not registered) by `asOf`. Without `asOf`: every
 * event recorded, as of the newest one's domain time.
 */
export async function loadCycleSnapshot(
  pool: Pick<pg.Pool, 'query'>,
  municipalityId: string,
  budgetYear: number,
  asOf?: string,
): Promise<CycleSnapshot | null> {
  const events = await eventsAsOf(pool, municipalityId, asOf);
  if (!events.some((e) => e.type === 'MunicipalityRegistered')) return null;
  const at = asOf ?? [...events.map((e) => e.occurredAt)].sort().at(-1) ?? '';
  return foldSnapshot(events, municipalityId, budgetYear, at);
}

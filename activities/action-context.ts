import { loadCycle } from '../application/aggregates';
import { loadMunicipality } from '../application/municipality';
import { rosterOf } from '../domain/access/authorize';
import { mandateHistoryOf } from '../domain/municipality/mandate';
import { councilGoalsFor, externalFactorsFor, organsOf } from '../domain/municipality/state';
import { dueDateLimit } from '../domain/task/limits';
import type { EventStore } from '../eventstore/index';
import type { ActionContext, ActionContextInput } from './types';

/**
 * Reads what an action depends on from its one authority, the event store: the municipality's roster
 * and steering documents, and the cycle's current calendar. Workflows call it at the moment of the
 * action instead of keeping copies from the cycle's start.
 */
export async function loadActionContext(
  store: EventStore,
  input: ActionContextInput,
): Promise<ActionContext> {
  const [{ state: municipality }, cycle] = await Promise.all([
    loadMunicipality(store, input.municipalityId),
    input.taskKind ? loadCycle(store, input.municipalityId, input.budgetYear) : null,
  ]);
  const calendar = cycle && cycle.state.status !== 'not_started' ? cycle.state.calendar : null;
  return {
    roster: rosterOf(municipality),
    reference: {
      councilGoalIds: councilGoalsFor(municipality, input.budgetYear).map((g) => g.goalId),
      externalFactorIds: externalFactorsFor(municipality, input.budgetYear).map((f) => f.factorId),
    },
    legalLimit: input.taskKind && calendar ? dueDateLimit(input.taskKind, calendar) : null,
    organs: organsOf(municipality).map(({ organId, kind, name, shortName }) => ({
      organId,
      kind,
      name,
      shortName,
    })),
    removedOrgans:
      municipality.status === 'registered'
        ? Object.values(municipality.removedOrgans).map((o) => ({
            organId: o.organId,
            reason: o.removal?.reason ?? 'Organet har tagits bort',
            by: o.removal?.by ?? 'system',
          }))
        : [],
    mandates: mandateHistoryOf(municipality),
  };
}

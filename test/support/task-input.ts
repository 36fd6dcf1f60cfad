import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import type { HumanTaskInput } from '../../workflows/human-task';

/** BUN's nulägesanalys 2027 in Ale, due 17 April 2026, as the nulägesanalys phase gives it out. */
export function bunAnalysisTask(taskId: string, overrides: Partial<HumanTaskInput> = {}): HumanTaskInput {
  return {
    taskId,
    municipalityId: 'ale',
    budgetYear: 2027,
    organId: ALE_ORGAN.bun,
    organName: 'Barn- och utbildningsnämnden',
    phase: 'nulagesanalys',
    kind: 'nulagesanalys',
    title: 'Nulägesanalys 2027 – Barn- och utbildningsnämnden',
    dueDate: '2026-04-17',
    assignedBy: ALE_USERS.processOwner,
    correlationId: 'cycle-ale-2027',
    // The domain clock starts on the day the tasks are given out, whatever today's date is.
    clock: { anchorDomainMs: Date.parse('2026-02-09T08:00:00+01:00'), anchorWorkflowMs: 0, speedup: 1 },
    ...overrides,
  };
}

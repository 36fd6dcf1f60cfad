import type { z } from 'zod';
import type { RecordDecisionOverdue } from './commands';
import type { CycleEvent } from './events';
import { type CycleData, overdueKey } from './state';

/** A gate's deadline passed without its decision: stated once per gate and deadline. */
export function recordDecisionOverdue(c: z.infer<typeof RecordDecisionOverdue>, s: CycleData): CycleEvent[] {
  if ((s.overdueDecisions ?? []).includes(overdueKey(c))) return [];
  return [
    {
      type: 'DecisionOverdue',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, gateId: c.gateId, label: c.label, deadline: c.deadline },
    },
  ];
}

import { workflowInfo } from '@temporalio/workflow';
import { type ClockOptions, type ResolvedClock, resolveClock, resolveClockAt } from './clock';
import type { Patches } from './patches';
import { CLOCK_AT_EXECUTION_START, CLOCK_AT_RUN_START } from './versions';

/**
 * The clock of a cycle's first run. CLOCK_AT_EXECUTION_START: at the WorkflowExecutionStarted event's
 * time. Earlier histories anchored it at the first activation's time (CLOCK_AT_RUN_START: the SDK's
 * runStartTime is that time too) or at the workflow time of the first task.
 */
export function resolveCycleClock(options: ClockOptions | undefined, has: Patches): ResolvedClock {
  if (has(CLOCK_AT_EXECUTION_START)) return resolveClockAt(options ?? {}, workflowInfo().startTime.getTime());
  if (has(CLOCK_AT_RUN_START)) return resolveClockAt(options ?? {}, workflowInfo().runStartTime.getTime());
  return resolveClock(options);
}

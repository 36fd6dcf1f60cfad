import { proxyLocalActivities } from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';

/**
 * The activities of a step run as local activities (LOCAL_STEPS): in the worker, inside the workflow
 * task that started the step, their results recorded as markers when that task completes.
 * - Each attempt may take 2 s, so a step (read, append, notify) stays within 6 s, under 8 s:
 *   80% of the workflow task's 10 s timeout, where the SDK would keep the task
 *   alive with a heartbeat task; a heartbeat while an update is in flight breaks SDK core 1.24
 *   ("invalid history builder state for action"; timer-race test).
 * - Retried as the normal append is: for ever on transient errors (Postgres restarting, an append
 *   slower than 2 s), from 1 s doubling to 1 min; conflicts are not transient. Every wait between
 *   attempts is a server timer (threshold under the first interval), so each attempt starts a fresh
 *   workflow task; a slow attempt that stores late is met by appendDecision as an idempotent retry.
 */
export const localSteps = proxyLocalActivities<ArshjulActivities>({
  startToCloseTimeout: '2 seconds',
  localRetryThreshold: '500 milliseconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['VersionConflictError', 'IdempotencyConflictError'],
  },
});

/** What a step reads and who it tells, as normal or local activities. */
export type StepActivities = Pick<ArshjulActivities, 'loadActionContext' | 'notify'>;

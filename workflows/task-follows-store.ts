import { DomainError } from '../domain/errors';
import { refusedByStore, storeRefused } from './found-steps';

/**
 * How often a step reads its stream again after the store refused its expected version. Each read
 * follows one or more submissions stored meanwhile; more in a row than this is no race but a fault.
 */
export const READS_PER_STEP = 3;

/**
 * Why a step failed when its task's state may be behind its stream (SUBMISSIONS_STORED), or null:
 * - 'version': the store refused the expected version (something was appended after this state), or,
 *   with step ids from their cause (STEPS_FIND_THEMSELVES), the step's ids hold other content (this
 *   step, stored by a lost attempt on another state);
 * - 'status': the decider refused the step on the task's status (a submission the API stored makes an
 *   open task submitted, so an approval looks premature until the stream is read).
 */
export function behindTheStore(error: unknown, stepIdsFromCause = false): 'version' | 'status' | null {
  if (error instanceof DomainError) return error.code === 'INVALID_STATE' ? 'status' : null;
  const refused = stepIdsFromCause ? refusedByStore(error) : storeRefused(error, ['VersionConflictError']);
  return refused ? 'version' : null;
}

/**
 * A validator's check on the state this workflow has: a refusal on status is let through when the
 * state may be behind the stream, and the handler decides on the stream as read then.
 */
export function checkedUnlessBehind(followsStore: boolean, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (followsStore && behindTheStore(error) === 'status') return;
    throw error;
  }
}

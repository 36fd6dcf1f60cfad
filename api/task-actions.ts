import type { Action } from '../domain/access/authorize';
import { DomainError, fail } from '../domain/errors';
import type { AssignedTask } from '../domain/task/state';
import { authorizeNow } from './access';
import type { TokenClaims } from './auth';
import type { ApiContext } from './context';
import { DOMAIN_STATUS } from './errors';

/**
 * An action on a task, refused in one order whatever the task's state: permission first (from the
 * municipality's current state), then what the state allows. Someone who may not act on the task
 * learns that (403), not that it is closed or not yet handed in (409) or what its content lacks (422).
 *
 * - Approved and cancelled tasks are final; their workflows have ended, so the API answers for them
 *   without asking: the one permission check, then the state.
 * - Open tasks go to their workflow. Its handler checks permission once, from the current state, for
 *   what it admits; its validator refuses what the task's state does not allow before any permission
 *   check (a validator cannot read the store). Such a refusal admitted nothing, and is checked for
 *   permission here before it is answered.
 */
export async function actOnTask<T>(
  ctx: ApiContext,
  claims: TokenClaims,
  task: AssignedTask,
  action: Action,
  call: () => Promise<T>,
): Promise<T> {
  if (task.status === 'approved' || task.status === 'cancelled') {
    await authorizeNow(ctx, claims, task.municipalityId, action);
    refuseClosed(task);
  }
  try {
    return await call();
  } catch (error) {
    if (refusedByState(error)) await authorizeNow(ctx, claims, task.municipalityId, action);
    throw error;
  }
}

/** A domain refusal other than a permission's (403) or a missing thing's (404). */
function refusedByState(error: unknown): boolean {
  if (!(error instanceof DomainError)) return false;
  const status = DOMAIN_STATUS[error.code];
  return status === 409 || status === 422;
}

function refuseClosed(task: AssignedTask): never {
  if (task.status === 'approved') {
    fail('INVALID_STATE', 'task.approved-final', 'Uppgiften är redan godkänd', { taskId: task.taskId });
  }
  return fail(
    'INVALID_STATE',
    'task.cancel',
    'Avbryta uppgift: uppgiften är avbruten och tar inte emot fler åtgärder',
    { taskId: task.taskId, reason: task.cancelled?.reason ?? null },
  );
}

import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../api/errors';
import { decodeRejection } from '../../application/rejections';
import { TemporarilyUnavailableError } from '../../application/unavailable';
import { DomainError } from '../../domain/errors';

describe('decodeRejection', () => {
  it('turns an update the server did not answer in time into 503 with Retry-After, not a server error', () => {
    const timedOut = new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded');
    const decoded = decodeRejection(timedOut);
    expect(decoded).toBeInstanceOf(TemporarilyUnavailableError);
    const problem = toProblem(decoded);
    expect(problem.status).toBe(503);
    expect(problem.rule).toBe('workflow.update-answered-in-time');
    expect(problem.message).toContain('samma Idempotency-Key');
    expect(problem.details).toEqual({ retryAfterSeconds: 2 });
  });

  it('still decodes a refused update into the DomainError it carried', () => {
    const cause = ApplicationFailure.create({
      type: 'INVALID_STATE',
      message: 'refused',
      details: [{ rule: 'task.submit', message: 'Uppgiften är redan inlämnad', details: { taskId: 't1' } }],
    });
    const decoded = decodeRejection(new WorkflowUpdateFailedError('update failed', cause));
    expect(decoded).toBeInstanceOf(DomainError);
    expect(toProblem(decoded)).toMatchObject({ status: 409, rule: 'task.submit' });
  });

  it('passes anything else through unchanged', () => {
    const other = new Error('boom');
    expect(decodeRejection(other)).toBe(other);
    expect(toProblem(other).status).toBe(500);
  });
});

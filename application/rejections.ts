import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from '../domain/errors';
import { TemporarilyUnavailableError } from './unavailable';

const KNOWN_CODES = new Set<string>(DOMAIN_ERROR_CODES);

interface FailureLike {
  type?: string;
  message?: string;
  details?: unknown[];
}

/**
 * The one decoder of what a workflow answers when it refuses: a failed update carries the DomainError
 * (code, rule, message, details) in its ApplicationFailure's details (workflows/failures.ts); a workflow
 * that does not run (completed, never started) is NOT_FOUND. An update the server did not answer in time
 * is not a failure of the request: it may still be applied, so the caller is told to send it again with the
 * same Idempotency-Key (the update id), which answers with the first one's outcome. Anything else is
 * returned unchanged.
 */
export function decodeRejection(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as FailureLike | undefined;
    const detail = (cause?.details?.[0] ?? {}) as { rule?: unknown; message?: unknown; details?: unknown };
    const code = cause?.type ?? '';
    if (!KNOWN_CODES.has(code)) return error;
    return new DomainError({
      code: code as DomainErrorCode,
      rule: typeof detail.rule === 'string' ? detail.rule : 'workflow.update',
      message: typeof detail.message === 'string' ? detail.message : (cause?.message ?? error.message),
      details: (detail.details as Record<string, unknown> | undefined) ?? {},
    });
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new TemporarilyUnavailableError(
      'Ändringen hann inte bekräftas; skicka den igen med samma Idempotency-Key',
      'workflow.update-answered-in-time',
      2,
    );
  }
  if (error instanceof WorkflowNotFoundError) {
    return new DomainError({
      code: 'NOT_FOUND',
      rule: 'workflow.running',
      message: 'Det finns ingen pågående process för detta (den är avslutad eller har aldrig startats)',
      details: { workflowId: error.workflowId },
    });
  }
  return error;
}

/** Awaits a call to a workflow and throws its refusal as the DomainError it was. */
export async function decodingRejections<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw decodeRejection(error);
  }
}

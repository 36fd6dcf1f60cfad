import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from '../domain/errors';

const KNOWN_CODES = new Set<string>(DOMAIN_ERROR_CODES);

interface FailureLike {
  type?: string;
  message?: string;
  details?: unknown[];
}

/**
 * The one decoder of what a workflow answers when it refuses: a failed update carries the DomainError
 * (code, rule, message, details) in its ApplicationFailure's details (workflows/failures.ts); a workflow
 * that does not run (completed, never started) is NOT_FOUND. Anything else is returned unchanged.
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

import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors';

/**
 * Turns a domain rejection into a non-retryable ApplicationFailure whose type is the domain error code
 * and whose first detail is the DomainError's plain form (code, rule, Swedish message, details). Clients
 * decode it with one function (application/rejections.ts).
 */
export function toFailure(error: unknown): unknown {
  if (error instanceof DomainError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [error.toJSON()],
    });
  }
  return error;
}

/** Runs a validation and rethrows domain rejections as failures. */
export function validating<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw toFailure(error);
  }
}

/** Runs an update handler's work and rethrows domain rejections as failures (the update fails, not the task). */
export async function rejectingAsFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toFailure(error);
  }
}

import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors';

/**
 * Turns a domain rejection into a non-retryable ApplicationFailure whose type is the domain error code
 * and whose details carry the rule and the specifics, so clients can map it (e.g. to HTTP 409/422).
 */
export function toFailure(error: unknown): unknown {
  if (error instanceof DomainError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code, rule: error.rule, details: error.details }],
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

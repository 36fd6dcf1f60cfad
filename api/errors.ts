import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { decodeRejection } from '../application/rejections';
import { TemporarilyUnavailableError } from '../application/unavailable';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import { type SwedishIssue, swedishIssue } from '../domain/validation/swedish';
import { IdempotencyConflictError, VersionConflictError } from '../eventstore/index';
import { AuthenticationError } from './auth';

/** The body of every error response. `message` is Swedish; `code` and `rule` are for programs. */
export interface Problem {
  status: number;
  code: string;
  rule: string;
  message: string;
  details: Record<string, unknown>;
}

/** An error raised by the API itself (authentication, authorisation, tenancy, idempotency). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly rule = `api.${code.toLowerCase()}`,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'Resursen') =>
  new ApiError(404, 'NOT_FOUND', `${what} finns inte`, 'api.not-found');
export const forbidden = (message: string, rule = 'api.forbidden', details: Record<string, unknown> = {}) =>
  new ApiError(403, 'FORBIDDEN', message, rule, details);

/** Longest path segment the router accepts (characters); longer is 414. */
export const MAX_PARAM_LENGTH = 200;

/** The router's refusal of a URL, in the API's own words (Fastify's frameworkErrors). */
export function urlProblem(error: { code?: string }): ApiError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ApiError(
      414,
      'URI_TOO_LONG',
      `Adressen är för lång: en del av sökvägen får vara högst ${MAX_PARAM_LENGTH} tecken`,
      'api.max-param-length',
      { limit: MAX_PARAM_LENGTH },
    );
  }
  return new ApiError(400, 'BAD_URL', 'Adressen är ogiltig', 'api.url');
}

/**
 * HTTP status of each domain error code: invalid content → 422, a transition the current state does
 * not allow → 409, not the organ's secretary / not a process owner → 403, unknown → 404. Events that
 * cannot be read are a server fault (500).
 */
export const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  INVALID_COMMAND: 422,
  INVALID_EVENT: 500,
  UNKNOWN_EVENT_TYPE: 500,
  UNSUPPORTED_SCHEMA_VERSION: 500,
  ALREADY_EXISTS: 409,
  NOT_FOUND: 404,
  NOT_REGISTERED: 404,
  INVALID_STATE: 409,
  INVALID_ORGAN_KIND: 422,
  INVALID_PERIOD: 422,
  UNKNOWN_COUNCIL_GOAL: 422,
  UNKNOWN_EXTERNAL_FACTOR: 422,
  EXTERNAL_FACTOR_NOT_ADDRESSED: 422,
  CALENDAR_INVALID: 422,
  PHASE_ORDER: 409,
  PHASE_CLOSED: 409,
  WRONG_DECISION_BODY: 422,
  DUPLICATE_DECISION: 409,
  DEADLINE_PASSED: 409,
  TOO_EARLY: 409,
  FRAMES_INCOMPLETE: 422,
  PLAN_YEARS_INVALID: 422,
  NOT_APPLICABLE: 409,
  CYCLE_NOT_COMPLETE: 409,
  NOT_SECRETARY_OF_ORGAN: 403,
  NOT_PROCESS_OWNER: 403,
  NOT_AUDITOR: 403,
  NOT_ONESELF: 403,
  INVALID_CONTENT: 422,
  KIND_NOT_IN_PHASE: 409,
  NOT_LATE: 409,
  ALREADY_ESCALATED: 409,
  DUE_DATE_BEYOND_LEGAL_LIMIT: 422,
};

interface ZodIssueLike {
  path?: PropertyKey[];
  message: string;
  code?: string;
}

/** The validation issues of a request, each naming its field in Swedish (see domain/validation). */
function issuesOf(validation: unknown): (SwedishIssue & { code?: string })[] {
  if (!Array.isArray(validation)) return [];
  return validation.map(
    (v: { params?: { issue?: ZodIssueLike }; message?: string; instancePath?: string }) => {
      const issue = v.params?.issue;
      if (issue) {
        return {
          ...swedishIssue(issue.path ?? [], issue.message),
          ...(issue.code ? { code: issue.code } : {}),
        };
      }
      return swedishIssue((v.instancePath ?? '').split('/').filter(Boolean), v.message ?? 'ogiltigt värde');
    },
  );
}

/** An unverified citation never leaves the server: any `{ citation, verified: false }` loses its citation. */
export function withoutUnverifiedCitations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUnverifiedCitations) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, withoutUnverifiedCitations(v)] as const);
  const out = Object.fromEntries(entries) as Record<string, unknown>;
  if ('citation' in out && out.verified === false) out.citation = null;
  return out as T;
}

/** "Begäran är ogiltig: Ange enhet (och 2 fel till)". */
function invalidRequest(issues: readonly SwedishIssue[]): string {
  const [first, ...rest] = issues;
  if (!first) return 'Begäran är ogiltig';
  return `Begäran är ogiltig: ${first.message}${rest.length ? ` (och ${rest.length} fel till)` : ''}`;
}

/** Maps anything thrown while handling a request to a status and a Problem body. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      rule: error.rule,
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof DomainError) {
    const body = error.toJSON();
    return {
      status: DOMAIN_STATUS[error.code] ?? 422,
      ...body,
      details: withoutUnverifiedCitations(body.details),
    };
  }
  if (error instanceof TemporarilyUnavailableError) {
    return {
      status: 503,
      code: 'UNAVAILABLE',
      rule: error.rule,
      message: error.message,
      details: { retryAfterSeconds: error.retryAfterSeconds },
    };
  }
  if (error instanceof AuthenticationError) {
    return {
      status: 401,
      code: 'UNAUTHENTICATED',
      rule: 'api.bearer-token',
      message: error.message,
      details: {},
    };
  }
  if (error instanceof VersionConflictError) {
    return {
      status: 409,
      code: 'VERSION_CONFLICT',
      rule: 'eventstore.expected-version',
      message: 'Någon annan ändrade samma sak samtidigt; försök igen',
      details: { streamId: error.streamId, expected: error.expected, actual: error.actual },
    };
  }
  if (error instanceof IdempotencyConflictError) {
    return {
      status: 409,
      code: 'IDEMPOTENCY_CONFLICT',
      rule: 'eventstore.idempotent-append',
      message: 'Händelserna finns redan lagrade med annat innehåll',
      details: {},
    };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      status: 409,
      code: 'ALREADY_EXISTS',
      rule: 'workflow.start-once',
      message: 'Processen är redan startad',
      details: { workflowId: error.workflowId },
    };
  }
  if (error instanceof WorkflowNotFoundError) return toProblem(decodeRejection(error));
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = issuesOf((error as { validation?: unknown }).validation);
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      rule: `request.${(error as { validationContext?: string }).validationContext ?? 'body'}`,
      message: invalidRequest(issues),
      details: { issues },
    };
  }
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      code: e.statusCode === 400 ? 'BAD_REQUEST' : (e.code ?? 'BAD_REQUEST'),
      rule: `http.${e.code ?? e.statusCode}`,
      message: e.statusCode === 400 ? 'Begäran är ogiltig' : 'Begäran kan inte hanteras',
      details: { reason: e.message ?? '', ...(e.validation ? { issues: issuesOf(e.validation) } : {}) },
    };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    rule: 'api.internal',
    message: 'Ett internt fel inträffade',
    details: {},
  };
}

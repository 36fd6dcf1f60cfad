/** Machine-readable codes of domain errors (English). The message shown to users is Swedish. */
export const DOMAIN_ERROR_CODES = [
  'INVALID_COMMAND',
  'INVALID_EVENT',
  'UNKNOWN_EVENT_TYPE',
  'UNSUPPORTED_SCHEMA_VERSION',
  'ALREADY_EXISTS',
  'NOT_FOUND',
  'NOT_REGISTERED',
  'INVALID_STATE',
  'INVALID_ORGAN_KIND',
  'INVALID_PERIOD',
  'UNKNOWN_COUNCIL_GOAL',
  'UNKNOWN_EXTERNAL_FACTOR',
  'EXTERNAL_FACTOR_NOT_ADDRESSED',
  'CALENDAR_INVALID',
  'PHASE_ORDER',
  'PHASE_CLOSED',
  'WRONG_DECISION_BODY',
  'DUPLICATE_DECISION',
  'DEADLINE_PASSED',
  'TOO_EARLY',
  'FRAMES_INCOMPLETE',
  'PLAN_YEARS_INVALID',
  'NOT_APPLICABLE',
  'CYCLE_NOT_COMPLETE',
  'NOT_SECRETARY_OF_ORGAN',
  'NOT_PROCESS_OWNER',
  'NOT_AUDITOR',
  'NOT_ONESELF',
  'INVALID_CONTENT',
  'KIND_NOT_IN_PHASE',
  'NOT_LATE',
  'ALREADY_ESCALATED',
  'DUE_DATE_BEYOND_LEGAL_LIMIT',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorInit {
  code: DomainErrorCode;
  /** The rule that was broken, e.g. 'task.submit.secretary-of-organ' or a calendar rule id. */
  rule: string;
  /** Swedish, shown to users. */
  message: string;
  details?: Record<string, unknown>;
}

/** Thrown by `decide` when a command is not allowed in the current state. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly rule: string;
  readonly details: Record<string, unknown>;

  constructor(init: DomainErrorInit) {
    super(init.message);
    this.name = 'DomainError';
    this.code = init.code;
    this.rule = init.rule;
    this.details = init.details ?? {};
  }

  /** A plain, serialisable form (for API responses and Temporal update rejections). */
  toJSON(): { code: DomainErrorCode; rule: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, rule: this.rule, message: this.message, details: this.details };
  }
}

/** Throws a DomainError; returns `never` so it can end an expression. */
export function fail(
  code: DomainErrorCode,
  rule: string,
  message: string,
  details?: Record<string, unknown>,
): never {
  throw new DomainError({ code, rule, message, details });
}

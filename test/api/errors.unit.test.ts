import { WorkflowNotFoundError } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../api/auth';
import { ApiError, DOMAIN_STATUS, toProblem } from '../../api/errors';
import { DOMAIN_ERROR_CODES, DomainError } from '../../domain/errors';
import { IdempotencyConflictError, VersionConflictError } from '../../eventstore/index';

describe('error mapping', () => {
  it.each([
    ['INVALID_CONTENT', 422],
    ['CALENDAR_INVALID', 422],
    ['INVALID_COMMAND', 422],
    ['INVALID_STATE', 409],
    ['ALREADY_EXISTS', 409],
    ['NOT_SECRETARY_OF_ORGAN', 403],
    ['NOT_PROCESS_OWNER', 403],
    ['NOT_FOUND', 404],
    ['NOT_REGISTERED', 404],
  ] as const)('maps the domain code %s to %i with code, rule and the Swedish message', (code, status) => {
    const problem = toProblem(
      new DomainError({ code, rule: 'some.rule', message: 'Ett fel', details: { x: 1 } }),
    );
    expect(problem).toEqual({ status, code, rule: 'some.rule', message: 'Ett fel', details: { x: 1 } });
  });

  it('has a status for every domain code', () => {
    for (const code of DOMAIN_ERROR_CODES) expect(DOMAIN_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('maps a version conflict to 409', () => {
    const p = toProblem(new VersionConflictError('municipality-ale', 3, 4));
    expect([p.status, p.code]).toEqual([409, 'VERSION_CONFLICT']);
  });

  it('gives an idempotency conflict its own code, not VERSION_CONFLICT', () => {
    const p = toProblem(new IdempotencyConflictError('e1', 'different_content', 'other data'));
    expect([p.status, p.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('maps a workflow that does not run to 404 through the one decoder', () => {
    const p = toProblem(new WorkflowNotFoundError('gone', 'cycle-ale-2027', undefined));
    expect(p).toMatchObject({ status: 404, code: 'NOT_FOUND', rule: 'workflow.running' });
  });

  it('maps authentication to 401, API errors as given, and anything else to a bare 500', () => {
    expect(toProblem(new AuthenticationError('Ogiltig token')).status).toBe(401);
    expect(toProblem(new ApiError(403, 'FORBIDDEN', 'Nej')).status).toBe(403);
    const p = toProblem(new Error('secret internals'));
    expect(p).toEqual({
      status: 500,
      code: 'INTERNAL',
      rule: 'api.internal',
      message: 'Ett internt fel inträffade',
      details: {},
    });
  });
});

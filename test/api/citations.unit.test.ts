import { describe, expect, it } from 'vitest';
import { toProblem } from '../../api/errors';
import { citedInParentheses, verifiedCitationOrNull } from '../../domain/calendar/citations';
import { validateCalendar } from '../../domain/calendar/validate';
import { cycleDecider } from '../../domain/cycle/index';
import { parseCommand } from '../../domain/decider';
import { DomainError } from '../../domain/errors';

describe('citations users can trust', () => {
  it('given a refused calendar with an unverified citation, then the API problem carries no citation', () => {
    const violation = {
      rule: 'budget.kf-adoption-deadline',
      citation: 'Kommunallagen (2017:725) 11 kap. 10 §',
      verified: false,
    };
    const verified = {
      rule: 'interim.report-within-two-months',
      citation: 'Kommunallagen (2017:725) 11 kap. 16 §',
      verified: true,
    };
    const problem = toProblem(
      new DomainError({
        code: 'CALENDAR_INVALID',
        rule: violation.rule,
        message: 'x',
        details: { violations: [violation, verified] },
      }),
    );
    expect(problem.details).toEqual({ violations: [{ ...violation, citation: null }, verified] });
    expect(JSON.stringify(problem)).not.toContain('11 kap. 10 §');
    expect(validateCalendar).toBeTypeOf('function');
  });

  it('when a command breaks a schema rule, then the top-level message names it', () => {
    let caught: unknown;
    try {
      parseCommand(cycleDecider, {
        type: 'AdoptRecoveryPlan',
        at: '2028-04-24T08:00:00.000Z',
        actor: 'u',
        measures: [],
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).message).toMatch(/^Kommandot är ogiltigt: .+ \(.+\)$/);
  });
});

describe('citations printed in generated documents', () => {
  it('prints a citation only when its statute text is quoted (verified), never an unverified one', () => {
    expect(citedInParentheses('Kommunallagen (2017:725) 6 kap. 1 §')).toBe('');
    expect(citedInParentheses('Lag (2018:597) om kommunal bokföring och redovisning 4–9 kap.')).toBe('');
    expect(citedInParentheses('Kommunallagen (2017:725) 11 kap. 12 §')).toBe(
      ' (Kommunallagen (2017:725) 11 kap. 12 §)',
    );
    expect(verifiedCitationOrNull('Kommunallagen (2017:725) 11 kap. 10 §')).toBeNull();
  });
});

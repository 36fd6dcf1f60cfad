import type { z } from 'zod';
import { legalLimits } from '../calendar/legal';
import { fail } from '../errors';
import type { ProposeTaxRate, RecordSpecialReasons } from './commands';
import { type DeadlineCheck, deviationsOf } from './deviations';
import type { CycleEvent } from './events';
import { requireBody, requireNewDecision } from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/** Särskilda skäl apply when the calendar planned them or KS has recorded them since (KL 11 kap 8 §). */
export function hasSpecialReasons(s: CycleData): boolean {
  return s.calendar.budget.specialReasons || s.specialReasons !== null;
}

/**
 * KS records its särskilda skäl, with the reasons and its decision, at any time before it proposes the
 * budget (rule budget.ks-proposal-november-special-reasons): then the proposal's legal limit is 30 Nov.
 */
export function recordSpecialReasons(c: Cmd<typeof RecordSpecialReasons>, s: CycleData): CycleEvent[] {
  if (s.specialReasons !== null) {
    fail('ALREADY_EXISTS', 'budget.special-reasons-once', 'Särskilda skäl är redan registrerade', {});
  }
  if (s.budget.proposal !== null) {
    fail(
      'INVALID_STATE',
      'budget.ks-proposal-november-special-reasons',
      'Särskilda skäl ska anges innan kommunstyrelsen lämnar budgetförslaget',
      {},
    );
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'executive_board');
  return [
    {
      type: 'SpecialReasonsRecorded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, decision: c.decision, reasons: c.reasons },
    },
  ];
}

/**
 * KS proposes the tax rate by its own decision (rule budget.tax-rate-proposal-by-october): once, before
 * KF adopts the budget; a late one is recorded with its deviations.
 */
export function proposeTaxRate(c: Cmd<typeof ProposeTaxRate>, s: CycleData): CycleEvent[] {
  if (s.taxRateProposal !== null) {
    fail('ALREADY_EXISTS', 'budget.tax-rate-proposal-once', 'Skattesatsen är redan föreslagen', {});
  }
  if (s.budget.adoption !== null) {
    fail('INVALID_STATE', 'budget.tax-rate-before-adoption', 'Budgeten är redan fastställd', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'executive_board');
  const rule = 'budget.tax-rate-proposal-by-october' as const;
  const planned = s.calendar.budget.taxRateProposal;
  const checks: DeadlineCheck[] = [
    ...(planned === null ? [] : [{ rule, limit: 'planned' as const, deadline: planned }]),
    { rule, limit: 'legal', deadline: legalLimits(s.budgetYear).taxRateProposal },
  ];
  return [
    {
      type: 'TaxRateProposed',
      schemaVersion: 1,
      data: {
        at: c.at,
        by: c.actor,
        decision: c.decision,
        taxRateOre: c.taxRateOre,
        deviations: deviationsOf(c.decision.date, checks),
      },
    },
  ];
}

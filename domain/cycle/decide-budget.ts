import type { z } from 'zod';
import { kfAdoptionLimit, legalLimits } from '../calendar/legal';
import { type MandateHistory, NO_EXTRA_ELECTIONS } from '../calendar/mandate';
import { fail } from '../errors';
import type {
  AdoptBudget,
  ProposeBudget,
  RecordDecision,
  RecordPlanAdoption,
  ReportDialogueOutcomes,
} from './commands';
import { requireBudgetBalance } from './decide-balance';
import { hasSpecialReasons } from './decide-special-reasons';
import { deviationsOf } from './deviations';
import type { CycleEvent } from './events';
import {
  requireBody,
  requireNewDecision,
  requireOnOrAfter,
  requirePhaseOpen,
  requirePhaseStarted,
  requireValidBudget,
} from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

export function recordDecision(c: Cmd<typeof RecordDecision>, s: CycleData): CycleEvent[] {
  requireNewDecision(s, c.decision);
  return [
    { type: 'DecisionRecorded', schemaVersion: 1, data: { at: c.at, by: c.actor, decision: c.decision } },
  ];
}

export function reportDialogueOutcomes(c: Cmd<typeof ReportDialogueOutcomes>, s: CycleData): CycleEvent[] {
  requirePhaseStarted(s, 'tillitsdialog');
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'council');
  const already = new Set(s.dialogueReports.flatMap((r) => r.dialogueTaskIds));
  const twice = c.dialogueTaskIds.filter((id) => already.has(id));
  if (twice.length > 0 || new Set(c.dialogueTaskIds).size !== c.dialogueTaskIds.length) {
    fail('ALREADY_EXISTS', 'dialogue.report-once', 'Dialogen är redan redovisad för fullmäktige', {
      taskIds: twice,
    });
  }
  return [
    {
      type: 'DialogueOutcomesReported',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, decision: c.decision, dialogueTaskIds: c.dialogueTaskIds },
    },
  ];
}

export function proposeBudget(c: Cmd<typeof ProposeBudget>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'budget');
  if (s.budget.adoption !== null) {
    fail('ALREADY_EXISTS', 'budget.propose-before-adoption', 'Budgeten är redan fastställd', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'executive_board');
  requireValidBudget(s, c);
  requireBudgetBalance(s, c.plan, c.balanceExemption);
  const limits = legalLimits(s.budgetYear);
  const specialReasons = hasSpecialReasons(s);
  const deviations = deviationsOf(c.decision.date, [
    { rule: 'budget.ks-proposal-by-october', limit: 'planned', deadline: s.calendar.budget.ksProposal },
    specialReasons
      ? {
          rule: 'budget.ks-proposal-november-special-reasons',
          limit: 'legal',
          deadline: limits.ksProposalWithSpecialReasons,
        }
      : { rule: 'budget.ks-proposal-by-october', limit: 'legal', deadline: limits.ksProposal },
  ]);
  const { type: _t, actor, ...data } = c;
  return [{ type: 'BudgetProposed', schemaVersion: 3, data: { ...data, by: actor, deviations } }];
}

export function adoptBudget(
  c: Cmd<typeof AdoptBudget>,
  s: CycleData,
  mandates: MandateHistory = NO_EXTRA_ELECTIONS,
): CycleEvent[] {
  requirePhaseOpen(s, 'budget');
  const proposal = s.budget.proposal;
  if (proposal === null) {
    fail('INVALID_STATE', 'budget.proposal-first', 'Kommunstyrelsen har inte lämnat något budgetförslag', {});
  }
  if (s.budget.adoption !== null) {
    fail('ALREADY_EXISTS', 'budget.adopt-once', 'Budgeten är redan fastställd', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'council');
  requireOnOrAfter(c.decision.date, proposal.decision.date, 'cycle.phase-order', 'Budgeten kan fastställas');
  // The municipality's mandate periods as recorded (ordinary and extra elections): rule
  // budget.election-year-new-council applies in the years elections are held in the whole country.
  const earliest = legalLimits(s.budgetYear, mandates).kfAdoptionEarliest;
  if (earliest !== null) {
    requireOnOrAfter(
      c.decision.date,
      earliest,
      'budget.election-year-new-council',
      'Valår: budgeten kan fastställas av de nyvalda fullmäktige',
    );
  }
  requireValidBudget(s, c);
  requireBudgetBalance(s, c.plan, c.balanceExemption);
  const legal = kfAdoptionLimit(s.budgetYear, proposal.decision.date, hasSpecialReasons(s));
  const deviations = deviationsOf(c.decision.date, [
    { rule: 'budget.kf-adoption-deadline', limit: 'planned', deadline: s.calendar.budget.kfAdoption },
    { rule: 'budget.kf-adoption-deadline', limit: 'legal', deadline: legal },
  ]);
  const { type: _t, actor, ...data } = c;
  return [{ type: 'BudgetAdopted', schemaVersion: 2, data: { ...data, by: actor, deviations } }];
}

export function recordPlanAdoption(c: Cmd<typeof RecordPlanAdoption>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'budget');
  const adoption = s.budget.adoption;
  if (adoption === null) {
    fail(
      'INVALID_STATE',
      'budget.plan-after-adoption',
      'Budgeten måste fastställas innan nämnderna antar sina planer',
      {},
    );
  }
  const organ = s.organs[c.organId];
  if (!organ || organ.kind === 'council') {
    fail('NOT_FOUND', 'budget.plan-organ', `Organet ${c.organId} antar ingen verksamhetsplan i cykeln`, {
      organId: c.organId,
    });
  }
  if (s.planAdoptions[c.organId]) {
    fail('ALREADY_EXISTS', 'budget.plan-once', `${organ.name} har redan antagit sin plan`, {
      organId: c.organId,
    });
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, { organId: c.organId });
  requireOnOrAfter(
    c.decision.date,
    adoption.decision.date,
    'cycle.phase-order',
    'Verksamhetsplanen kan antas',
  );
  return [
    {
      type: 'OrganPlanAdopted',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, decision: c.decision, taskId: c.taskId },
    },
  ];
}

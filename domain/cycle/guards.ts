import { formatDateSv } from '../calendar/dates';
import { PHASES, type Phase } from '../calendar/schema';
import { type Decision, formatDecisionCitation, sameDecision } from '../decision';
import { fail } from '../errors';
import type { OrganKind } from '../municipality/organ';
import { receivesFrame } from '../municipality/organ';
import type { BudgetContent } from '../task/content';
import type { CycleData } from './state';

const PHASE_SV: Record<Phase, string> = {
  omvarldsdag: 'Omvärldsdag',
  nulagesanalys: 'Nulägesanalys',
  tillitsdialog: 'Tillitsdialog',
  budget: 'Budget',
  delarsbokslut: 'Delårsbokslut',
  bokslut: 'Bokslut',
};

const KIND_SV: Record<OrganKind, string> = {
  council: 'kommunfullmäktige',
  executive_board: 'kommunstyrelsen',
  committee: 'en nämnd',
  company: 'ett bolag',
};

export function phaseLabel(phase: Phase): string {
  return PHASE_SV[phase];
}

export function requirePhaseOpen(s: CycleData, phase: Phase): void {
  if (s.phases[phase] !== 'open') {
    fail('INVALID_STATE', 'cycle.phase-open', `Fasen ${PHASE_SV[phase]} är inte öppen`, {
      phase,
      status: s.phases[phase],
    });
  }
}

export function requirePhaseStarted(s: CycleData, phase: Phase): void {
  if (s.phases[phase] === 'pending') {
    fail('INVALID_STATE', 'cycle.phase-started', `Fasen ${PHASE_SV[phase]} har inte öppnats`, { phase });
  }
}

export function previousPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i > 0 ? (PHASES[i - 1] ?? null) : null;
}

/** The decision must be taken by the organ of the given kind (KF, KS) or by the given organ. */
export function requireBody(s: CycleData, decision: Decision, who: OrganKind | { organId: string }): void {
  const organ = s.organs[decision.organId];
  const ok = typeof who === 'string' ? organ?.kind === who : decision.organId === who.organId;
  if (!ok) {
    const expected = typeof who === 'string' ? KIND_SV[who] : (s.organs[who.organId]?.name ?? who.organId);
    fail('WRONG_DECISION_BODY', 'cycle.decision-body', `Beslutet ska fattas av ${expected}`, {
      organId: decision.organId,
      expected: who,
    });
  }
}

export function requireNewDecision(s: CycleData, decision: Decision): void {
  if (!s.organs[decision.organId]) {
    fail('NOT_FOUND', 'cycle.decision-organ', `Organet ${decision.organId} deltar inte i cykeln`, {
      organId: decision.organId,
    });
  }
  if (s.decisions.some((d) => sameDecision(d, decision))) {
    fail(
      'DUPLICATE_DECISION',
      'cycle.decision-unique',
      `Beslutet ${formatDecisionCitation(decision)} finns redan`,
      {
        citation: formatDecisionCitation(decision),
      },
    );
  }
}

/**
 * The decision date must be on or after a point in time. `what` says what is done, with its own verb
 * ("Budgeten kan fastställas", "Verksamhetsplanen kan antas"): a decision is fattat, a report lämnad.
 */
export function requireOnOrAfter(date: string, earliest: string, rule: string, what: string): void {
  if (date < earliest) {
    fail('TOO_EARLY', rule, `${what} tidigast den ${formatDateSv(earliest)}`, { date, earliest });
  }
}

/** Frames must cover exactly the organs that receive one (KS and nämnder), plus optionally bolag. */
export function requireValidBudget(s: CycleData, content: BudgetContent): void {
  const unknown = content.frames
    .map((f) => f.organId)
    .filter((id) => {
      const organ = s.organs[id];
      return !organ || organ.kind === 'council';
    });
  if (unknown.length > 0) {
    fail('NOT_FOUND', 'budget.frames-for-organs', `Ramar för okända organ: ${unknown.join(', ')}`, {
      organIds: unknown,
    });
  }
  const framed = new Set(content.frames.map((f) => f.organId));
  const missing = Object.values(s.organs)
    .filter((o) => receivesFrame(o.kind) && !framed.has(o.organId))
    .map((o) => o.organId);
  if (missing.length > 0) {
    fail('FRAMES_INCOMPLETE', 'budget.frames-for-organs', `Ram saknas för: ${missing.join(', ')}`, {
      organIds: missing,
    });
  }
  const years = content.plan.map((p) => p.year);
  if (years[0] !== s.budgetYear) {
    fail(
      'PLAN_YEARS_INVALID',
      'budget.three-year-plan',
      `Planen för ekonomin ska omfatta tre år med budgetåret ${s.budgetYear} först`,
      { years, budgetYear: s.budgetYear },
    );
  }
}

/**
 * Who may act, decided in one place from the municipality's current state. The API and the workflows
 * call the same function at the moment of the action, so adding or removing a secretary or a process
 * owner takes effect on running cycles at once.
 */
import { sentByAuditors } from '../cycle/person-commands';
import { fail } from '../errors';
import type { MunicipalityState } from '../municipality/state';
import type { UserId } from '../primitives';

/** The people and their roles in a municipality, as its current state says. */
export interface Roster {
  /** Processägare. */
  processOwners: readonly UserId[];
  /** Revisorer. */
  auditors: readonly UserId[];
  /** Nämndsekreterare per organ id. */
  secretaries: Readonly<Record<string, readonly UserId[]>>;
}

export const EMPTY_ROSTER: Roster = { processOwners: [], auditors: [], secretaries: {} };

export function rosterOf(state: MunicipalityState): Roster {
  if (state.status !== 'registered') return EMPTY_ROSTER;
  return {
    processOwners: state.processOwners,
    auditors: state.auditors,
    secretaries: Object.fromEntries(Object.values(state.organs).map((o) => [o.organId, o.secretaries])),
  };
}

/** What someone wants to do. */
export type Action =
  /** Submit a task of the organ (its secretary). */
  | { type: 'task.submit'; organId: string }
  /** Return or approve a submission, move a due date, cancel a task (process owners). */
  | { type: 'task.review' }
  /** Record a decision (§), a report or a calendar change on a cycle; `ownDecisionOf` lists the organs
   * whose own decision it records, whose secretaries may then send it too (null: process owners only). */
  | { type: 'cycle.command'; command: string; ownDecisionOf: string[] | null }
  /** Hand in the revisionsberättelse (the municipality's auditors). */
  | { type: 'cycle.audit-report' }
  /** Start a cycle (process owners). */
  | { type: 'cycle.start' }
  /** Change the organisation or the steering documents; `organId` for an organ's own steering (its
   * goals, indicators, activities), which the organ's secretaries may change too. */
  | { type: 'municipality.change'; organId: string | null }
  /** Read an organ's tasks and inbox (its secretaries, process owners, auditors). */
  | { type: 'organ.read'; organId: string }
  /** Read a generated document: an organ's own (`organId`), the municipality's (null; anyone on its
   * roster), or the auditors' report of a cycle (`audit`: auditors and process owners). */
  | { type: 'document.read'; organId: string | null; audit: boolean };

export const isProcessOwner = (roster: Roster, actor: UserId) => roster.processOwners.includes(actor);
export const isAuditor = (roster: Roster, actor: UserId) => roster.auditors.includes(actor);
export const isSecretaryOf = (roster: Roster, actor: UserId, organId: string) =>
  (roster.secretaries[organId] ?? []).includes(actor);

/** Throws NOT_SECRETARY_OF_ORGAN, NOT_PROCESS_OWNER or NOT_AUDITOR (HTTP 403) when the actor may not act. */
export function authorize(roster: Roster, actor: UserId, action: Action): void {
  const refusal = refusalOf(roster, actor, action);
  if (refusal === null) return;
  if (refusal.auditor) {
    fail('NOT_AUDITOR', refusal.rule, 'Endast kommunens revisorer kan göra detta', { actor });
  }
  if (refusal.organId === undefined) {
    fail('NOT_PROCESS_OWNER', refusal.rule, 'Endast kommunens processägare kan göra detta', {
      actor,
      ...refusal.details,
    });
  }
  fail('NOT_SECRETARY_OF_ORGAN', refusal.rule, 'Du är inte sekreterare för organet', {
    actor,
    organId: refusal.organId,
  });
}

/** Why the actor may not act: not the organ's secretary (`organId`), else not a process owner. */
interface Refusal {
  rule: string;
  /** Only an auditor may act. */
  auditor?: true;
  organId?: string;
  details?: Record<string, unknown>;
}

function refusalOf(roster: Roster, actor: UserId, action: Action): Refusal | null {
  const owner = isProcessOwner(roster, actor);
  switch (action.type) {
    case 'task.submit':
      return isSecretaryOf(roster, actor, action.organId)
        ? null
        : { rule: 'access.task.submit', organId: action.organId };
    case 'task.review':
    case 'cycle.start':
      return owner ? null : { rule: `access.${action.type}` };
    case 'cycle.audit-report':
      return isAuditor(roster, actor) ? null : { rule: 'access.cycle.audit-report', auditor: true };
    case 'cycle.command': {
      // The workflows ask about every person command alike; the auditors' report is the auditors' own.
      if (sentByAuditors(action.command)) return refusalOf(roster, actor, { type: 'cycle.audit-report' });
      if (owner) return null;
      if (action.ownDecisionOf === null)
        return { rule: 'access.cycle.command', details: { command: action.command } };
      const outside = action.ownDecisionOf.find((o) => !isSecretaryOf(roster, actor, o));
      return outside === undefined ? null : { rule: 'access.cycle.own-decision', organId: outside };
    }
    case 'municipality.change':
      // While it has no process owner yet, whoever sets the municipality up acts as one.
      if (roster.processOwners.length === 0 || owner) return null;
      if (action.organId === null) return { rule: 'access.municipality.change' };
      return isSecretaryOf(roster, actor, action.organId)
        ? null
        : { rule: 'access.municipality.organ-steering', organId: action.organId };
    case 'organ.read':
      if (owner || isAuditor(roster, actor) || isSecretaryOf(roster, actor, action.organId)) return null;
      return { rule: 'access.organ.read', organId: action.organId };
    case 'document.read':
      if (owner || isAuditor(roster, actor)) return null;
      if (action.audit) return { rule: 'access.document.audit' };
      if (action.organId !== null)
        return refusalOf(roster, actor, { type: 'organ.read', organId: action.organId });
      return Object.values(roster.secretaries).some((users) => users.includes(actor))
        ? null
        : { rule: 'access.document.read' };
  }
}

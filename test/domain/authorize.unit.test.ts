import { describe, expect, it } from 'vitest';
import { type Action, authorize, rosterOf } from '../../domain/access/authorize';
import { organsRecordingOwnDecision } from '../../domain/cycle/person-commands';
import { DomainError } from '../../domain/errors';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityState } from '../../domain/examples/ale';
import { municipalityDecider } from '../../domain/municipality/decider';

const state = aleMunicipalityState();
const roster = rosterOf(state);
const owner = ALE_USERS.processOwner;
const auditor = ALE_USERS.auditor;
const secBun = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const secSn = ALE_USERS.secretaries[ALE_ORGAN.sn] as string;

/** The code and rule of the refusal, or 'allowed'. */
function outcome(actor: string, action: Action): string {
  try {
    authorize(roster, actor, action);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code} ${error.rule}`;
  }
}

const decision = (organId: string) => ({ decision: { organId } });
const cycleCommand = (
  type: 'RecordDecision' | 'RecordPlanAdoption' | 'AdoptBudget' | 'SubmitAuditReport',
  body: object,
): Action => ({
  type: 'cycle.command',
  command: type,
  ownDecisionOf: organsRecordingOwnDecision(type, body as Record<string, unknown>),
});

describe('authorize: who may act, from the municipality state', () => {
  it('lets only the municipality’s auditors hand in the revisionsberättelse, as the workflow asks', () => {
    const direct: Action = { type: 'cycle.audit-report' };
    const viaWorkflow = cycleCommand('SubmitAuditReport', {});
    for (const action of [direct, viaWorkflow]) {
      expect(outcome(auditor, action)).toBe('allowed');
      expect(outcome(owner, action)).toBe('NOT_AUDITOR access.cycle.audit-report');
      expect(outcome(secBun, action)).toBe('NOT_AUDITOR access.cycle.audit-report');
      expect(outcome('nobody@example.se', action)).toBe('NOT_AUDITOR access.cycle.audit-report');
    }
  });

  it('lets only the organ’s secretaries submit its tasks', () => {
    const submitBun: Action = { type: 'task.submit', organId: ALE_ORGAN.bun };
    expect(outcome(secBun, submitBun)).toBe('allowed');
    expect(outcome(secSn, submitBun)).toBe('NOT_SECRETARY_OF_ORGAN access.task.submit');
    expect(outcome(owner, submitBun)).toBe('NOT_SECRETARY_OF_ORGAN access.task.submit');
  });

  it('names the actor and the organ in a refusal', () => {
    try {
      authorize(roster, secSn, { type: 'task.submit', organId: ALE_ORGAN.bun });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).details).toEqual({ actor: secSn, organId: ALE_ORGAN.bun });
      expect((error as DomainError).message).toBe('Du är inte sekreterare för organet');
    }
  });

  it('lets only process owners review, move due dates and start cycles', () => {
    for (const type of ['task.review', 'cycle.start'] as const) {
      expect(outcome(owner, { type })).toBe('allowed');
      expect(outcome(secBun, { type })).toBe(`NOT_PROCESS_OWNER access.${type}`);
      expect(outcome(auditor, { type })).toBe(`NOT_PROCESS_OWNER access.${type}`);
    }
  });

  it('lets a secretary record only their own organ’s decisions on a cycle', () => {
    expect(outcome(secBun, cycleCommand('RecordDecision', decision(ALE_ORGAN.bun)))).toBe('allowed');
    expect(outcome(secBun, cycleCommand('RecordDecision', decision(ALE_ORGAN.kf)))).toBe(
      'NOT_SECRETARY_OF_ORGAN access.cycle.own-decision',
    );
    const plan = { ...decision(ALE_ORGAN.bun), organId: ALE_ORGAN.sn };
    expect(outcome(secBun, cycleCommand('RecordPlanAdoption', plan))).toBe(
      'NOT_SECRETARY_OF_ORGAN access.cycle.own-decision',
    );
    expect(outcome(secBun, cycleCommand('AdoptBudget', decision(ALE_ORGAN.kf)))).toBe(
      'NOT_PROCESS_OWNER access.cycle.command',
    );
    expect(outcome(owner, cycleCommand('AdoptBudget', decision(ALE_ORGAN.kf)))).toBe('allowed');
  });

  it('lets secretaries read their own organs, process owners and auditors all', () => {
    const readKs: Action = { type: 'organ.read', organId: ALE_ORGAN.ks };
    expect(outcome(owner, readKs)).toBe('allowed');
    expect(outcome(auditor, readKs)).toBe('allowed');
    expect(outcome(secBun, readKs)).toBe('NOT_SECRETARY_OF_ORGAN access.organ.read');
    expect(outcome(secBun, { type: 'organ.read', organId: ALE_ORGAN.bun })).toBe('allowed');
    expect(outcome('stranger@ale.se', readKs)).toBe('NOT_SECRETARY_OF_ORGAN access.organ.read');
  });

  it('lets anyone set up a municipality without process owners, then only its process owners', () => {
    const change: Action = { type: 'municipality.change', organId: null };
    expect(() => authorize(rosterOf({ status: 'unregistered' }), 'first@ale.se', change)).not.toThrow();
    expect(outcome(owner, change)).toBe('allowed');
    expect(outcome(secBun, change)).toBe('NOT_PROCESS_OWNER access.municipality.change');
    expect(outcome(secBun, { type: 'municipality.change', organId: ALE_ORGAN.bun })).toBe('allowed');
  });

  it('follows the state: a removed secretary is refused, an added one allowed', () => {
    const removed = municipalityDecider.evolve(state, {
      type: 'SecretaryRemoved',
      schemaVersion: 1,
      data: { at: '2026-03-01T08:00:00Z', organId: ALE_ORGAN.bun, userId: secBun },
    } as never);
    const submitBun: Action = { type: 'task.submit', organId: ALE_ORGAN.bun };
    expect(() => authorize(rosterOf(removed), secBun, submitBun)).toThrow(DomainError);
    const added = municipalityDecider.evolve(removed, {
      type: 'SecretaryAssigned',
      schemaVersion: 1,
      data: { at: '2026-03-02T08:00:00Z', organId: ALE_ORGAN.bun, userId: secSn },
    } as never);
    expect(() => authorize(rosterOf(added), secSn, submitBun)).not.toThrow();
  });
});

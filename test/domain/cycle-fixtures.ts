import { type CycleData, type CycleEvent, type CycleState, cycleDecider } from '../../domain/cycle/index';
import { handle, replay } from '../../domain/decider';
import type { Decision } from '../../domain/decision';
import {
  ALE_BUDGET_2027,
  ALE_ORGAN,
  ALE_ORGANS,
  ALE_USERS,
  aleStartCycle2027,
} from '../../domain/examples/ale';
import { decideAll, spec } from '../support/decider-spec';

/** Shared by the cycle decider's unit tests: Ale's cycle 2027 at each step, built through the decider. */

export const cycle = spec(cycleDecider);
export const actor = ALE_USERS.processOwner;
export const at = '2026-03-01T08:00:00.000Z';
export const meta = { at, actor };

let paragraph = 100;
export function decision(organId: string, body: string, date: string, subject = 'Beslut'): Decision {
  paragraph += 1;
  return { organId, body, date, paragraph, caseNumber: 'Dnr 2026.123', subject };
}
export const ks = (date: string, subject?: string) => decision(ALE_ORGAN.ks, 'KS', date, subject);
export const kf = (date: string, subject?: string) => decision(ALE_ORGAN.kf, 'KF', date, subject);

export const open = (phase: string) => ({ type: 'OpenPhase', ...meta, phase });
export const close = (phase: string) => ({ type: 'ClosePhase', ...meta, phase });

export const started = decideAll(cycleDecider, [aleStartCycle2027()]);
export const untilBudget = decideAll(
  cycleDecider,
  [open('omvarldsdag'), open('nulagesanalys'), open('tillitsdialog'), open('budget')],
  started,
);
export const proposed = decideAll(
  cycleDecider,
  [{ type: 'ProposeBudget', ...meta, decision: ks('2026-10-27', 'Budget 2027'), ...ALE_BUDGET_2027 }],
  untilBudget,
);
export const adopted = decideAll(
  cycleDecider,
  [{ type: 'AdoptBudget', ...meta, decision: kf('2026-11-23', 'Budget 2027'), ...ALE_BUDGET_2027 }],
  proposed,
);
export const committees = ALE_ORGANS.filter((o) => o.kind === 'committee' || o.kind === 'executive_board');
export const budgetDone = decideAll(
  cycleDecider,
  [
    ...committees.map((o) => ({
      type: 'RecordPlanAdoption',
      ...meta,
      organId: o.organId,
      decision: decision(o.organId, o.shortName, '2026-12-10', 'Verksamhetsplan 2027'),
    })),
    close('omvarldsdag'),
    close('nulagesanalys'),
    close('tillitsdialog'),
    close('budget'),
    open('delarsbokslut'),
  ],
  adopted,
);
export const interimDone = decideAll(
  cycleDecider,
  [
    { type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' },
    { type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') },
    close('delarsbokslut'),
    open('bokslut'),
    { type: 'SubmitAnnualReport', ...meta, decision: ks('2028-03-25') },
  ],
  budgetDone,
);
/** Revisorerna's report: tillstyrker ansvarsfrihet for every nämnd and KS. */
export const auditReport = (over: Record<string, unknown> = {}) => ({
  type: 'SubmitAuditReport',
  ...meta,
  date: '2028-04-14',
  findings: committees.map((o) => ({ organId: o.organId, recommendation: 'grant', remark: null })),
  ...over,
});
export const audited = decideAll(
  cycleDecider,
  [auditReport(), { type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') }],
  interimDone,
);
export const discharged = decideAll(
  cycleDecider,
  [
    ...committees.map((o) => ({
      type: 'DecideDischarge',
      ...meta,
      organId: o.organId,
      granted: true,
      decision: kf('2028-06-12', `Ansvarsfrihet ${o.shortName}`),
    })),
  ],
  audited,
);

/** The running cycle's data after the given events (replayed through the decider's evolve). */
export function cycleData(events: readonly CycleEvent[]): CycleData {
  return runningData(replay(cycleDecider, events));
}

/** The cycle's data after the decider has accepted each command in turn (throws on a rejection). */
export function afterCommands(state: CycleState, commands: readonly unknown[]): CycleData {
  return runningData(commands.reduce<CycleState>((s, raw) => handle(cycleDecider, s, raw).state, state));
}

function runningData(state: CycleState): CycleData {
  if (state.status === 'not_started') throw new Error('the cycle has not started');
  return state;
}

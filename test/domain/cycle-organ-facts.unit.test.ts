import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/index';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { decideAll } from '../support/decider-spec';
import { audited, cycle, decision, kf, meta, started } from './cycle-fixtures';

const discharge = (over: Record<string, unknown>) => ({
  type: 'DecideDischarge',
  ...meta,
  organId: ALE_ORGAN.sn,
  granted: true,
  decision: kf('2028-06-12', 'Ansvarsfrihet SN'),
  ...over,
});

describe('discharge per nämnd and per member, with anmärkning', () => {
  it('given the annual report approved and the auditors report, when KF tries each member, then each member and the anmärkning are recorded', () => {
    const members = [
      { name: 'Anna Andersson', granted: true, remark: null },
      {
        name: 'Bertil Berg',
        granted: false,
        remark: { reason: 'Beslutade utan stöd i delegationsordningen' },
      },
    ];
    const remark = { reason: 'Bristande intern kontroll av upphandlingar' };
    const { events, state } = cycle.given(audited).when(discharge({ members, remark })).thenAccepted();
    expect(events).toMatchObject([{ type: 'DischargeDecided', data: { members, remark } }]);
    expect(state.status === 'running' && state.discharges[ALE_ORGAN.sn]).toMatchObject({ members, remark });
  });

  it('then a member tried twice is refused naming the rule', () => {
    const twice = [
      { name: 'Anna Andersson', granted: true },
      { name: 'anna andersson', granted: false },
    ];
    const error = cycle
      .given(audited)
      .when(discharge({ members: twice }))
      .thenThrows('INVALID_CONTENT', 'discharge.per-member');
    expect(error.message).toMatch(/^Ansvarsfrihet per ledamot/);
  });

  it('given the annual report not yet approved, then discharge is refused (approval first)', () => {
    const beforeApproval = audited.filter((e) => e.type !== 'AnnualReportApproved');
    cycle
      .given(beforeApproval)
      .when(discharge({}))
      .thenThrows('INVALID_STATE', 'discharge.after-annual-report-approval');
  });
});

describe("a nämnd's decision on its nulägesanalys", () => {
  const atAnalysis = decideAll(
    cycleDecider,
    [
      { type: 'OpenPhase', ...meta, phase: 'omvarldsdag' },
      { type: 'OpenPhase', ...meta, phase: 'nulagesanalys' },
    ],
    started,
  );
  const analysisDecision = (organId: string, body: string) => ({
    type: 'RecordAnalysisDecision',
    ...meta,
    organId,
    decision: decision(organId, body, '2026-04-20', 'Nulägesanalys 2027'),
  });

  it('when the nämnd records its decision, then it is kept per organ; a second one is refused', () => {
    const { events, state } = cycle
      .given(atAnalysis)
      .when(analysisDecision(ALE_ORGAN.bun, 'BUN'))
      .thenAccepted();
    expect(events).toMatchObject([
      { type: 'AnalysisDecisionRecorded', data: { organId: ALE_ORGAN.bun, taskId: null } },
    ]);
    expect(state.status === 'running' && Object.keys(state.analysisDecisions)).toEqual([ALE_ORGAN.bun]);
    cycle
      .given([...atAnalysis, ...events])
      .when(analysisDecision(ALE_ORGAN.bun, 'BUN'))
      .thenThrows('ALREADY_EXISTS', 'analysis.organ-decision');
  });

  it('then another body deciding for the nämnd, KF, or a cycle before the phase are refused', () => {
    cycle
      .given(atAnalysis)
      .when({ ...analysisDecision(ALE_ORGAN.bun, 'BUN'), decision: kf('2026-04-20') })
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given(atAnalysis)
      .when(analysisDecision(ALE_ORGAN.kf, 'KF'))
      .thenThrows('NOT_FOUND', 'analysis.organ-decision');
    cycle.given(started).when(analysisDecision(ALE_ORGAN.bun, 'BUN')).thenThrows('INVALID_STATE');
  });
});

describe('attendance at the omvärldsdag', () => {
  const atOmvarldsdag = decideAll(
    cycleDecider,
    [{ type: 'OpenPhase', ...meta, phase: 'omvarldsdag' }],
    started,
  );

  it('when KS records who attended, then attendance is kept per organ', () => {
    const attendance = [
      { organId: ALE_ORGAN.bun, attendees: ['Anna Andersson', 'Cecilia Carlsson'] },
      { organId: ALE_ORGAN.alebyggen, attendees: [] },
    ];
    const { state } = cycle
      .given(atOmvarldsdag)
      .when({ type: 'RecordOmvarldsdagAttendance', ...meta, attendance })
      .thenAccepted();
    expect(state.status === 'running' && state.omvarldsdagAttendance).toEqual({
      [ALE_ORGAN.bun]: ['Anna Andersson', 'Cecilia Carlsson'],
      [ALE_ORGAN.alebyggen]: [],
    });
  });

  it('then an organ outside the cycle is refused naming the rule', () => {
    const error = cycle
      .given(atOmvarldsdag)
      .when({
        type: 'RecordOmvarldsdagAttendance',
        ...meta,
        attendance: [{ organId: 'ale-okand', attendees: [] }],
      })
      .thenThrows('NOT_FOUND', 'omvarldsdag.attendance');
    expect(error.message).toContain('ale-okand');
  });
});

import { describe, expect, it } from 'vitest';
import { type CycleEvent, cycleDecider } from '../../domain/cycle/index';
import { formatDecisionCitation } from '../../domain/decision';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { decideAll } from '../support/decider-spec';
import {
  actor,
  at,
  audited,
  auditReport,
  budgetDone,
  close,
  committees,
  cycle,
  discharged,
  interimDone,
  kf,
  ks,
  meta,
} from './cycle-fixtures';

describe('cycle: reports, discharge and closing', () => {
  it('KS submits the interim report after the period (late: with deviations); KF treats it', () => {
    const { events } = cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' })
      .thenAccepted();
    expect(events).toMatchObject([{ type: 'InterimReportSubmitted', data: { periodEnd: '2027-08-31' } }]);
    const late = cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-11-02'), periodEnd: '2027-08-31' })
      .thenAccepted();
    expect(late.events).toMatchObject([
      {
        type: 'InterimReportSubmitted',
        data: {
          deviations: [
            {
              rule: 'interim.report-within-two-months',
              limit: 'planned',
              deadline: '2027-10-25',
              daysLate: 8,
            },
            { rule: 'interim.report-within-two-months', limit: 'legal', deadline: '2027-10-31', daysLate: 2 },
          ],
        },
      },
    ]);
    cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-08-31'), periodEnd: '2027-08-31' })
      .thenThrows('TOO_EARLY');
    cycle
      .given(budgetDone)
      .when({ type: 'SubmitInterimReport', ...meta, decision: ks('2027-08-20'), periodEnd: '2027-06-30' })
      .thenThrows('INVALID_PERIOD', 'interim.period-coverage');
    cycle
      .given(budgetDone)
      .when({ type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') })
      .thenThrows('INVALID_STATE');
  });

  it('KS submits the annual report after year end; a late one is recorded with its deviations', () => {
    const atBokslut = interimDone.slice(0, -1);
    const late = cycle
      .given(atBokslut)
      .when({ type: 'SubmitAnnualReport', ...meta, decision: ks('2028-04-17') })
      .thenAccepted();
    const deviations = late.events[0]?.type === 'AnnualReportSubmitted' ? late.events[0].data.deviations : [];
    expect(deviations.map((d) => [d.rule, d.limit])).toEqual([
      ['annual-report.by-15-april', 'planned'],
      ['annual-report.by-15-april', 'legal'],
    ]);
    expect(deviations[1]).toMatchObject({ deadline: '2028-04-15', decidedOn: '2028-04-17', daysLate: 2 });
    const early = cycle
      .given(atBokslut)
      .when({ type: 'SubmitAnnualReport', ...meta, decision: ks('2027-12-20') })
      .thenThrows('TOO_EARLY', 'calendar.budget-year');
    expect(early.message).toBe('Årsredovisningen kan lämnas tidigast den 1 januari 2028');
    cycle
      .given(atBokslut)
      .when({ type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') })
      .thenThrows('INVALID_STATE');
  });

  it('KF decides discharge per nämnd and KS, not for bolag, once; after 30 June with a deviation', () => {
    const discharge = (organId: string, date = '2028-06-12') => ({
      type: 'DecideDischarge',
      ...meta,
      organId,
      granted: true,
      decision: kf(date, 'Ansvarsfrihet'),
    });
    const { events } = cycle.given(audited).when(discharge(ALE_ORGAN.sn)).thenAccepted();
    expect(events).toMatchObject([
      { type: 'DischargeDecided', data: { organId: ALE_ORGAN.sn, granted: true } },
    ]);
    cycle.given(audited).when(discharge(ALE_ORGAN.alebyggen)).thenThrows('NOT_APPLICABLE');
    const late = cycle.given(audited).when(discharge(ALE_ORGAN.sn, '2028-07-01')).thenAccepted();
    expect(late.events).toMatchObject([
      {
        type: 'DischargeDecided',
        data: {
          deviations: [
            { rule: 'discharge.by-end-of-june', limit: 'planned', deadline: '2028-06-12', daysLate: 19 },
            { rule: 'discharge.by-end-of-june', limit: 'legal', deadline: '2028-06-30', daysLate: 1 },
          ],
        },
      },
    ]);
    cycle
      .given([...audited, ...events])
      .when(discharge(ALE_ORGAN.sn))
      .thenThrows('ALREADY_EXISTS', 'discharge.once');
    cycle.given(budgetDone).when(discharge(ALE_ORGAN.sn)).thenThrows('INVALID_STATE');
  });

  it('closes bokslut only after approval and discharge for all, then closes the cycle', () => {
    cycle
      .given(interimDone)
      .when(close('bokslut'))
      .thenThrows('CYCLE_NOT_COMPLETE', 'cycle.close-phase.bokslut');
    cycle
      .given(discharged)
      .when({ type: 'CloseCycle', ...meta })
      .thenThrows('CYCLE_NOT_COMPLETE');
    const closedBokslut = decideAll(cycleDecider, [close('bokslut')], discharged);
    const state = cycle
      .given(closedBokslut)
      .when({ type: 'CloseCycle', ...meta })
      .thenEmits([{ type: 'CycleClosed', schemaVersion: 1, data: { at, by: actor } }]);
    expect(state.status).toBe('closed');
    const closed: CycleEvent[] = [
      ...closedBokslut,
      { type: 'CycleClosed', schemaVersion: 1, data: { at, by: actor } },
    ];
    cycle
      .given(closed)
      .when({ type: 'RecordDecision', ...meta, decision: kf('2028-06-20') })
      .thenThrows('INVALID_STATE', 'cycle.closed');
  });

  it('keeps every decision of the cycle, each cited', () => {
    const state = cycleDecider.initialState();
    const final = discharged.reduce(cycleDecider.evolve, state);
    if (final.status === 'not_started') throw new Error('not started');
    const citations = final.decisions.map(formatDecisionCitation);
    expect(citations.length).toBe(2 + committees.length + 4 + committees.length);
    expect(new Set(citations).size).toBe(citations.length);
    expect(final.discharges[ALE_ORGAN.ks]?.granted).toBe(true);
  });
  describe("the auditors' report (revisionsberättelse) before discharge", () => {
    const discharge = (organId: string, date = '2028-06-12') => ({
      type: 'DecideDischarge',
      ...meta,
      organId,
      granted: false,
      decision: kf(date, 'Ansvarsfrihet'),
    });
    const approved = decideAll(
      cycleDecider,
      [{ type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') }],
      interimDone,
    );

    it('records a finding per nämnd and KS: tillstyrker or avstyrker, with an anmärkning and its reason', () => {
      const findings = committees.map((o) =>
        o.organId === ALE_ORGAN.sn
          ? { organId: o.organId, recommendation: 'refuse', remark: { reason: 'Bristande intern kontroll' } }
          : { organId: o.organId, recommendation: 'grant', remark: null },
      );
      const { events, state } = cycle.given(interimDone).when(auditReport({ findings })).thenAccepted();
      expect(events).toMatchObject([
        { type: 'AuditReportSubmitted', data: { date: '2028-04-14', findings } },
      ]);
      expect(state.status === 'running' && state.auditReport?.findings).toHaveLength(committees.length);
    });

    it('refuses a report before the annual report, twice, or without a finding for every nämnd and KS', () => {
      cycle
        .given(interimDone.slice(0, -1))
        .when(auditReport())
        .thenThrows('INVALID_STATE', 'audit-report.after-annual-report');
      cycle.given(audited).when(auditReport()).thenThrows('ALREADY_EXISTS', 'audit-report.once');
      const withoutSn = committees
        .filter((o) => o.organId !== ALE_ORGAN.sn)
        .map((o) => ({ organId: o.organId, recommendation: 'grant', remark: null }));
      const err = cycle
        .given(interimDone)
        .when(auditReport({ findings: withoutSn }))
        .thenThrows('INVALID_CONTENT', 'audit-report.findings-per-organ');
      expect(err.details).toEqual({ organIds: [ALE_ORGAN.sn] });
      cycle
        .given(interimDone)
        .when(auditReport({ findings: [{ organId: ALE_ORGAN.alebyggen, recommendation: 'grant' }] }))
        .thenThrows('NOT_APPLICABLE', 'audit-report.findings-per-organ');
      cycle
        .given(interimDone)
        .when(auditReport({ date: '2028-03-20' }))
        .thenThrows('TOO_EARLY');
    });

    it('refuses discharge before KF has approved the annual report', () => {
      const reported = decideAll(cycleDecider, [auditReport()], interimDone);
      cycle
        .given(reported)
        .when(discharge(ALE_ORGAN.sn))
        .thenThrows('INVALID_STATE', 'discharge.after-annual-report-approval');
    });

    it("refuses discharge before the auditors' report where the calendar plans one", () => {
      cycle
        .given(approved)
        .when(discharge(ALE_ORGAN.sn))
        .thenThrows('INVALID_STATE', 'discharge.after-auditors-report');
      cycle.given(audited).when(discharge(ALE_ORGAN.sn)).thenAccepted();
    });

    it("keeps the rules a cycle started under: without a planned auditors' report, approval suffices", () => {
      const [started, ...rest] = approved;
      if (started?.type !== 'CycleStarted') throw new Error('fixture starts with CycleStarted');
      const unplanned: CycleEvent = {
        ...started,
        data: {
          ...started.data,
          calendar: {
            ...started.data.calendar,
            bokslut: { ...started.data.calendar.bokslut, auditReport: null },
          },
        },
      };
      cycle
        .given([unplanned, ...rest])
        .when(discharge(ALE_ORGAN.sn))
        .thenAccepted();
    });
  });
});

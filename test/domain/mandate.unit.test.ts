import { describe, expect, it } from 'vitest';
import {
  electionsInYear,
  isElectionYear,
  isElectionYearFor,
  legalLimits,
  mandatePeriodOn,
  NO_EXTRA_ELECTIONS,
  ordinaryElectionDate,
} from '../../domain/calendar/index';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { isElectionYearOf, mandatePeriodOf } from '../../domain/municipality/index';
import { ale, by, meta, municipality } from './municipality-fixtures';

const kfDecision = {
  organId: ALE_ORGAN.kf,
  body: 'KF',
  date: '2028-02-20',
  paragraph: 12,
  caseNumber: 'Dnr 2028.031',
  subject: 'Extra val till kommunfullmäktige',
};
const record = {
  type: 'RecordExtraElection',
  ...meta,
  decision: kfDecision,
  electionDate: '2028-05-14',
  mandateStart: '2028-06-01',
};
const extra = { extraElections: [{ electionDate: '2028-05-14', mandateStart: '2028-06-01' }] };

describe('mandate periods: ordinary elections', () => {
  it('are held every fourth year on the second Sunday in September, the period from 15 October', () => {
    expect([2022, 2026, 2030].map((y) => ordinaryElectionDate(y))).toEqual([
      '2022-09-11',
      '2026-09-13',
      '2030-09-08',
    ]);
    expect(ordinaryElectionDate(2027)).toBeNull();
    expect(mandatePeriodOn(NO_EXTRA_ELECTIONS, '2026-10-14')).toMatchObject({
      kind: 'ordinary',
      start: '2022-10-15',
      end: '2026-10-14',
    });
    expect(mandatePeriodOn(NO_EXTRA_ELECTIONS, '2026-10-15')).toMatchObject({
      kind: 'ordinary',
      start: '2026-10-15',
      end: '2030-10-14',
    });
  });
  it('without extra elections, the municipality’s election years are the national ones', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      expect(isElectionYearFor(NO_EXTRA_ELECTIONS, year)).toBe(isElectionYear(year));
    }
  });
});

describe('mandate periods: an extra election', () => {
  it('given Ale, when KF records an extra election, then ExtraElectionRecorded v1 is emitted', () => {
    const state = municipality
      .given(ale)
      .when(record)
      .thenEmits([
        {
          type: 'ExtraElectionRecorded',
          schemaVersion: 1,
          data: { ...by, decision: kfDecision, electionDate: '2028-05-14', mandateStart: '2028-06-01' },
        },
      ]);
    expect(isElectionYearOf(state, 2028)).toBe(true);
    expect(isElectionYearOf(state, 2027)).toBe(false);
    expect(mandatePeriodOf(state, '2028-07-01')).toEqual({
      kind: 'extra',
      electionDate: '2028-05-14',
      start: '2028-06-01',
      end: '2030-10-14',
    });
    expect(mandatePeriodOf(state, '2028-05-31')).toMatchObject({ kind: 'ordinary', start: '2026-10-15' });
    expect(mandatePeriodOf(state, '2030-10-15')).toMatchObject({ kind: 'ordinary', start: '2030-10-15' });
  });
  it('runs only until the next ordinary period and does not move the ordinary elections', () => {
    expect(electionsInYear(extra, 2030).map((p) => p.kind)).toEqual(['ordinary']);
    expect(isElectionYearFor(extra, 2030)).toBe(true);
  });
  it('does not make the budget year’s N-1 a year in which the new council adopts', () => {
    expect(legalLimits(2029, extra).kfAdoptionEarliest).toBeNull();
    expect(legalLimits(2027, extra).kfAdoptionEarliest).toBe('2026-10-15');
  });
  it('is refused, naming the field, unless KF decided it before the election day and the period starts in time', () => {
    const byKs = municipality
      .given(ale)
      .when({ ...record, decision: { ...kfDecision, organId: ALE_ORGAN.ks, body: 'KS' } })
      .thenThrows('WRONG_DECISION_BODY', 'mandate.extra-election');
    expect(byKs.message).toContain('decision.organId');
    municipality
      .given(ale)
      .when({ ...record, decision: { ...kfDecision, date: '2028-05-15' } })
      .thenThrows('INVALID_PERIOD', 'mandate.extra-election');
    municipality
      .given(ale)
      .when({ ...record, mandateStart: '2028-05-01' })
      .thenThrows('INVALID_PERIOD', 'mandate.extra-election');
    const late = municipality
      .given(ale)
      .when({
        ...record,
        electionDate: '2030-05-12',
        mandateStart: '2030-10-20',
        decision: { ...kfDecision, date: '2030-02-01' },
      })
      .thenThrows('INVALID_PERIOD', 'mandate.extra-election');
    expect(late.message).toBe(
      'Den extra mandatperioden måste börja före nästa ordinarie mandatperiod, som börjar 15 oktober 2030 (mandateStart)',
    );
    municipality
      .given(ale)
      .when({
        ...record,
        electionDate: '2026-09-13',
        mandateStart: '2026-10-01',
        decision: { ...kfDecision, date: '2026-02-01' },
      })
      .thenThrows('INVALID_PERIOD', 'mandate.extra-election');
  });
  it('is recorded once per election day', () => {
    const once = municipality.given(ale).when(record).thenAccepted().events;
    municipality
      .given([...ale, ...once])
      .when(record)
      .thenThrows('ALREADY_EXISTS', 'mandate.extra-election');
    expect(ALE_USERS.processOwner).toBe(meta.actor);
  });
});

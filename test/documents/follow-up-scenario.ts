/**
 * What the documents need beyond the compact Ale scenario: Kolada values fetched on 3 December 2026,
 * a cycle 2026 adopted in deficit with synnerliga skäl whose årsredovisning shows a negative
 * balanskravsresultat restored by an åtgärdsplan, and the same for 2027.
 */
import { randomUUID } from 'node:crypto';
import { cycleStream, type Decision, defaultCalendar, municipalityStream, parseEvent } from '../../domain';
import type { ScenarioAppend } from '../projections/scenario';

const by = 'anna.processagare@ale.se';
export const KOLADA_FETCHED_AT = '2026-12-03T07:00:00.000Z';
export const DEFICIT_2026_ORE = 1_200_000_000;
export const DEFICIT_2027_ORE = 300_000_000;
export const SPECIAL_REASONS_2026 = 'Engångskostnader för omställningen av äldreomsorgen';

const kf = (date: string, paragraph: number, subject: string): Decision => ({
  organId: 'kf',
  body: 'KF',
  date,
  paragraph,
  caseNumber: `Dnr ${date.slice(0, 4)}.${paragraph}`,
  subject,
});
const ks = (date: string, paragraph: number, subject: string): Decision => ({
  ...kf(date, paragraph, subject),
  organId: 'ks',
  body: 'KS',
});

export function followUpScenario(municipalityId = 'ale'): ScenarioAppend[] {
  const appends: ScenarioAppend[] = [];
  const add = (streamId: string, occurredAt: string, type: string, data: Record<string, unknown>, v = 1) => {
    const event = { eventId: randomUUID(), type, schemaVersion: v, data: { at: occurredAt, by, ...data } };
    parseEvent(event); // a fixture that drifts from the domain fails here, not in a document
    appends.push({ streamId, events: [event], occurredAt });
  };
  const m = municipalityStream(municipalityId);
  const kolada = (municipalityCode: string, period: number, value: number) => ({
    source: 'Kolada',
    url: `https://api.kolada.se/v3/data/kpi/N15428/municipality/${municipalityCode}/year/${period}`,
    kpiId: 'N15428',
    municipalityCode,
    period,
    gender: 'T',
    status: null,
    value,
    count: 1,
    fetchedAt: KOLADA_FETCHED_AT,
  });
  add(m, KOLADA_FETCHED_AT, 'KoladaValueRecorded', kolada('1440', 2026, 83.7));
  add(m, KOLADA_FETCHED_AT, 'KoladaValueRecorded', kolada('1401', 2026, 85.6));

  const c26 = cycleStream(municipalityId, 2026);
  const organs = [
    { organId: 'ks', kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
    { organId: 'sn', kind: 'committee', name: 'Socialnämnden', shortName: 'SN' },
  ];
  add(c26, '2025-01-15T08:00:00.000Z', 'CycleStarted', {
    municipalityId,
    budgetYear: 2026,
    calendar: defaultCalendar(2026),
    organs,
  });
  add(
    c26,
    '2025-11-20T18:00:00.000Z',
    'BudgetAdopted',
    {
      decision: kf('2025-11-20', 150, 'Budget 2026 med plan 2027–2028'),
      frames: [{ organId: 'sn', amountOre: 69_000_000_000 }],
      plan: [
        {
          year: 2026,
          taxRevenueOre: 204_000_000_000,
          netCostOre: 205_000_000_000,
          resultOre: -1_000_000_000,
        },
        { year: 2027, taxRevenueOre: 210_000_000_000, netCostOre: 208_000_000_000, resultOre: 2_000_000_000 },
        { year: 2028, taxRevenueOre: 216_000_000_000, netCostOre: 213_000_000_000, resultOre: 3_000_000_000 },
      ],
      taxRateOre: 2223,
      deviations: [],
      balanceExemption: { reasons: SPECIAL_REASONS_2026 },
    },
    2,
  );
  add(c26, '2027-03-24T15:00:00.000Z', 'AnnualReportSubmitted', {
    decision: ks('2027-03-24', 40, 'Årsredovisning 2026'),
    deviations: [],
    balanceResultOre: -DEFICIT_2026_ORE,
  });
  add(c26, '2027-04-22T19:00:00.000Z', 'RecoveryPlanAdopted', {
    decision: kf('2027-04-22', 61, 'Åtgärdsplan för underskottet 2026'),
    deficitOre: DEFICIT_2026_ORE,
    measures: [
      { year: 2027, amountOre: 700_000_000, description: 'Vakansprövning i alla förvaltningar' },
      { year: 2028, amountOre: 500_000_000, description: 'Samordnade lokaler' },
    ],
  });

  const c27 = cycleStream(municipalityId, 2027);
  add(c27, '2028-03-23T15:00:00.000Z', 'AnnualReportSubmitted', {
    decision: ks('2028-03-23', 38, 'Årsredovisning 2027'),
    deviations: [],
    balanceResultOre: -DEFICIT_2027_ORE,
  });
  add(c27, '2028-04-20T19:00:00.000Z', 'RecoveryPlanAdopted', {
    decision: kf('2028-04-20', 58, 'Åtgärdsplan för underskottet 2027'),
    deficitOre: DEFICIT_2027_ORE,
    measures: [{ year: 2029, amountOre: DEFICIT_2027_ORE, description: 'Effektivare upphandling' }],
  });
  return appends;
}

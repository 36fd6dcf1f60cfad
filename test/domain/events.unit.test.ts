import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors';
import {
  CURRENT_SCHEMA_VERSION,
  CYCLE_EVENT_TYPES,
  EVENT_TYPES,
  isCycleEvent,
  isMunicipalityEvent,
  isTaskEvent,
  MUNICIPALITY_EVENT_TYPES,
  parseEvent,
  TASK_EVENT_TYPES,
} from '../../domain/events';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityEvents } from '../../domain/examples/ale';

const decision = {
  organId: ALE_ORGAN.ks,
  body: 'KS',
  date: '2026-10-27',
  paragraph: 187,
  caseNumber: 'Dnr 2026.301',
  subject: 'Budget 2027',
};
const plan = [
  { year: 2027, taxRevenueOre: 246_300_000_000, netCostOre: 241_100_000_000, resultOre: 5_200_000_000 },
  { year: 2028, taxRevenueOre: 254_000_000_000, netCostOre: 248_800_000_000, resultOre: 5_200_000_000 },
  { year: 2029, taxRevenueOre: 262_200_000_000, netCostOre: 256_600_000_000, resultOre: 5_600_000_000 },
];
/** The same plan as recorded before öre, in whole kronor. */
const planKronor = plan.map(({ year, taxRevenueOre, netCostOre, resultOre }) => ({
  year,
  taxRevenueSek: taxRevenueOre / 100,
  netCostSek: netCostOre / 100,
  resultSek: resultOre / 100,
}));
const meta = { at: '2026-10-28T08:00:00.000Z', by: ALE_USERS.processOwner };

function expectDomainError(f: () => unknown, code: string): DomainError {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  return caught as DomainError;
}

describe('event type list', () => {
  it('names every event once, split by aggregate', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toHaveLength(
      MUNICIPALITY_EVENT_TYPES.length + CYCLE_EVENT_TYPES.length + TASK_EVENT_TYPES.length,
    );
    expect(EVENT_TYPES).toEqual(
      expect.arrayContaining(['TaskSubmitted', 'BudgetAdopted', 'CycleStarted', 'OrganAdded']),
    );
    expect(CURRENT_SCHEMA_VERSION.BudgetProposed).toBe(3);
    expect(CURRENT_SCHEMA_VERSION.BudgetAdopted).toBe(2);
    expect(CURRENT_SCHEMA_VERSION.TaskSubmitted).toBe(2);
  });
});

describe('parseEvent', () => {
  it('accepts current events unchanged, and narrows by aggregate', () => {
    for (const event of aleMunicipalityEvents()) {
      const parsed = parseEvent(JSON.parse(JSON.stringify(event)));
      expect(parsed).toEqual(event);
      expect(isMunicipalityEvent(parsed)).toBe(true);
      expect(isCycleEvent(parsed) || isTaskEvent(parsed)).toBe(false);
    }
  });

  it('rejects unknown types, future versions, malformed envelopes and invalid data', () => {
    expectDomainError(() => parseEvent({ type: 'Nope', schemaVersion: 1, data: {} }), 'UNKNOWN_EVENT_TYPE');
    expectDomainError(
      () =>
        parseEvent({ type: 'TaskApproved', schemaVersion: 9, data: { ...meta, taskId: 't', revision: 1 } }),
      'UNSUPPORTED_SCHEMA_VERSION',
    );
    expectDomainError(() => parseEvent({ type: 'TaskApproved' }), 'INVALID_EVENT');
    const err = expectDomainError(
      () =>
        parseEvent({ type: 'TaskApproved', schemaVersion: 1, data: { ...meta, taskId: 't', revision: 0 } }),
      'INVALID_EVENT',
    );
    expect(err.details.issues).toEqual([expect.objectContaining({ path: ['data', 'revision'] })]);
  });

  it('upcasts BudgetProposed v1 (frames in tkr, as a map) through v2 (whole kronor) to v3 (öre)', () => {
    const v1 = {
      type: 'BudgetProposed',
      schemaVersion: 1,
      data: {
        ...meta,
        decision,
        framesTkr: { [ALE_ORGAN.ks]: 212_400, [ALE_ORGAN.bun]: 1_054_300 },
        plan: planKronor,
      },
    };
    expect(parseEvent(v1)).toEqual({
      type: 'BudgetProposed',
      schemaVersion: 3,
      data: {
        ...meta,
        decision,
        frames: [
          { organId: ALE_ORGAN.ks, amountOre: 21_240_000_000 },
          { organId: ALE_ORGAN.bun, amountOre: 105_430_000_000 },
        ],
        plan,
        taxRateOre: null,
        // Events stored before deviations were recorded read as on time.
        deviations: [],
      },
    });
  });

  it('rejects a v1 event the upcaster cannot read (fractional tkr)', () => {
    const err = expectDomainError(
      () =>
        parseEvent({
          type: 'BudgetProposed',
          schemaVersion: 1,
          data: { ...meta, decision, framesTkr: { [ALE_ORGAN.ks]: 212.5 }, plan: planKronor },
        }),
      'INVALID_EVENT',
    );
    expect(err.rule).toBe('event.upcast');
  });
  it('upcasts BudgetProposed v2 and BudgetAdopted v1 (whole kronor) to öre, exactly', () => {
    const kronorData = {
      ...meta,
      decision,
      frames: [{ organId: ALE_ORGAN.bun, amountSek: 1_054_300_001 }],
      plan: planKronor,
      taxRateOre: 2223,
    };
    const expected = {
      ...meta,
      decision,
      frames: [{ organId: ALE_ORGAN.bun, amountOre: 105_430_000_100 }],
      plan,
      taxRateOre: 2223,
      deviations: [],
    };
    expect(parseEvent({ type: 'BudgetProposed', schemaVersion: 2, data: kronorData })).toEqual({
      type: 'BudgetProposed',
      schemaVersion: 3,
      data: expected,
    });
    expect(parseEvent({ type: 'BudgetAdopted', schemaVersion: 1, data: kronorData })).toEqual({
      type: 'BudgetAdopted',
      schemaVersion: 2,
      data: expected,
    });
  });

  it('upcasts TaskSubmitted v1: a delårsrapport and an internbudget in whole kronor become öre', () => {
    const submitted = (submission: unknown) => ({
      type: 'TaskSubmitted',
      schemaVersion: 1,
      data: { ...meta, taskId: 't1', organId: ALE_ORGAN.bun, revision: 1, late: false, submission },
    });
    const interim = parseEvent(
      submitted({
        kind: 'delarsrapport',
        content: {
          periodEnd: '2027-08-31',
          economy: { budgetSek: 1_000, outcomeSek: 700, forecastSek: -5 },
          goalFulfilment: [{ goalId: 'g1', goalType: 'council', status: 'achieved' }],
        },
      }),
    );
    expect(interim.schemaVersion).toBe(2);
    expect(interim.type === 'TaskSubmitted' && interim.data.submission).toMatchObject({
      content: { economy: { budgetOre: 100_000, outcomeOre: 70_000, forecastOre: -500 } },
    });
    const plan = parseEvent(
      submitted({
        kind: 'verksamhetsplan',
        content: {
          organGoals: [{ goalId: 'm1', title: 'Mål', councilGoalIds: ['r1'] }],
          internalBudget: [{ label: 'Verksamhet', amountSek: 12 }],
        },
      }),
    );
    expect(plan.type === 'TaskSubmitted' && plan.data.submission).toMatchObject({
      content: { internalBudget: [{ label: 'Verksamhet', amountOre: 1200 }] },
    });
  });

  it('refuses to upcast a kronor amount that would not fit in öre within 2^53', () => {
    const err = expectDomainError(
      () =>
        parseEvent({
          type: 'BudgetAdopted',
          schemaVersion: 1,
          data: {
            ...meta,
            decision,
            frames: [{ organId: ALE_ORGAN.bun, amountSek: 2 ** 52 }],
            plan: planKronor,
            taxRateOre: null,
          },
        }),
      'INVALID_EVENT',
    );
    expect(err.rule).toBe('event.upcast');
  });
});

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
  { year: 2027, taxRevenueSek: 2_463_000_000, netCostSek: 2_411_000_000, resultSek: 52_000_000 },
  { year: 2028, taxRevenueSek: 2_540_000_000, netCostSek: 2_488_000_000, resultSek: 52_000_000 },
  { year: 2029, taxRevenueSek: 2_622_000_000, netCostSek: 2_566_000_000, resultSek: 56_000_000 },
];
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
    expect(CURRENT_SCHEMA_VERSION.BudgetProposed).toBe(2);
    expect(CURRENT_SCHEMA_VERSION.TaskSubmitted).toBe(1);
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

  it('upcasts BudgetProposed v1 (frames in tkr, as a map) to v2 (list in whole kronor)', () => {
    const v1 = {
      type: 'BudgetProposed',
      schemaVersion: 1,
      data: {
        ...meta,
        decision,
        framesTkr: { [ALE_ORGAN.ks]: 212_400, [ALE_ORGAN.bun]: 1_054_300 },
        plan,
      },
    };
    expect(parseEvent(v1)).toEqual({
      type: 'BudgetProposed',
      schemaVersion: 2,
      data: {
        ...meta,
        decision,
        frames: [
          { organId: ALE_ORGAN.ks, amountSek: 212_400_000 },
          { organId: ALE_ORGAN.bun, amountSek: 1_054_300_000 },
        ],
        plan,
        taxRateOre: null,
      },
    });
  });

  it('rejects a v1 event the upcaster cannot read (fractional tkr)', () => {
    const err = expectDomainError(
      () =>
        parseEvent({
          type: 'BudgetProposed',
          schemaVersion: 1,
          data: { ...meta, decision, framesTkr: { [ALE_ORGAN.ks]: 212.5 }, plan },
        }),
      'INVALID_EVENT',
    );
    expect(err.rule).toBe('event.upcast');
  });
});

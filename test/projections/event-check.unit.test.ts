import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../domain';
import { checkPageText, sameJson } from '../../projections/event-check';
import { startEventCheckers } from '../../projections/event-checkers';
import { aleScenario } from './scenario';

const at = '2026-03-01T08:00:00.000Z';
const by = 'anna.processagare@ale.se';
const row = (position: number, type: string, schemaVersion: number, data: object) => [
  position,
  `00000000-0000-4000-8000-00000000000${position}`,
  `task-${position}`,
  type,
  schemaVersion,
  data,
];

describe('checkPageText: the events a rebuild must not take as stored', () => {
  const valid = { at, by, taskId: 'ale.2027.t1', revision: 2 };
  const withExtra = { ...valid, note: 'ett fält som schemat inte känner' };
  const invalid = { at, by, taskId: 'ale.2027.t1', revision: -1 };
  // The Ale scenario's budget proposal, stored in the legacy v1 shape (upcast when read).
  const legacy = aleScenario()
    .flatMap((a) => a.events)
    .find((e) => e.type === 'BudgetProposed' && e.schemaVersion === 1);
  const legacyBudget = legacy?.data as object;
  const page = [
    row(1, 'TaskApproved', 1, valid),
    row(2, 'TaskApproved', 1, withExtra),
    row(3, 'TaskApproved', 1, invalid),
    row(4, 'BudgetProposed', 1, legacyBudget),
    row(5, 'TaskApproved', 1, { revision: 2, taskId: 'ale.2027.t1', by, at }),
  ];
  const verdicts = checkPageText(JSON.stringify(page));

  it('leaves out valid events stored as their schema gives them, in any key order', () => {
    expect(verdicts.map((v) => v.index)).toEqual([1, 2, 3]);
  });

  it('gives the domain event of an event its schema changes (an unknown field dropped)', () => {
    expect(verdicts[0]?.event).toEqual(
      parseEvent({ type: 'TaskApproved', schemaVersion: 1, data: withExtra }),
    );
    expect(verdicts[0]?.event?.data).not.toHaveProperty('note');
  });

  it('skips an invalid event with the warning the incremental path gives', () => {
    expect(verdicts[1]?.event).toBeNull();
    expect(verdicts[1]?.warning).toMatch(/^hoppar över händelse 3 \(TaskApproved\)/);
  });

  it('gives an old version upcast to the current one', () => {
    const event = verdicts[2]?.event;
    expect(event?.type).toBe('BudgetProposed');
    expect(event).toEqual(parseEvent({ type: 'BudgetProposed', schemaVersion: 1, data: legacyBudget }));
    expect(event?.schemaVersion).toBeGreaterThan(1);
  });

  it('has nothing to say about an empty page', () => {
    expect(checkPageText(null)).toEqual([]);
    expect(checkPageText('[]')).toEqual([]);
  });
});

describe('sameJson', () => {
  it('compares objects by keys in any order, arrays in order, scalars exactly', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson({ a: null }, { a: 0 })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
  });
});

describe('check threads', () => {
  it('give a page the verdicts checkPageText gives it here', async () => {
    const checkers = startEventCheckers(1);
    try {
      const text = JSON.stringify([
        row(1, 'TaskApproved', 1, { at, by, taskId: 'ale.2027.t1', revision: 2 }),
        row(2, 'TaskApproved', 1, { at, by, taskId: 'ale.2027.t1', revision: 0 }),
      ]);
      const verdicts = await checkers.check(text);
      expect(verdicts).toEqual(checkPageText(text));
      expect(verdicts.map((v) => v.index)).toEqual([1]);
      expect(checkers.cpuSeconds()).toBeGreaterThanOrEqual(0);
    } finally {
      await checkers.close();
    }
  });
});

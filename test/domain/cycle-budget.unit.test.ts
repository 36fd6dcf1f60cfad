import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/index';
import { ALE_BUDGET_2027, ALE_ORGAN } from '../../domain/examples/ale';
import { decideAll } from '../support/decider-spec';
import { adopted, cycle, decision, kf, ks, meta, proposed, started, untilBudget } from './cycle-fixtures';

describe('cycle: budget', () => {
  const propose = (over: Record<string, unknown> = {}) => ({
    type: 'ProposeBudget',
    ...meta,
    decision: ks('2026-10-27', 'Budget 2027'),
    ...ALE_BUDGET_2027,
    ...over,
  });
  const adopt = (over: Record<string, unknown> = {}) => ({
    type: 'AdoptBudget',
    ...meta,
    decision: kf('2026-11-23', 'Budget 2027'),
    ...ALE_BUDGET_2027,
    ...over,
  });

  it('KS proposes frames per organ in öre by the calendar date', () => {
    const { events, state } = cycle.given(untilBudget).when(propose()).thenAccepted();
    expect(events).toMatchObject([
      { type: 'BudgetProposed', schemaVersion: 3, data: { frames: ALE_BUDGET_2027.frames } },
    ]);
    expect(
      state.status === 'running' && state.budget.proposal?.frames.every((f) => Number.isInteger(f.amountOre)),
    ).toBe(true);
  });

  it('takes a frame in kronor with öre as a decimal string, and whole kronor as recorded before öre', () => {
    const frames = ALE_BUDGET_2027.frames.map((f) =>
      f.organId === ALE_ORGAN.bun
        ? { organId: f.organId, amountSek: '1234567.89' }
        : f.organId === ALE_ORGAN.sn
          ? { organId: f.organId, amountSek: 884_000_000 }
          : f,
    );
    const { events } = cycle.given(untilBudget).when(propose({ frames })).thenAccepted();
    const proposed = events[0]?.type === 'BudgetProposed' ? events[0].data.frames : [];
    expect(proposed).toContainEqual({ organId: ALE_ORGAN.bun, amountOre: 123_456_789 });
    expect(proposed).toContainEqual({ organId: ALE_ORGAN.sn, amountOre: 88_400_000_000 });
    expect(proposed.every((f) => !('amountSek' in f))).toBe(true);
  });

  it('refuses an amount that is not exact öre or beyond 2^53 öre, naming the field in Swedish', () => {
    const withBun = (frame: Record<string, unknown>) =>
      propose({
        frames: [
          ...ALE_BUDGET_2027.frames.filter((f) => f.organId !== ALE_ORGAN.bun),
          { organId: ALE_ORGAN.bun, ...frame },
        ] as never,
      });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amountSek: 1_234_567.89 }, 'amountSek', /som text i kronor/],
      [{ amountSek: '1234567,891' }, 'amountSek', /högst två decimaler/],
      [
        { amountOre: 30.5 },
        'amountOre',
        /^Beloppet 30,5 i fältet frames\[\d+\]\.amountOre har för många decimaler/,
      ],
      [{ amountSek: 30.5 }, 'amountSek', /^30,5 kr är inte hela kronor/],
      [{ amountOre: 2 ** 53 }, 'amountOre', /för stort/],
      [{ amountSek: '90071992547409.92' }, 'amountSek', /för stort/],
      [{ amountSek: '1', amountOre: 100 }, 'amountSek', /inte båda/],
    ];
    for (const [frame, field, message] of cases) {
      const err = cycle.given(untilBudget).when(withBun(frame)).thenThrows('INVALID_COMMAND');
      const issues = (err.details as { issues: { path: string[]; message: string }[] }).issues;
      expect(issues).toEqual([
        {
          path: ['frames', String(ALE_BUDGET_2027.frames.length - 1), field],
          message: expect.stringMatching(message),
        },
      ]);
    }
  });

  it('rejects a proposal by the wrong body, incomplete, or outside the budget phase', () => {
    cycle
      .given(untilBudget)
      .when(propose({ decision: kf('2026-10-27') }))
      .thenThrows('WRONG_DECISION_BODY');
    const err = cycle
      .given(untilBudget)
      .when(propose({ frames: ALE_BUDGET_2027.frames.filter((f) => f.organId !== ALE_ORGAN.sn) }))
      .thenThrows('FRAMES_INCOMPLETE');
    expect(err.details).toEqual({ organIds: [ALE_ORGAN.sn] });
    cycle
      .given(untilBudget)
      .when(propose({ frames: [...ALE_BUDGET_2027.frames, { organId: ALE_ORGAN.kf, amountOre: 1 }] }))
      .thenThrows('NOT_FOUND', 'budget.frames-for-organs');
    cycle
      .given(untilBudget)
      .when(propose({ frames: [{ organId: ALE_ORGAN.bun, amountOre: 100.5 }] }))
      .thenThrows('INVALID_COMMAND');
    cycle.given(started).when(propose()).thenThrows('INVALID_STATE', 'cycle.phase-open');
  });

  it('rejects negative and unsafe amounts, and a plan not starting with the budget year', () => {
    const withFrame = (amountSek: number) => propose({ frames: [{ organId: ALE_ORGAN.bun, amountSek }] });
    cycle.given(untilBudget).when(withFrame(-1)).thenThrows('INVALID_COMMAND');
    cycle
      .given(untilBudget)
      .when(withFrame(2 ** 60))
      .thenThrows('INVALID_COMMAND');
    const shifted = ALE_BUDGET_2027.plan.map((p) => ({ ...p, year: p.year + 1 }));
    cycle
      .given(untilBudget)
      .when(propose({ plan: shifted }))
      .thenThrows('PLAN_YEARS_INVALID', 'budget.three-year-plan');
    cycle
      .given(untilBudget)
      .when(propose({ plan: ALE_BUDGET_2027.plan.slice(0, 2) }))
      .thenThrows('INVALID_COMMAND');
  });

  it('KF adopts after the proposal, after the new council takes office', () => {
    const { events } = cycle.given(proposed).when(adopt()).thenAccepted();
    expect(events).toMatchObject([
      { type: 'BudgetAdopted', data: { decision: { body: 'KF', date: '2026-11-23' } } },
    ]);
    cycle.given(untilBudget).when(adopt()).thenThrows('INVALID_STATE', 'budget.proposal-first');
    cycle
      .given(proposed)
      .when(adopt({ decision: ks('2026-11-23') }))
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given(adopted)
      .when(adopt({ decision: kf('2026-11-20') }))
      .thenThrows('ALREADY_EXISTS');
    cycle
      .given(adopted)
      .when(propose({ decision: ks('2026-10-20') }))
      .thenThrows('ALREADY_EXISTS');
  });

  it('in an election year rejects adoption before 15 October by the outgoing council', () => {
    const early = decideAll(cycleDecider, [propose({ decision: ks('2026-09-01') })], untilBudget);
    cycle
      .given(early)
      .when(adopt({ decision: kf('2026-10-14') }))
      .thenThrows('TOO_EARLY', 'budget.election-year-new-council');
  });

  it('records each nämnd adopting its plan after the budget, by its own decision, once', () => {
    const plan = (organId: string, body: string) => ({
      type: 'RecordPlanAdoption',
      ...meta,
      organId,
      decision: decision(organId, body, '2026-12-10', 'Verksamhetsplan 2027'),
    });
    const { events } = cycle.given(adopted).when(plan(ALE_ORGAN.bun, 'BUN')).thenAccepted();
    expect(events).toMatchObject([
      { type: 'OrganPlanAdopted', data: { organId: ALE_ORGAN.bun, taskId: null } },
    ]);
    cycle
      .given(proposed)
      .when(plan(ALE_ORGAN.bun, 'BUN'))
      .thenThrows('INVALID_STATE', 'budget.plan-after-adoption');
    cycle
      .given(adopted)
      .when({ ...plan(ALE_ORGAN.bun, 'BUN'), decision: decision(ALE_ORGAN.sn, 'SN', '2026-12-10') })
      .thenThrows('WRONG_DECISION_BODY');
    cycle
      .given([...adopted, ...events])
      .when(plan(ALE_ORGAN.bun, 'BUN'))
      .thenThrows('ALREADY_EXISTS', 'budget.plan-once');
  });
  it('records a late proposal with its deviations (planned date, legal limit, days late), never refuses it', () => {
    const late = cycle
      .given(untilBudget)
      .when(propose({ decision: ks('2026-10-28') }))
      .thenAccepted();
    expect(late.events).toMatchObject([
      {
        type: 'BudgetProposed',
        data: {
          deviations: [
            {
              rule: 'budget.ks-proposal-by-october',
              limit: 'planned',
              deadline: '2026-10-27',
              decidedOn: '2026-10-28',
              daysLate: 1,
            },
          ],
        },
      },
    ]);
    const november = cycle
      .given(untilBudget)
      .when(propose({ decision: ks('2026-11-03') }))
      .thenAccepted();
    const deviations =
      november.events[0]?.type === 'BudgetProposed' ? november.events[0].data.deviations : [];
    expect(deviations.map((d) => [d.limit, d.deadline, d.daysLate])).toEqual([
      ['planned', '2026-10-27', 7],
      ['legal', '2026-10-31', 3],
    ]);
    const onTime = cycle.given(untilBudget).when(propose()).thenAccepted();
    expect(onTime.events[0]?.type === 'BudgetProposed' && onTime.events[0].data.deviations).toEqual([]);
  });

  it('records a budget adopted after the calendar date and after 30 November with both deviations', () => {
    const { events } = cycle
      .given(proposed)
      .when(adopt({ decision: kf('2026-12-02') }))
      .thenAccepted();
    const deviations = events[0]?.type === 'BudgetAdopted' ? events[0].data.deviations : [];
    expect(deviations).toEqual([
      {
        rule: 'budget.kf-adoption-deadline',
        limit: 'planned',
        deadline: '2026-11-23',
        decidedOn: '2026-12-02',
        daysLate: 9,
      },
      {
        rule: 'budget.kf-adoption-deadline',
        limit: 'legal',
        deadline: '2026-11-30',
        decidedOn: '2026-12-02',
        daysLate: 2,
      },
    ]);
  });
});

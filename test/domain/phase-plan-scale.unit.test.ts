import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/decider';
import type { CycleData } from '../../domain/cycle/index';
import { phasePlan, plannedTasks } from '../../domain/cycle/phase-plan';
import { handle } from '../../domain/decider';
import { ALE_CALENDAR_2027, ALE_ORGAN, ALE_ORGANS } from '../../domain/examples/ale';
import { dueDateLimit } from '../../domain/task/limits';

/** Ale's organs and as many nämnder more: a large municipality's organisation. */
function cycleWithOrgans(count: number): CycleData {
  const organs = [
    ...ALE_ORGANS.map(({ organId, kind, name, shortName }) => ({ organId, kind, name, shortName })),
    ...Array.from({ length: count - ALE_ORGANS.length }, (_, n) => ({
      organId: `namnd-${n}`,
      kind: 'committee' as const,
      name: `Nämnd ${n}`,
      shortName: `N${n}`,
    })),
  ];
  const { state } = handle(cycleDecider, cycleDecider.initialState(), {
    type: 'StartCycle',
    at: '2026-01-12T08:00:00.000Z',
    actor: 'karin.holm@ale.se',
    municipalityId: 'stor',
    budgetYear: 2027,
    calendar: ALE_CALENDAR_2027,
    organs,
  });
  if (state.status === 'not_started') throw new Error('cycle not started');
  return state;
}

/**
 * Workflows ask for plans in their queries and in conditions they re-check after every event, so a
 * plan's cost grows with the organs it covers: for 100 organs it once took seconds (the legal limit
 * worked out per organ), and the cycle's workflow task overran the worker's 5 s limit on every retry.
 */
describe('phasePlan for a municipality with hundreds of organs', () => {
  const cycle = cycleWithOrgans(300);

  it('gives every organ its tasks, with the legal limit of their kind and the dialogues numbered in order', () => {
    const planned = plannedTasks(cycle);
    const nulagesanalys = planned.find((p) => p.phase === 'nulagesanalys')?.tasks ?? [];
    expect(nulagesanalys).toHaveLength(299); // every organ but KF
    const tasks = planned.flatMap((p) => p.tasks);
    const kinds = [...new Set(tasks.map((t) => t.kind))];
    const limits = new Map(kinds.map((k) => [k, dueDateLimit(k, ALE_CALENDAR_2027)]));
    expect(tasks.filter((t) => t.legalLimit !== limits.get(t.kind))).toEqual([]);
    const dialogues = planned.find((p) => p.phase === 'tillitsdialog')?.tasks ?? [];
    expect(dialogues).toHaveLength(298); // KS with every other organ
    const numbers = dialogues.map((t) => Number(t.taskId.split('.').at(-1)));
    expect(new Set(numbers).size).toBe(dialogues.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(dialogues.every((t) => t.organId === ALE_ORGAN.ks)).toBe(true);
  });

  it('works out the whole plan of 300 organs in well under a second', () => {
    plannedTasks(cycle); // warm
    const start = performance.now();
    plannedTasks(cycle);
    for (let i = 0; i < 10; i++) phasePlan('nulagesanalys', cycle);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

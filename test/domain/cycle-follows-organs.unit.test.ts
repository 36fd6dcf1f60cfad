import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/index';
import { plannedTaskIdsOf } from '../../domain/cycle/organ-changes';
import { phasePlan } from '../../domain/cycle/phase-plan';
import { ALE_ORGAN, ALE_ORGANS } from '../../domain/examples/ale';
import { cycle, cycleData, meta, started, untilBudget } from './cycle-fixtures';

const vn = { organId: 'ale-vn', kind: 'committee' as const, name: 'Valnämnden', shortName: 'VN' };
const follow = (organs: unknown[], removed: unknown[] = []) => ({
  type: 'FollowOrganisation',
  ...meta,
  organs,
  removed,
});
const by = { at: meta.at, by: meta.actor };
const withoutKfn = ALE_ORGANS.filter((o) => o.organId !== ALE_ORGAN.kfn);
const removal = { organId: ALE_ORGAN.kfn, reason: 'KF 2026-06-15 § 80: nämnden upphör' };
const dialogueIds = (events: typeof started) =>
  phasePlan('tillitsdialog', cycleData(events)).flatMap((s) =>
    s.kind === 'tasks' ? s.tasks.map((t) => `${t.title}=${t.taskId}`) : [],
  );

describe('a running cycle follows its organisation (rule organ.change-during-cycle)', () => {
  it('given Ale’s cycle, when the organisation is unchanged, then nothing is recorded', () => {
    expect(
      cycleDecider.decide(cycleDecider.commandSchema.parse(follow([...ALE_ORGANS])), cycleData(started)),
    ).toEqual([]);
  });

  it('given Ale’s cycle, when Valnämnden is added, then CycleOrganAdded and the later phases plan its tasks', () => {
    const state = cycle
      .given(started)
      .when(follow([...ALE_ORGANS, vn]))
      .thenEmits([{ type: 'CycleOrganAdded', schemaVersion: 1, data: { ...by, organ: vn } }]);
    expect(state.status !== 'not_started' && plannedTaskIdsOf(state, vn.organId)).toContain(
      'ale.2027.nulagesanalys.ale-vn',
    );
  });

  it('given Ale’s cycle, when BUN is renamed, then CycleOrganRenamed keeps its id and its task ids', () => {
    const renamed = ALE_ORGANS.map((o) =>
      o.organId === ALE_ORGAN.bun ? { ...o, name: 'Utbildningsnämnden', shortName: 'UN' } : o,
    );
    const state = cycle
      .given(started)
      .when(follow(renamed))
      .thenEmits([
        {
          type: 'CycleOrganRenamed',
          schemaVersion: 1,
          data: { ...by, organId: ALE_ORGAN.bun, name: 'Utbildningsnämnden', shortName: 'UN' },
        },
      ]);
    expect(state.status !== 'not_started' && state.organs[ALE_ORGAN.bun]?.name).toBe('Utbildningsnämnden');
    expect(state.status !== 'not_started' && plannedTaskIdsOf(state, ALE_ORGAN.bun)).toEqual(
      plannedTaskIdsOf(cycleData(started), ALE_ORGAN.bun),
    );
  });

  it('given Ale’s cycle, when KFN is removed, then CycleOrganRemoved, no more tasks for it, the other dialogues keep their ids', () => {
    const { events } = cycle
      .given(untilBudget)
      .when(follow(withoutKfn, [removal]))
      .thenAccepted();
    expect(events).toEqual([{ type: 'CycleOrganRemoved', schemaVersion: 1, data: { ...by, ...removal } }]);
    const after = [...untilBudget, ...events];
    expect(plannedTaskIdsOf(cycleData(after), ALE_ORGAN.kfn)).toEqual([]);
    const kept = dialogueIds(untilBudget).filter((d) => !d.includes('Kultur'));
    expect(dialogueIds(after)).toEqual(kept);
    expect(kept.length).toBe(dialogueIds(untilBudget).length - 1);
    // The removal is recorded once: following the same organisation again changes nothing.
    expect(
      cycleDecider.decide(cycleDecider.commandSchema.parse(follow(withoutKfn, [removal])), cycleData(after)),
    ).toEqual([]);
  });

  it('never removes KF or KS from a cycle, and does not take back a removed organ', () => {
    const ks = { organId: ALE_ORGAN.ks, reason: 'x' };
    expect(
      cycleDecider.decide(
        cycleDecider.commandSchema.parse(follow([...ALE_ORGANS], [ks])),
        cycleData(started),
      ),
    ).toEqual([]);
    const { events } = cycle
      .given(started)
      .when(follow(withoutKfn, [removal]))
      .thenAccepted();
    const kfn = ALE_ORGANS.find((o) => o.organId === ALE_ORGAN.kfn);
    expect(
      cycleDecider.decide(
        cycleDecider.commandSchema.parse(follow([...withoutKfn, kfn])),
        cycleData([...started, ...events]),
      ),
    ).toEqual([]);
  });
});

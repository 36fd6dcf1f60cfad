import { describe, expect, it } from 'vitest';
import {
  cancellationsForRemovedOrgan,
  renamedInCycle,
  tasksForAddedOrgan,
} from '../../domain/cycle/organ-changes';
import { replay } from '../../domain/decider';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { taskDecider } from '../../domain/task/index';
import type { AssignedTask } from '../../domain/task/state';
import { cycleData, started, untilBudget } from './cycle-fixtures';
import { ale, by, meta, municipality } from './municipality-fixtures';
import { assigned } from './task-fixtures';

const newOrgan = { organId: 'ale-vn', kind: 'committee' as const, name: 'Valnämnden', shortName: 'VN' };

describe('organs renamed and removed (rule organ.change-during-cycle)', () => {
  it('given Ale, when BUN is renamed, then OrganRenamed v1 keeps the id and the state shows the new name', () => {
    const state = municipality
      .given(ale)
      .when({
        type: 'RenameOrgan',
        ...meta,
        organId: ALE_ORGAN.bun,
        name: 'Utbildningsnämnden',
        shortName: 'UN',
      })
      .thenEmits([
        {
          type: 'OrganRenamed',
          schemaVersion: 1,
          data: { ...by, organId: ALE_ORGAN.bun, name: 'Utbildningsnämnden', shortName: 'UN' },
        },
      ]);
    expect(state.status === 'registered' && state.organs[ALE_ORGAN.bun]).toMatchObject({
      name: 'Utbildningsnämnden',
      shortName: 'UN',
    });
  });
  it('refuses to rename an unknown organ or to the same name', () => {
    municipality
      .given(ale)
      .when({ type: 'RenameOrgan', ...meta, organId: 'ale-x', name: 'X', shortName: 'X' })
      .thenThrows('NOT_FOUND', 'organ.change-during-cycle');
    municipality
      .given(ale)
      .when({
        type: 'RenameOrgan',
        ...meta,
        organId: ALE_ORGAN.bun,
        name: 'Barn- och utbildningsnämnden',
        shortName: 'BUN',
      })
      .thenThrows('INVALID_STATE', 'organ.change-during-cycle');
  });
  it('given Ale, when a nämnd is removed, then OrganRemoved v1; the id is not reused; KF and KS stay', () => {
    const remove = {
      type: 'RemoveOrgan',
      ...meta,
      organId: ALE_ORGAN.kfn,
      reason: 'KF 2026-06-15 § 80: nämnden upphör',
    };
    const { events, state } = municipality.given(ale).when(remove).thenAccepted();
    expect(events).toEqual([
      {
        type: 'OrganRemoved',
        schemaVersion: 1,
        data: { ...by, organId: ALE_ORGAN.kfn, reason: remove.reason },
      },
    ]);
    expect(state.status === 'registered' && state.organs[ALE_ORGAN.kfn]).toBeUndefined();
    expect(state.status === 'registered' && state.removedOrgans[ALE_ORGAN.kfn]?.shortName).toBe('KFN');
    municipality
      .given([...ale, ...events])
      .when({
        type: 'AddOrgan',
        ...meta,
        organId: ALE_ORGAN.kfn,
        kind: 'committee',
        name: 'Ny',
        shortName: 'N',
      })
      .thenThrows('ALREADY_EXISTS', 'organisation.organ-unique');
    const ks = municipality
      .given(ale)
      .when({ ...remove, organId: ALE_ORGAN.ks })
      .thenThrows('INVALID_ORGAN_KIND', 'organ.change-during-cycle');
    expect(ks.message).toContain('(organId)');
    municipality
      .given(ale)
      .when({ ...remove, organId: ALE_ORGAN.kf })
      .thenThrows('INVALID_ORGAN_KIND');
  });
});

describe('a running cycle follows its organs', () => {
  const task = (id: string, organId: string, extra: unknown[] = []) => {
    const base = assigned('nulagesanalys', 'nulagesanalys', id);
    const event = { ...base, data: { ...base.data, organId } } as typeof base;
    return replay(taskDecider, [event, ...(extra as (typeof base)[])]) as AssignedTask;
  };
  it('cancels the removed organ’s open tasks only (rule task.cancel)', () => {
    const open = task('t-kfn', ALE_ORGAN.kfn);
    const other = task('t-bun', ALE_ORGAN.bun);
    const removal = { reason: 'Nämnden upphör', at: meta.at, by: meta.actor };
    expect(cancellationsForRemovedOrgan([open, other], ALE_ORGAN.kfn, removal)).toEqual([
      {
        type: 'CancelTask',
        taskId: 't-kfn',
        at: meta.at,
        actor: meta.actor,
        reason: 'Organet har tagits bort: Nämnden upphör',
      },
    ]);
    const cancelled = { ...open, status: 'cancelled' as const };
    expect(cancellationsForRemovedOrgan([cancelled], ALE_ORGAN.kfn, removal)).toEqual([]);
  });
  it('gives an organ added during the cycle the tasks of phases not yet opened', () => {
    const fresh = tasksForAddedOrgan(cycleData(started), newOrgan);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((t) => t.organId === 'ale-vn')).toBe(true);
    const later = tasksForAddedOrgan(cycleData(untilBudget), newOrgan);
    const phasesOf = (ts: typeof fresh) => [...new Set(ts.map((t) => t.taskId.split('.')[2]))];
    expect(phasesOf(later)).not.toContain('nulagesanalys');
    expect(later.length).toBeLessThan(fresh.length);
    expect(tasksForAddedOrgan(cycleData(started), { ...newOrgan, kind: 'council' })).toEqual([]);
  });
  it('shows a renamed organ’s new name in the cycle, the same id', () => {
    const renamed = renamedInCycle(cycleData(started), ALE_ORGAN.bun, 'Utbildningsnämnden', 'UN');
    expect(renamed.organs[ALE_ORGAN.bun]).toMatchObject({
      organId: ALE_ORGAN.bun,
      name: 'Utbildningsnämnden',
    });
  });
});

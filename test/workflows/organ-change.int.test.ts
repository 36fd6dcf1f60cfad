import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCycle, loadTask } from '../../application/aggregates';
import { WorkflowService } from '../../application/workflow-service';
import { defaultCalendar } from '../../domain/calendar/defaults';
import type { CycleOrgan } from '../../domain/cycle/events';
import { cycleStream } from '../../domain/streams';
import type { TaskState } from '../../domain/task/state';
import { organisationCommands } from '../support/organisation';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const M = 'kungalv';
const OWNER = 'processagare@kungalv.se';
const ORGANS: CycleOrgan[] = [
  { organId: 'kungalv-kf', kind: 'council', name: 'Kommunfullmäktige', shortName: 'KF' },
  { organId: 'kungalv-ks', kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
  { organId: 'kungalv-sn', kind: 'committee', name: 'Socialnämnden', shortName: 'SN' },
  { organId: 'kungalv-bun', kind: 'committee', name: 'Barn- och utbildningsnämnden', shortName: 'BUN' },
];
const analysisOf = (organId: string) => `${M}.2027.nulagesanalys.${organId}`;
const meta = { at: '2026-03-02T08:00:00.000Z', actor: OWNER };

/** Polls the store until `ready` holds (the cycle follows a signal asynchronously). */
async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ready(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

describe('a running cycle follows organs removed, added and renamed (rule organ.change-during-cycle)', () => {
  let h: WorkflowHarness;
  let workflows: WorkflowService;
  beforeAll(async () => {
    h = await createWorkflowHarness('organ_change');
    workflows = new WorkflowService({
      client: h.env.client,
      store: h.store,
      taskQueue: h.taskQueue,
      time: h.time,
    });
    await h.runMunicipalityCommands(
      M,
      organisationCommands({
        municipalityId: M,
        name: 'Kungälvs kommun',
        organs: ORGANS,
        processOwner: OWNER,
        secretaryOf: (o) => `sekreterare@${o.organId}.se`,
      }),
    );
    await h.startWorker();
  });
  afterAll(() => h?.teardown());

  it('cancels the removed organ’s open task, gives the added organ the running phase’s task, shows the new name', async () => {
    const cycle = h.port(M, 2027);
    await cycle.startCycle({
      municipalityId: M,
      budgetYear: 2027,
      calendar: defaultCalendar(2027),
      organs: ORGANS,
      startedBy: OWNER,
      clock: { startAt: '2026-01-12T08:00:00+01:00' },
    });
    await cycle.advanceTo('2026-03-02T09:00:00+01:00'); // the nulägesanalys phase runs
    const task = (id: string) => loadTask(h.store, id).then((t) => t.state);
    expect((await task(analysisOf('kungalv-bun'))).status).toBe('open');

    await h.runMunicipalityCommands(M, [
      { type: 'RemoveOrgan', ...meta, organId: 'kungalv-bun', reason: 'KF 2026-02-23 § 14: nämnden upphör' },
      {
        type: 'AddOrgan',
        ...meta,
        organId: 'kungalv-vn',
        kind: 'committee',
        name: 'Valnämnden',
        shortName: 'VN',
      },
      { type: 'AssignSecretary', ...meta, organId: 'kungalv-vn', userId: 'sekreterare@kungalv-vn.se' },
      {
        type: 'RenameOrgan',
        ...meta,
        organId: 'kungalv-sn',
        name: 'Social- och omsorgsnämnden',
        shortName: 'SON',
      },
    ]);
    expect(await workflows.organisationChanged(M, [2026, 2027])).toEqual([2027]);

    const finished = (t: TaskState) => t.status === 'cancelled';
    const removed = await eventually(() => task(analysisOf('kungalv-bun')), finished);
    expect(removed).toMatchObject({ status: 'cancelled' });
    const cancelled = (await h.store.readStream(`task-${analysisOf('kungalv-bun')}`)).find(
      (e) => e.type === 'TaskCancelled',
    );
    expect(cancelled?.data).toMatchObject({
      reason: 'Organet har tagits bort: KF 2026-02-23 § 14: nämnden upphör',
      by: OWNER,
    });

    const added = await eventually(
      () => task(analysisOf('kungalv-vn')),
      (t) => t.status !== 'unassigned',
    );
    expect(added).toMatchObject({ status: 'open', organId: 'kungalv-vn', phase: 'nulagesanalys' });

    const { state } = await loadCycle(h.store, M, 2027);
    expect(state.status === 'running' && state.organs['kungalv-sn']).toMatchObject({
      organId: 'kungalv-sn',
      name: 'Social- och omsorgsnämnden',
      shortName: 'SON',
    });
    expect(state.status === 'running' && Object.keys(state.organs)).not.toContain('kungalv-bun');
    const types = (await h.store.readStream(cycleStream(M, 2027))).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('CycleOrgan')).sort()).toEqual([
      'CycleOrganAdded',
      'CycleOrganRemoved',
      'CycleOrganRenamed',
    ]);
    // The renamed organ keeps its task (same id); its secretary still submits it.
    expect((await task(analysisOf('kungalv-sn'))).status).toBe('open');

    // A second signal with nothing new records nothing more.
    await workflows.organisationChanged(M, [2027]);
    await cycle.advanceTo('2026-03-03T09:00:00+01:00');
    const again = (await h.store.readStream(cycleStream(M, 2027))).filter((e) =>
      e.type.startsWith('CycleOrgan'),
    );
    expect(again).toHaveLength(3);
  });
});

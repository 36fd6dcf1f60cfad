import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/defaults';
import type { CycleOrgan } from '../../domain/cycle/events';
import {
  ALE_NULAGESANALYS_BUN,
  ALE_ORGAN,
  ALE_USERS,
  aleMunicipalityCommands,
} from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import { aleCycleInput } from '../../scenario/ale-scenario';
import type { AnnualCycleInput } from '../../workflows/annual-cycle';
import { domainTimeAt } from '../../workflows/clock';
import { organisationCommands } from '../support/organisation';
import { createWorkflowHarness, streamTypes, type WorkflowHarness } from '../support/workflow-env';

const LERUM_OWNER = 'processagare@lerum.se';
const LERUM_ORGANS: CycleOrgan[] = [
  { organId: 'lerum-kf', kind: 'council', name: 'Kommunfullmäktige', shortName: 'KF' },
  { organId: 'lerum-ks', kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
  { organId: 'lerum-bun', kind: 'committee', name: 'Barn- och ungdomsnämnden', shortName: 'BUN' },
  { organId: 'lerum-vatten', kind: 'company', name: 'Lerum Vatten AB', shortName: 'LVAB' },
];

const lerumSecretary = (o: CycleOrgan) => `sekreterare.${o.shortName.toLowerCase()}@lerum.se`;

function lerumCycleInput(): AnnualCycleInput {
  return {
    municipalityId: 'lerum',
    budgetYear: 2027,
    calendar: defaultCalendar(2027),
    organs: LERUM_ORGANS,
    startedBy: LERUM_OWNER,
    clock: { startAt: '2026-01-12T08:00:00+01:00' },
  };
}

describe('overlapping cycles (N and N+1) and several municipalities at once', () => {
  let h: WorkflowHarness;

  beforeAll(async () => {
    h = await createWorkflowHarness('overlap');
    // Ale's council goals and external factors of a mandate period that covers both 2027 and 2028.
    await h.runMunicipalityCommands(
      'ale',
      aleMunicipalityCommands().map((c) =>
        c.type === 'AdoptCouncilGoal' || c.type === 'AdoptExternalFactor'
          ? { ...c, fromYear: 2025, toYear: 2028 }
          : c,
      ),
    );
    await h.runMunicipalityCommands(
      'lerum',
      organisationCommands({
        municipalityId: 'lerum',
        name: 'Lerums kommun',
        organs: LERUM_ORGANS,
        processOwner: LERUM_OWNER,
        secretaryOf: lerumSecretary,
      }),
    );
    await h.startWorker();
  });
  afterAll(() => h?.teardown());

  it('keeps every cycle to its own tasks, streams and people', async () => {
    const ale2027 = h.port('ale', 2027);
    const ale2028 = h.port('ale', 2028);
    const lerum2027 = h.port('lerum', 2027);

    await ale2027.startCycle(aleCycleInput());
    await lerum2027.startCycle(lerumCycleInput());

    // A year on (domain time), cycle 2027 is in its budget phase when cycle 2028 starts.
    await ale2027.advanceTo('2027-01-11T09:00:00+01:00');
    const { clock } = await ale2027.cycleView();
    const domainNow = domainTimeAt(clock, await h.env.currentTimeMs());
    await ale2028.startCycle({
      ...aleCycleInput(),
      budgetYear: 2028,
      calendar: defaultCalendar(2028),
      clock: { startAt: new Date(domainNow).toISOString() },
    });
    await ale2028.advanceTo('2027-03-01T09:00:00+01:00');

    const [a27, a28, l27] = await Promise.all([
      ale2027.cycleView(),
      ale2028.cycleView(),
      lerum2027.cycleView(),
    ]);
    const phasesOf = (v: typeof a27) => (v.cycle.status === 'not_started' ? {} : v.cycle.phases);
    expect(phasesOf(a27)).toMatchObject({ budget: 'open', delarsbokslut: 'pending' });
    expect(phasesOf(a28)).toMatchObject({
      omvarldsdag: 'open',
      nulagesanalys: 'open',
      tillitsdialog: 'pending',
    });
    expect(phasesOf(l27)).toMatchObject({ budget: 'open' });

    // The two Ale cycles give the same organ different tasks; Lerum's tasks are Lerum's.
    const nulTask = (v: typeof a27, organId: string) =>
      v.plannedTasks.find((p) => p.phase === 'nulagesanalys')?.tasks.find((t) => t.organId === organId)
        ?.taskId as string;
    const bun2027 = nulTask(a27, ALE_ORGAN.bun);
    const bun2028 = nulTask(a28, ALE_ORGAN.bun);
    expect(bun2027).not.toBe(bun2028);
    const lerumTasks = l27.plannedTasks.flatMap((p) => p.tasks);
    expect(lerumTasks.length).toBeGreaterThan(0);
    expect(lerumTasks.every((t) => t.organId.startsWith('lerum-'))).toBe(true);

    // Acting on the 2028 task touches that task only.
    const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
    await ale2028.waitForTask(bun2028);
    const submitted = await ale2028.submitTask(bun2028, secretary, ALE_NULAGESANALYS_BUN);
    expect(submitted.status).toBe('submitted');
    expect((await ale2027.task(bun2027)).status).toBe('open'); // long overdue, never submitted
    expect(await streamTypes(h.store, taskStream(bun2028))).toEqual(['TaskAssigned', 'TaskSubmitted']);
    expect(await streamTypes(h.store, taskStream(bun2027))).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskReminderSent',
      'TaskEscalated',
    ]);

    // A Lerum secretary cannot act on an Ale task, nor an Ale owner on a Lerum cycle.
    await expect(
      ale2027.submitTask(bun2027, 'sekreterare.bun@lerum.se', ALE_NULAGESANALYS_BUN),
    ).rejects.toMatchObject({
      code: 'NOT_SECRETARY_OF_ORGAN',
    });
    await expect(
      lerum2027.cycleCommand(ALE_USERS.processOwner, {
        type: 'ChangeCalendarDate',
        milestone: 'bokslut.discharge',
        date: '2028-06-01',
        reason: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'NOT_PROCESS_OWNER',
    });

    // Escalations went to each municipality's own process owner, with their own correlation.
    const escalations = h.notifier.sent.filter((n) => n.kind === 'escalation');
    expect(
      escalations.some((n) => n.correlationId === cycleStream('lerum', 2027) && n.to.includes(LERUM_OWNER)),
    ).toBe(true);
    expect(
      escalations.every((n) => n.correlationId.startsWith('cycle-lerum') === n.to.includes(LERUM_OWNER)),
    ).toBe(true);

    // Each cycle wrote its own stream.
    for (const [m, y] of [
      ['ale', 2027],
      ['ale', 2028],
      ['lerum', 2027],
    ] as const) {
      const events = await h.store.readStream(cycleStream(m, y));
      expect(events[0]?.type).toBe('CycleStarted');
      expect(events.every((e) => e.metadata.correlationId === cycleStream(m, y))).toBe(true);
    }
  });
});

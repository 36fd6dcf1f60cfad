import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/defaults';
import type { CycleOrgan } from '../../domain/cycle/events';
import { cycleStream } from '../../domain/streams';
import type { AnnualCycleInput } from '../../workflows/annual-cycle';
import { organisationCommands } from '../support/organisation';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const OWNER = 'processagare@kungalv.se';
const ORGANS: CycleOrgan[] = [
  { organId: 'kungalv-kf', kind: 'council', name: 'Kommunfullmäktige', shortName: 'KF' },
  { organId: 'kungalv-ks', kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
  { organId: 'kungalv-sn', kind: 'committee', name: 'Socialnämnden', shortName: 'SN' },
];

describe('a calendar date moved while its phase runs moves the phase’s deadline with it', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await createWorkflowHarness('calendar_change');
    await h.runMunicipalityCommands(
      'kungalv',
      organisationCommands({
        municipalityId: 'kungalv',
        name: 'Kungälvs kommun',
        organs: ORGANS,
        processOwner: OWNER,
        secretaryOf: (o) => `sekreterare@${o.organId}.se`,
      }),
    );
    await h.startWorker();
  });
  afterAll(() => h?.teardown());

  it('tells the process owner the budget proposal is late on the new date, not the old one', async () => {
    const calendar = defaultCalendar(2027); // KS's proposal by 31 October 2026
    const input: AnnualCycleInput = {
      municipalityId: 'kungalv',
      budgetYear: 2027,
      calendar,
      organs: ORGANS,
      startedBy: OWNER,
      clock: { startAt: '2026-01-12T08:00:00+01:00' },
    };
    const cycle = h.port('kungalv', 2027);
    await cycle.startCycle(input);

    await cycle.advanceTo('2026-07-01T09:00:00+02:00'); // the budget phase is open
    expect((await cycle.cycleView()).runningPhases).toContain('budget');
    await cycle.cycleCommand(OWNER, {
      type: 'ChangeCalendarDate',
      milestone: 'budget.ksProposal',
      date: '2026-09-30',
      reason: 'KS sammanträder tidigare i år',
    });

    const budgetLate = () =>
      h.notifier.sent.filter((n) => n.kind === 'escalation' && n.subject.includes('budgetförslag'));
    await cycle.advanceTo('2026-09-30T20:00:00+02:00');
    expect(budgetLate()).toHaveLength(0);
    await cycle.advanceTo('2026-10-02T09:00:00+02:00');
    expect(budgetLate()).toHaveLength(1);
    expect(budgetLate()[0]?.body).toContain('2026-09-30');
    expect(budgetLate()[0]?.to).toEqual([OWNER]);

    // Past the old date nothing more is said: the reminder went out once, for the date in force.
    await cycle.advanceTo('2026-11-02T09:00:00+01:00');
    expect(budgetLate()).toHaveLength(1);
    const changed = (await h.store.readStream(cycleStream('kungalv', 2027))).filter(
      (e) => e.type === 'CalendarDateChanged',
    );
    expect(changed).toHaveLength(1);
  });
});

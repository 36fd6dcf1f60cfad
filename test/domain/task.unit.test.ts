import { describe, expect, it } from 'vitest';
import {
  ALE_BUDGET_2027,
  ALE_CALENDAR_2027,
  ALE_COUNCIL_GOAL_IDS,
  ALE_EXTERNAL_FACTOR_IDS,
  ALE_NULAGESANALYS_BUN,
  ALE_ORGAN,
  ALE_USERS,
} from '../../domain/examples/ale';
import { dueDateLimit, type TaskEvent, type TaskKind, taskDecider } from '../../domain/task/index';
import { spec } from '../support/decider-spec';

const task = spec(taskDecider);
const taskId = 'ale.2027.nulagesanalys.ale-bun';
const processOwner = ALE_USERS.processOwner;
const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const assignedAt = '2026-02-09T08:00:00.000Z';
const beforeDue = '2026-04-10T12:00:00.000Z';
const afterDue = '2026-04-18T07:00:00.000Z';

function assigned(kind: TaskKind = 'nulagesanalys', phase: string = kind, id = taskId): TaskEvent {
  return {
    type: 'TaskAssigned',
    schemaVersion: 1,
    data: {
      at: assignedAt,
      by: processOwner,
      taskId: id,
      municipalityId: 'ale',
      budgetYear: 2027,
      organId: ALE_ORGAN.bun,
      phase: phase as never,
      kind,
      title: 'Nulägesanalys 2027',
      dueDate: '2026-04-17',
    },
  };
}

const submitCmd = (over: Record<string, unknown> = {}) => ({
  type: 'SubmitTask',
  at: beforeDue,
  actor: secretary,
  taskId,
  content: ALE_NULAGESANALYS_BUN,
  ...over,
});

const submitted = (revision = 1, at = beforeDue, late = false): TaskEvent => ({
  type: 'TaskSubmitted',
  schemaVersion: 2,
  data: {
    at,
    by: secretary,
    taskId,
    organId: ALE_ORGAN.bun,
    revision,
    late,
    submission: { kind: 'nulagesanalys', content: ALE_NULAGESANALYS_BUN },
  },
});

describe('task: assign', () => {
  it('assigns a task of a kind in its phase, once', () => {
    task
      .given([])
      .when({
        type: 'AssignTask',
        at: assignedAt,
        actor: processOwner,
        taskId,
        municipalityId: 'ale',
        budgetYear: 2027,
        organId: ALE_ORGAN.bun,
        phase: 'nulagesanalys',
        kind: 'nulagesanalys',
        title: 'Nulägesanalys 2027',
        dueDate: '2026-04-17',
      })
      .thenEmits([assigned()]);
    task
      .given([assigned()])
      .when({ ...assigned().data, type: 'AssignTask', actor: processOwner })
      .thenThrows('ALREADY_EXISTS');
  });

  it('rejects a kind outside its phase', () => {
    const err = task
      .given([])
      .when({ ...assigned('verksamhetsplan', 'nulagesanalys').data, type: 'AssignTask', actor: processOwner })
      .thenThrows('KIND_NOT_IN_PHASE');
    expect(err.details).toMatchObject({ expectedPhase: 'budget' });
  });

  it('rejects commands on a task that does not exist', () => {
    task
      .given([])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('NOT_FOUND');
  });
});

describe('task: submit', () => {
  it('lets a secretary of the organ submit valid content; records revision and lateness', () => {
    const state = task.given([assigned()]).when(submitCmd()).thenEmits([submitted()]);
    expect(state.status).toBe('submitted');
    task
      .given([assigned()])
      .when(submitCmd({ at: afterDue }))
      .thenEmits([submitted(1, afterDue, true)]);
  });

  it('rejects a nulägesanalys missing one of its three parts', () => {
    const { omvarldsanalys: _dropped, ...twoParts } = ALE_NULAGESANALYS_BUN;
    const err = task
      .given([assigned()])
      .when(submitCmd({ content: twoParts }))
      .thenThrows('INVALID_CONTENT', 'task.content.nulagesanalys');
    expect(err.details.issues).toEqual([expect.objectContaining({ path: ['omvarldsanalys'] })]);
  });

  it('rejects a proposed organ goal not linked to any council goal', () => {
    const content = structuredClone(ALE_NULAGESANALYS_BUN);
    content.nulagesanalys.proposedOrganGoals = [
      { title: 'Mål', description: '', councilGoalIds: [], agenda2030Goals: [] },
    ];
    task.given([assigned()]).when(submitCmd({ content })).thenThrows('INVALID_CONTENT');
  });

  it('rejects an omvärldsfaktor with neither risks nor opportunities', () => {
    const content = structuredClone(ALE_NULAGESANALYS_BUN);
    const [first] = content.omvarldsanalys.factors;
    if (first) Object.assign(first, { risks: [], opportunities: [] });
    task.given([assigned()]).when(submitCmd({ content })).thenThrows('INVALID_CONTENT');
  });

  it('checks references against the steering documents when given', () => {
    const reference = { councilGoalIds: ALE_COUNCIL_GOAL_IDS, externalFactorIds: ALE_EXTERNAL_FACTOR_IDS };
    task.given([assigned()]).when(submitCmd({ reference })).thenEmits([submitted()]);
    task
      .given([assigned()])
      .when(submitCmd({ reference: { ...reference, councilGoalIds: ['rm-trygghet'] } }))
      .thenThrows('UNKNOWN_COUNCIL_GOAL');
    task
      .given([assigned()])
      .when(submitCmd({ reference: { ...reference, externalFactorIds: ['of-demografi'] } }))
      .thenThrows('UNKNOWN_EXTERNAL_FACTOR');
    const err = task
      .given([assigned()])
      .when(
        submitCmd({ reference: { ...reference, externalFactorIds: [...ALE_EXTERNAL_FACTOR_IDS, 'of-ny'] } }),
      )
      .thenThrows('EXTERNAL_FACTOR_NOT_ADDRESSED');
    expect(err.details).toEqual({ externalFactorIds: ['of-ny'] });
  });

  it('cannot be submitted twice without a return', () => {
    task
      .given([assigned(), submitted()])
      .when(submitCmd())
      .thenThrows('INVALID_STATE', 'task.submit-when-open');
  });
});

describe('task: review', () => {
  const returned: TaskEvent = {
    type: 'TaskReturnedForRevision',
    schemaVersion: 1,
    data: {
      at: beforeDue,
      by: processOwner,
      taskId,
      revision: 1,
      reason: 'Omvärldsanalysen behöver utvecklas',
    },
  };

  it('returns a submitted task for revision with a reason, then accepts a resubmission', () => {
    const state = task
      .given([assigned(), submitted()])
      .when({
        type: 'ReturnTask',
        at: beforeDue,
        actor: processOwner,
        taskId,
        reason: 'Omvärldsanalysen behöver utvecklas',
      })
      .thenEmits([returned]);
    expect(state.status === 'returned' && state.returns).toHaveLength(1);
    task
      .given([assigned(), submitted(), returned])
      .when(submitCmd())
      .thenEmits([submitted(2)]);
  });

  it('requires a reason and a submitted task to return', () => {
    task
      .given([assigned(), submitted()])
      .when({ type: 'ReturnTask', at: beforeDue, actor: processOwner, taskId, reason: '  ' })
      .thenThrows('INVALID_COMMAND');
    task
      .given([assigned()])
      .when({ type: 'ReturnTask', at: beforeDue, actor: processOwner, taskId, reason: 'X' })
      .thenThrows('INVALID_STATE', 'task.return-when-submitted');
  });

  it('approves only a submitted task', () => {
    const state = task
      .given([assigned(), submitted(), returned, submitted(2)])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenEmits([
        {
          type: 'TaskApproved',
          schemaVersion: 1,
          data: { at: beforeDue, by: processOwner, taskId, revision: 2 },
        },
      ]);
    expect(state.status).toBe('approved');
    task
      .given([assigned()])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('INVALID_STATE', 'task.approve-when-submitted');
    task
      .given([assigned(), submitted(), returned])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('INVALID_STATE');
  });
});

describe('task: reminders, escalation, due date', () => {
  it('records reminders while open, not after submission', () => {
    task
      .given([assigned()])
      .when({ type: 'RecordReminderSent', at: beforeDue, actor: 'system', taskId })
      .thenEmits([
        {
          type: 'TaskReminderSent',
          schemaVersion: 1,
          data: { at: beforeDue, by: 'system', taskId, dueDate: '2026-04-17' },
        },
      ]);
    task
      .given([assigned(), submitted()])
      .when({ type: 'RecordReminderSent', at: beforeDue, actor: 'system', taskId })
      .thenThrows('INVALID_STATE');
  });

  const escalate = (at: string) => ({
    type: 'EscalateTask',
    at,
    actor: 'system',
    taskId,
    escalateTo: [processOwner],
  });
  const escalated: TaskEvent = {
    type: 'TaskEscalated',
    schemaVersion: 1,
    data: { at: afterDue, by: 'system', taskId, dueDate: '2026-04-17', escalatedTo: [processOwner] },
  };

  it('escalates only after the due date has ended in Stockholm, and not twice', () => {
    task.given([assigned()]).when(escalate(afterDue)).thenEmits([escalated]);
    task
      .given([assigned()])
      .when(escalate('2026-04-17T21:00:00.000Z'))
      .thenThrows('NOT_LATE', 'task.escalate-after-due');
    task.given([assigned(), escalated]).when(escalate(afterDue)).thenThrows('ALREADY_ESCALATED');
    task.given([assigned(), submitted()]).when(escalate(afterDue)).thenThrows('INVALID_STATE');
  });

  const change = (over: Record<string, unknown> = {}) => ({
    type: 'ChangeTaskDueDate',
    at: beforeDue,
    actor: processOwner,
    taskId,
    dueDate: '2026-04-24',
    reason: 'Nämndens sammanträde flyttat',
    legalLimit: '2026-05-31',
    ...over,
  });

  const dueChanged: TaskEvent = {
    type: 'TaskDueDateChanged',
    schemaVersion: 1,
    data: {
      at: beforeDue,
      by: processOwner,
      taskId,
      previousDueDate: '2026-04-17',
      dueDate: '2026-04-24',
      reason: 'Nämndens sammanträde flyttat',
    },
  };

  it('lets the process owner move the due date within the legal limit', () => {
    const state = task.given([assigned(), escalated]).when(change()).thenEmits([dueChanged]);
    expect(state.status !== 'unassigned' && state.dueDate).toBe('2026-04-24');
    // The new due date may be escalated once it has passed, but not before.
    task.given([assigned(), escalated, dueChanged]).when(escalate(afterDue)).thenThrows('NOT_LATE');
    task
      .given([assigned(), escalated, dueChanged])
      .when(escalate('2026-04-25T07:00:00.000Z'))
      .thenEmits([
        {
          type: 'TaskEscalated',
          schemaVersion: 1,
          data: {
            at: '2026-04-25T07:00:00.000Z',
            by: 'system',
            taskId,
            dueDate: '2026-04-24',
            escalatedTo: [processOwner],
          },
        },
      ]);
  });

  it('rejects a due date beyond the legal limit, or on an approved task', () => {
    const err = task
      .given([assigned()])
      .when(change({ dueDate: '2026-06-01' }))
      .thenThrows('DUE_DATE_BEYOND_LEGAL_LIMIT');
    expect(err.details).toEqual({ dueDate: '2026-06-01', legalLimit: '2026-05-31' });
    task
      .given([
        assigned(),
        submitted(),
        {
          type: 'TaskApproved',
          schemaVersion: 1,
          data: { at: beforeDue, by: processOwner, taskId, revision: 1 },
        },
      ])
      .when(change())
      .thenThrows('INVALID_STATE');
  });
});

describe('task content per kind', () => {
  const budgetTaskId = 'ale.2027.budgetproposal.ale-ks';
  const budgetAssigned = assigned('budgetproposal', 'budget', budgetTaskId);
  const budgetSubmit = (content: unknown) => ({ ...submitCmd({ content }), taskId: budgetTaskId });

  it('accepts budget frames and plan in öre', () => {
    const state = task
      .given([budgetAssigned])
      .when(budgetSubmit(ALE_BUDGET_2027))
      .thenEmits([
        {
          type: 'TaskSubmitted',
          schemaVersion: 2,
          data: {
            at: beforeDue,
            by: secretary,
            taskId: budgetTaskId,
            organId: ALE_ORGAN.bun,
            revision: 1,
            late: false,
            submission: { kind: 'budgetproposal', content: ALE_BUDGET_2027 },
          },
        },
      ]);
    expect(state.status).toBe('submitted');
  });

  it('rejects money that is not exact öre, negative frames, and amounts beyond 2^53 öre', () => {
    const fractional = {
      ...ALE_BUDGET_2027,
      frames: [{ organId: ALE_ORGAN.bun, amountOre: 105_430_000_000.5 }],
    };
    const err = task.given([budgetAssigned]).when(budgetSubmit(fractional)).thenThrows('INVALID_CONTENT');
    expect(err.details.issues).toEqual([
      expect.objectContaining({
        path: ['frames', '0', 'amountOre'],
        message: 'Belopp i öre anges som ett heltal',
      }),
    ]);
    const negative = { ...ALE_BUDGET_2027, frames: [{ organId: ALE_ORGAN.bun, amountOre: -1 }] };
    task.given([budgetAssigned]).when(budgetSubmit(negative)).thenThrows('INVALID_CONTENT');
    const unsafe = { ...ALE_BUDGET_2027, frames: [{ organId: ALE_ORGAN.bun, amountOre: 2 ** 60 }] };
    task.given([budgetAssigned]).when(budgetSubmit(unsafe)).thenThrows('INVALID_CONTENT');
  });

  it('stores a frame given in kronor with öre ("1234567.89") as integer öre', () => {
    const kronor = { ...ALE_BUDGET_2027, frames: [{ organId: ALE_ORGAN.bun, amountSek: '1234567.89' }] };
    const { events } = task.given([budgetAssigned]).when(budgetSubmit(kronor)).thenAccepted();
    expect(events[0]).toMatchObject({
      type: 'TaskSubmitted',
      data: { submission: { content: { frames: [{ organId: ALE_ORGAN.bun, amountOre: 123_456_789 }] } } },
    });
  });

  it('requires a three-year plan with the budget year first', () => {
    const shifted = {
      ...ALE_BUDGET_2027,
      plan: ALE_BUDGET_2027.plan.map((p) => ({ ...p, year: p.year + 1 })),
    };
    task
      .given([budgetAssigned])
      .when(budgetSubmit(shifted))
      .thenThrows('PLAN_YEARS_INVALID', 'budget.three-year-plan');
    task
      .given([budgetAssigned])
      .when(budgetSubmit({ ...ALE_BUDGET_2027, plan: ALE_BUDGET_2027.plan.slice(0, 2) }))
      .thenThrows('INVALID_CONTENT');
  });

  const dialogueId = 'ale.2027.tillitsdialog.ale-bun.1';
  const dialogue = {
    kind: 'between_departments',
    date: '2026-05-12',
    participants: [
      { name: 'Sektorchef utbildning', departmentId: 'ale-sektor-utbildning' },
      { name: 'Sektorchef kultur och fritid', departmentId: 'ale-sektor-kultur' },
    ],
    agreements: ['Gemensam lovverksamhet sommaren 2027'],
    proposals: [
      { type: 'new_assignment', description: 'Utred samlokalisering av bibliotek och skola i Nödinge' },
    ],
  };

  it('accepts a tillitsdialog record and requires two departments for one between departments', () => {
    task
      .given([assigned('tillitsdialog', 'tillitsdialog', dialogueId)])
      .when({ ...submitCmd({ content: dialogue }), taskId: dialogueId })
      .thenEmits([
        {
          type: 'TaskSubmitted',
          schemaVersion: 2,
          data: {
            at: beforeDue,
            by: secretary,
            taskId: dialogueId,
            organId: ALE_ORGAN.bun,
            revision: 1,
            late: false,
            submission: {
              kind: 'tillitsdialog',
              content: {
                ...dialogue,
                kind: 'between_departments',
                participants: dialogue.participants.map((p) => ({ ...p, role: '', organId: null })),
                proposals: [
                  { type: 'new_assignment', description: dialogue.proposals[0]?.description as string },
                ],
              },
            },
          },
        },
      ]);
    const oneDepartment = {
      ...dialogue,
      participants: dialogue.participants.map((p) => ({ ...p, departmentId: 'ale-sektor-utbildning' })),
    };
    task
      .given([assigned('tillitsdialog', 'tillitsdialog', dialogueId)])
      .when({ ...submitCmd({ content: oneDepartment }), taskId: dialogueId })
      .thenThrows('INVALID_CONTENT', 'task.content.tillitsdialog');
  });

  it('rejects a verksamhetsplan whose organ goal links to no council goal', () => {
    const id = 'ale.2027.verksamhetsplan.ale-bun';
    const plan = {
      organGoals: [
        {
          goalId: 'bun-2027-1',
          title: 'Fler elever når kunskapskraven',
          councilGoalIds: [],
          indicators: [
            {
              indicatorId: 'ind-1',
              name: 'Meritvärde',
              unit: 'poäng',
              target: 230,
              period: { from: '2027-01-01', to: '2027-12-31' },
            },
          ],
        },
      ],
    };
    task
      .given([assigned('verksamhetsplan', 'budget', id)])
      .when({ ...submitCmd({ content: plan }), taskId: id })
      .thenThrows('INVALID_CONTENT', 'task.content.verksamhetsplan');
    const linked = { organGoals: [{ ...plan.organGoals[0], councilGoalIds: ['rm-livslangt-larande'] }] };
    const { events, state } = task
      .given([assigned('verksamhetsplan', 'budget', id)])
      .when({ ...submitCmd({ content: linked }), taskId: id })
      .thenAccepted();
    expect(events.map((e) => e.type)).toEqual(['TaskSubmitted']);
    expect(state.status !== 'unassigned' && state.submission?.submission.kind).toBe('verksamhetsplan');
  });

  it('validates delårsrapport economy in öre and period in the budget year', () => {
    const id = 'ale.2027.delarsrapport.ale-bun';
    const report = {
      periodEnd: '2027-08-31',
      economy: { budgetOre: 105_430_000_000, outcomeOre: 71_200_000_037, forecastOre: 106_100_000_000 },
      goalFulfilment: [{ goalId: 'rm-livslangt-larande', goalType: 'council', status: 'partly_achieved' }],
    };
    const given = [assigned('delarsrapport', 'delarsbokslut', id)];
    const { state } = task
      .given(given)
      .when({ ...submitCmd({ content: report, at: '2027-09-20T10:00:00Z' }), taskId: id })
      .thenAccepted();
    // Due 2026-04-17 in this fixture, so a September 2027 submission is late.
    expect(state.status !== 'unassigned' && state.submission?.late).toBe(true);
    task
      .given(given)
      .when({
        ...submitCmd({ content: { ...report, economy: { ...report.economy, forecastOre: 1.5e9 + 0.25 } } }),
        taskId: id,
      })
      .thenThrows('INVALID_CONTENT');
    task
      .given(given)
      .when({ ...submitCmd({ content: { ...report, periodEnd: '2026-08-31' } }), taskId: id })
      .thenThrows('INVALID_CONTENT', 'task.content.delarsrapport');
  });

  it('requires goal fulfilment in an årsrapport', () => {
    const id = 'ale.2027.arsrapport.ale-bun';
    task
      .given([assigned('arsrapport', 'bokslut', id)])
      .when({
        ...submitCmd({
          content: {
            economy: { budgetOre: 105_430_000_000, outcomeOre: 104_900_000_000 },
            goalFulfilment: [],
          },
        }),
        taskId: id,
      })
      .thenThrows('INVALID_CONTENT', 'task.content.arsrapport');
  });
});

describe('dueDateLimit', () => {
  it('gives the legal limit per task kind for a calendar', () => {
    expect(dueDateLimit('nulagesanalys', ALE_CALENDAR_2027)).toBe('2026-10-27');
    expect(dueDateLimit('budgetproposal', ALE_CALENDAR_2027)).toBe('2026-10-31');
    expect(dueDateLimit('budgetadoption', ALE_CALENDAR_2027)).toBe('2026-11-30');
    expect(dueDateLimit('delarsrapport', ALE_CALENDAR_2027)).toBe('2027-10-31');
    expect(dueDateLimit('arsrapport', ALE_CALENDAR_2027)).toBe('2028-04-15');
    expect(dueDateLimit('verksamhetsplan', ALE_CALENDAR_2027)).toBeNull();
    const november = {
      ...ALE_CALENDAR_2027,
      budget: {
        ...ALE_CALENDAR_2027.budget,
        ksProposal: '2026-11-10',
        specialReasons: true,
        taxRateProposal: '2026-10-27',
      },
    };
    expect(dueDateLimit('budgetproposal', november)).toBe('2026-11-30');
    expect(dueDateLimit('budgetadoption', november)).toBe('2026-12-31');
  });
});

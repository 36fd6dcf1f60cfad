import { describe, expect, it } from 'vitest';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { assigned, beforeDue, secretary, submitCmd, task } from './task-fixtures';

describe('task content per kind', () => {
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

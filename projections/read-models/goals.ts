import { formatDecisionCitation } from '../../domain';
import type { Projection, Tx } from '../types';
import { municipalityOf } from './keys';

type Fulfilment = { goalId: string; goalType: 'council' | 'organ'; status: string; comment: string };

async function replaceFulfilment(
  tx: Tx,
  taskId: string,
  reportKind: string,
  revision: number,
  items: readonly Fulfilment[],
): Promise<void> {
  await tx.query('delete from rm_goal_fulfilment where task_id = $1', [taskId]);
  await tx.query(
    `insert into rm_goal_fulfilment (task_id, goal_type, goal_id, municipality_id, budget_year, organ_id,
                                     report_kind, revision, status, comment)
     select r.task_id, f.goal_type, f.goal_id, r.municipality_id, r.budget_year, r.organ_id, $2, $3, f.status, f.comment
     from rm_goal_task_refs r
     cross join unnest($4::text[], $5::text[], $6::text[], $7::text[]) as f(goal_type, goal_id, status, comment)
     where r.task_id = $1
     on conflict (task_id, goal_type, goal_id) do update
     set status = excluded.status, comment = excluded.comment`,
    [
      taskId,
      reportKind,
      revision,
      items.map((i) => i.goalType),
      items.map((i) => i.goalId),
      items.map((i) => i.status),
      items.map((i) => i.comment),
    ],
  );
}

/**
 * Council goals -> organ goals -> indicators (target, values) and activities, and goal fulfilment as the
 * organs assessed it in their nulägesanalys, delårsrapport and årsrapport (approved or not yet).
 */
export const goals: Projection = {
  name: 'goals',
  description: 'målkedjan: riktningsmål → nämndmål → indikatorer och aktiviteter, med måluppfyllelse',
  tables: [
    'rm_goal_fulfilment',
    'rm_goal_task_refs',
    'rm_goal_activities',
    'rm_goal_indicator_values',
    'rm_goal_indicators',
    'rm_goal_links',
    'rm_goal_organ',
    'rm_goal_council',
  ],
  eventTypes: [
    'CouncilGoalAdopted',
    'OrganGoalAdopted',
    'IndicatorAdded',
    'IndicatorValueRecorded',
    'ActivityAdded',
    'TaskAssigned',
    'TaskSubmitted',
    'TaskApproved',
  ],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'CouncilGoalAdopted': {
        const d = event.data;
        await tx.query(
          `insert into rm_goal_council (municipality_id, goal_id, title, description, from_year, to_year,
                                        agenda2030_goals, decision_citation)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (municipality_id, goal_id) do update
           set title = excluded.title, description = excluded.description, from_year = excluded.from_year,
               to_year = excluded.to_year, agenda2030_goals = excluded.agenda2030_goals,
               decision_citation = excluded.decision_citation`,
          [
            municipalityOf(streamId),
            d.goalId,
            d.title,
            d.description,
            d.fromYear,
            d.toYear,
            d.agenda2030Goals,
            d.decision ? formatDecisionCitation(d.decision) : null,
          ],
        );
        return;
      }
      case 'OrganGoalAdopted': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        await tx.query(
          `insert into rm_goal_organ (municipality_id, goal_id, organ_id, year, title, description, agenda2030_goals)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (municipality_id, goal_id) do update
           set organ_id = excluded.organ_id, year = excluded.year, title = excluded.title,
               description = excluded.description, agenda2030_goals = excluded.agenda2030_goals`,
          [municipalityId, d.goalId, d.organId, d.year, d.title, d.description, d.agenda2030Goals],
        );
        await tx.query('delete from rm_goal_links where municipality_id = $1 and organ_goal_id = $2', [
          municipalityId,
          d.goalId,
        ]);
        await tx.query(
          `insert into rm_goal_links (municipality_id, organ_goal_id, council_goal_id)
           select $1, $2, unnest($3::text[]) on conflict do nothing`,
          [municipalityId, d.goalId, d.councilGoalIds],
        );
        return;
      }
      case 'IndicatorAdded': {
        const d = event.data;
        await tx.query(
          `insert into rm_goal_indicators (municipality_id, indicator_id, organ_goal_id, name, unit, target,
                                           baseline, period_from, period_to)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           on conflict (municipality_id, indicator_id) do update
           set organ_goal_id = excluded.organ_goal_id, name = excluded.name, unit = excluded.unit,
               target = excluded.target, baseline = excluded.baseline, period_from = excluded.period_from,
               period_to = excluded.period_to`,
          [
            municipalityOf(streamId),
            d.indicatorId,
            d.organGoalId,
            d.name,
            d.unit,
            d.target,
            d.baseline,
            d.period.from,
            d.period.to,
          ],
        );
        return;
      }
      case 'IndicatorValueRecorded': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        await tx.query(
          `insert into rm_goal_indicator_values (municipality_id, indicator_id, measured_on, value)
           values ($1, $2, $3, $4)
           on conflict (municipality_id, indicator_id, measured_on) do update set value = excluded.value`,
          [municipalityId, d.indicatorId, d.measuredOn, d.value],
        );
        await tx.query(
          `update rm_goal_indicators i set (latest_value, latest_measured_on) = (
             select v.value, v.measured_on from rm_goal_indicator_values v
             where v.municipality_id = i.municipality_id and v.indicator_id = i.indicator_id
             order by v.measured_on desc limit 1)
           where i.municipality_id = $1 and i.indicator_id = $2`,
          [municipalityId, d.indicatorId],
        );
        return;
      }
      case 'ActivityAdded': {
        const d = event.data;
        await tx.query(
          `insert into rm_goal_activities (municipality_id, activity_id, organ_goal_id, title, description,
                                           due_date, department_id)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (municipality_id, activity_id) do update
           set organ_goal_id = excluded.organ_goal_id, title = excluded.title, description = excluded.description,
               due_date = excluded.due_date, department_id = excluded.department_id`,
          [
            municipalityOf(streamId),
            d.activityId,
            d.organGoalId,
            d.title,
            d.description,
            d.dueDate,
            d.departmentId,
          ],
        );
        return;
      }
      case 'TaskAssigned': {
        const d = event.data;
        await tx.query(
          `insert into rm_goal_task_refs (task_id, municipality_id, budget_year, organ_id, kind)
           values ($1, $2, $3, $4, $5) on conflict (task_id) do nothing`,
          [d.taskId, d.municipalityId, d.budgetYear, d.organId, d.kind],
        );
        return;
      }
      case 'TaskSubmitted': {
        const { submission, taskId, revision } = event.data;
        if (submission.kind === 'nulagesanalys') {
          const items = submission.content.nulagesanalys.goalFulfilment;
          await replaceFulfilment(tx, taskId, submission.kind, revision, items);
        } else if (submission.kind === 'delarsrapport' || submission.kind === 'arsrapport') {
          await replaceFulfilment(tx, taskId, submission.kind, revision, submission.content.goalFulfilment);
        }
        return;
      }
      case 'TaskApproved':
        await tx.query('update rm_goal_fulfilment set approved = true where task_id = $1', [
          event.data.taskId,
        ]);
        return;
      default:
        return;
    }
  },
};

import { formatDecisionCitation } from '../../domain';
import { type Doc, first, setFirst } from '../fold';
import type { Projection } from '../types';
import { activity, councilGoal, indicator, organGoal, T, taskRefs } from './goal-docs';
import { municipalityOf } from './keys';

type Fulfilment = { goalId: string; goalType: 'council' | 'organ'; status: string; comment: string };

/** The fulfilment a report assessed replaces the task's earlier one; a task never assigned has none. */
function replaceFulfilment(
  doc: Doc,
  reportKind: string,
  revision: number,
  items: readonly Fulfilment[],
): void {
  const ref = first(doc, T.taskRefs);
  const rows = new Map<string, Record<string, unknown>>();
  if (ref) {
    for (const i of items) {
      const id = `${i.goalType}\u0000${i.goalId}`;
      const earlier = rows.get(id);
      // A goal assessed twice in one report: the last assessment counts.
      rows.set(
        id,
        earlier
          ? { ...earlier, status: i.status, comment: i.comment }
          : {
              task_id: ref.task_id,
              goal_type: i.goalType,
              goal_id: i.goalId,
              municipality_id: ref.municipality_id,
              budget_year: ref.budget_year,
              organ_id: ref.organ_id,
              report_kind: reportKind,
              revision,
              status: i.status,
              comment: i.comment,
              approved: false,
            },
      );
    }
  }
  doc[T.fulfilment] = [...rows.values()];
}

/**
 * Council goals -> organ goals -> indicators (target, values) and activities, and goal fulfilment as the
 * organs assessed it in their nulägesanalys, delårsrapport and årsrapport (approved or not yet).
 */
export const goals: Projection = {
  name: 'goals',
  description: 'målkedjan: riktningsmål → nämndmål → indikatorer och aktiviteter, med måluppfyllelse',
  tables: [
    T.fulfilment,
    T.taskRefs,
    T.activities,
    T.indicatorValues,
    T.indicators,
    T.links,
    T.organ,
    T.council,
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
  docs: [councilGoal, organGoal, indicator, activity, taskRefs],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'CouncilGoalAdopted': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        setFirst(docs.get(councilGoal, [municipalityId, d.goalId]), T.council, {
          municipality_id: municipalityId,
          goal_id: d.goalId,
          title: d.title,
          description: d.description,
          from_year: d.fromYear,
          to_year: d.toYear,
          agenda2030_goals: d.agenda2030Goals,
          decision_citation: d.decision ? formatDecisionCitation(d.decision) : null,
        });
        return;
      }
      case 'OrganGoalAdopted': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        const doc = docs.get(organGoal, [municipalityId, d.goalId]);
        setFirst(doc, T.organ, {
          municipality_id: municipalityId,
          goal_id: d.goalId,
          organ_id: d.organId,
          year: d.year,
          title: d.title,
          description: d.description,
          agenda2030_goals: d.agenda2030Goals,
        });
        doc[T.links] = [...new Set(d.councilGoalIds)].map((councilGoalId) => ({
          municipality_id: municipalityId,
          organ_goal_id: d.goalId,
          council_goal_id: councilGoalId,
        }));
        return;
      }
      case 'IndicatorAdded': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        const doc = docs.get(indicator, [municipalityId, d.indicatorId]);
        const before = first(doc, T.indicators);
        setFirst(doc, T.indicators, {
          municipality_id: municipalityId,
          indicator_id: d.indicatorId,
          organ_goal_id: d.organGoalId,
          name: d.name,
          unit: d.unit,
          target: d.target,
          baseline: d.baseline ?? null,
          period_from: d.period.from,
          period_to: d.period.to,
          // The latest value is set when a value is recorded; a re-added indicator keeps it.
          latest_value: before?.latest_value ?? null,
          latest_measured_on: before?.latest_measured_on ?? null,
        });
        return;
      }
      case 'IndicatorValueRecorded': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        const doc = docs.get(indicator, [municipalityId, d.indicatorId]);
        const values = (doc[T.indicatorValues] ?? []).filter((v) => v.measured_on !== d.measuredOn);
        values.push({
          municipality_id: municipalityId,
          indicator_id: d.indicatorId,
          measured_on: d.measuredOn,
          value: d.value,
        });
        doc[T.indicatorValues] = values;
        const row = first(doc, T.indicators);
        if (row) {
          const latest = values.reduce((a, b) => (String(b.measured_on) > String(a.measured_on) ? b : a));
          setFirst(doc, T.indicators, {
            ...row,
            latest_value: latest.value,
            latest_measured_on: latest.measured_on,
          });
        }
        return;
      }
      case 'ActivityAdded': {
        const d = event.data;
        const municipalityId = municipalityOf(streamId);
        setFirst(docs.get(activity, [municipalityId, d.activityId]), T.activities, {
          municipality_id: municipalityId,
          activity_id: d.activityId,
          organ_goal_id: d.organGoalId,
          title: d.title,
          description: d.description,
          due_date: d.dueDate ?? null,
          department_id: d.departmentId ?? null,
        });
        return;
      }
      case 'TaskAssigned': {
        const d = event.data;
        const doc = docs.get(taskRefs, [d.taskId]);
        if (first(doc, T.taskRefs)) return;
        setFirst(doc, T.taskRefs, {
          task_id: d.taskId,
          municipality_id: d.municipalityId,
          budget_year: d.budgetYear,
          organ_id: d.organId,
          kind: d.kind,
        });
        return;
      }
      case 'TaskSubmitted': {
        const { submission, taskId, revision } = event.data;
        if (submission.kind === 'nulagesanalys') {
          const items = submission.content.nulagesanalys.goalFulfilment;
          replaceFulfilment(docs.get(taskRefs, [taskId]), submission.kind, revision, items);
        } else if (submission.kind === 'delarsrapport' || submission.kind === 'arsrapport') {
          const items = submission.content.goalFulfilment;
          replaceFulfilment(docs.get(taskRefs, [taskId]), submission.kind, revision, items);
        }
        return;
      }
      case 'TaskApproved': {
        const doc = docs.get(taskRefs, [event.data.taskId]);
        doc[T.fulfilment] = (doc[T.fulfilment] ?? []).map((r) => ({ ...r, approved: true }));
        return;
      }
      default:
        return;
    }
  },
};

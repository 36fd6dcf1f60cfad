import type { DocKind } from '../fold';

/** The goals model's tables. */
export const T = {
  council: 'rm_goal_council',
  organ: 'rm_goal_organ',
  links: 'rm_goal_links',
  indicators: 'rm_goal_indicators',
  indicatorValues: 'rm_goal_indicator_values',
  activities: 'rm_goal_activities',
  taskRefs: 'rm_goal_task_refs',
  fulfilment: 'rm_goal_fulfilment',
} as const;

const GOAL = ['municipality_id', 'goal_id'];

export const councilGoal: DocKind = {
  name: 'council_goal',
  tables: [
    {
      table: T.council,
      key: GOAL,
      columns: [
        ...GOAL,
        'title',
        'description',
        'from_year',
        'to_year',
        'agenda2030_goals',
        'decision_citation',
      ],
    },
  ],
};

/** An organ goal and the council goals it serves. */
export const organGoal: DocKind = {
  name: 'organ_goal',
  tables: [
    {
      table: T.organ,
      key: GOAL,
      columns: [...GOAL, 'organ_id', 'year', 'title', 'description', 'agenda2030_goals'],
    },
    {
      table: T.links,
      key: ['municipality_id', 'organ_goal_id'],
      columns: ['municipality_id', 'organ_goal_id', 'council_goal_id'],
    },
  ],
};

const INDICATOR = ['municipality_id', 'indicator_id'];

/** An indicator and its measured values. */
export const indicator: DocKind = {
  name: 'indicator',
  tables: [
    {
      table: T.indicators,
      key: INDICATOR,
      columns: [
        ...INDICATOR,
        'organ_goal_id',
        'name',
        'unit',
        'target',
        'baseline',
        'period_from',
        'period_to',
        'latest_value',
        'latest_measured_on',
      ],
    },
    { table: T.indicatorValues, key: INDICATOR, columns: [...INDICATOR, 'measured_on', 'value'] },
  ],
};

export const activity: DocKind = {
  name: 'activity',
  tables: [
    {
      table: T.activities,
      key: ['municipality_id', 'activity_id'],
      columns: [
        'municipality_id',
        'activity_id',
        'organ_goal_id',
        'title',
        'description',
        'due_date',
        'department_id',
      ],
    },
  ],
};

/** Which cycle and organ a task belongs to, and the goal fulfilment its reports assessed. */
export const taskRefs: DocKind = {
  name: 'goal_task',
  tables: [
    {
      table: T.taskRefs,
      key: ['task_id'],
      columns: ['task_id', 'municipality_id', 'budget_year', 'organ_id', 'kind'],
    },
    {
      table: T.fulfilment,
      key: ['task_id'],
      columns: [
        'task_id',
        'goal_type',
        'goal_id',
        'municipality_id',
        'budget_year',
        'organ_id',
        'report_kind',
        'revision',
        'status',
        'comment',
        'approved',
      ],
    },
  ],
};

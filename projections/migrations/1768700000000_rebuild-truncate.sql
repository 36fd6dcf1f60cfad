-- Up Migration

-- A rebuild empties a read model's tables with TRUNCATE in the transaction that fills them again:
-- fresh files and indexes, so its bulk COPY inserts into empty indexes instead of beside a whole
-- model of deleted rows (and leaves no dead rows behind).
GRANT TRUNCATE ON rm_municipalities, rm_organs, rm_cycles, rm_cycle_phases, rm_inbox_tasks,
  rm_inbox_returns, rm_compliance_tasks, rm_goal_council, rm_goal_organ, rm_goal_links,
  rm_goal_indicators, rm_goal_indicator_values, rm_goal_activities, rm_goal_task_refs,
  rm_goal_fulfilment, rm_budget, rm_budget_frames, rm_budget_plan_years, rm_budget_organ_plans,
  rm_dialogues, rm_dialogue_proposals, rm_dialogue_reports, rm_decision_deviations,
  rm_kolada_bindings, rm_kolada_values TO arshjul;

-- Down Migration

REVOKE TRUNCATE ON rm_municipalities, rm_organs, rm_cycles, rm_cycle_phases, rm_inbox_tasks,
  rm_inbox_returns, rm_compliance_tasks, rm_goal_council, rm_goal_organ, rm_goal_links,
  rm_goal_indicators, rm_goal_indicator_values, rm_goal_activities, rm_goal_task_refs,
  rm_goal_fulfilment, rm_budget, rm_budget_frames, rm_budget_plan_years, rm_budget_organ_plans,
  rm_dialogues, rm_dialogue_proposals, rm_dialogue_reports, rm_decision_deviations,
  rm_kolada_bindings, rm_kolada_values FROM arshjul;

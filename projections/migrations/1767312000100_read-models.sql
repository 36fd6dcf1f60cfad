-- Up Migration

-- Read models for reporting, built by projections/ from the event stream. Each projection owns its
-- rm_* tables and one checkpoint row; a table update and its checkpoint commit in one transaction.
-- Every table can be emptied and rebuilt from the event store (arshjul projections rebuild).

CREATE TABLE projection_checkpoints (
  name             text        PRIMARY KEY CHECK (name <> ''),
  -- Last global position applied; events at or below it are duplicates and skipped.
  position         bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
  last_event_id    uuid,
  last_recorded_at timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  rebuilt_at       timestamptz
);

-- organisation: municipalities and their organs (names for every report).
CREATE TABLE rm_municipalities (
  municipality_id text PRIMARY KEY,
  name            text NOT NULL
);
CREATE TABLE rm_organs (
  municipality_id text NOT NULL,
  organ_id        text NOT NULL,
  kind            text NOT NULL,
  name            text NOT NULL,
  short_name      text NOT NULL,
  PRIMARY KEY (municipality_id, organ_id)
);

-- cycle_board: per municipality and budget year, each phase's status and dates.
CREATE TABLE rm_cycles (
  municipality_id text        NOT NULL,
  budget_year     integer     NOT NULL,
  status          text        NOT NULL CHECK (status IN ('running', 'closed')),
  started_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  organ_count     integer     NOT NULL,
  PRIMARY KEY (municipality_id, budget_year)
);
CREATE TABLE rm_cycle_phases (
  municipality_id text        NOT NULL,
  budget_year     integer     NOT NULL,
  phase           text        NOT NULL,
  phase_order     smallint    NOT NULL,
  status          text        NOT NULL CHECK (status IN ('planned', 'open', 'closed')),
  planned_start   date,
  planned_end     date,
  -- The phase's part of the cycle calendar, e.g. {"ksProposal": "2026-10-15", ...}.
  milestones      jsonb       NOT NULL,
  opened_at       timestamptz,
  closed_at       timestamptz,
  PRIMARY KEY (municipality_id, budget_year, phase)
);

-- task_inbox: per organ, its tasks with due dates, status and reasons for return.
CREATE TABLE rm_inbox_tasks (
  task_id          text        PRIMARY KEY,
  municipality_id  text        NOT NULL,
  budget_year      integer     NOT NULL,
  organ_id         text        NOT NULL,
  phase            text        NOT NULL,
  kind             text        NOT NULL,
  title            text        NOT NULL,
  due_date         date        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('assigned', 'submitted', 'returned', 'approved')),
  -- Open = the organ has to act (assigned or returned); submitted waits for review.
  is_open          boolean     GENERATED ALWAYS AS (status IN ('assigned', 'returned')) STORED,
  revision         integer     NOT NULL DEFAULT 0,
  last_submission_late boolean,
  escalated        boolean     NOT NULL DEFAULT false,
  escalated_to     text[]      NOT NULL DEFAULT '{}',
  reminders_sent   integer     NOT NULL DEFAULT 0,
  assigned_at      timestamptz NOT NULL,
  submitted_at     timestamptz,
  approved_at      timestamptz,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX rm_inbox_tasks_organ_idx ON rm_inbox_tasks (municipality_id, organ_id, is_open, due_date);
CREATE TABLE rm_inbox_returns (
  task_id     text        NOT NULL,
  revision    integer     NOT NULL,
  reason      text        NOT NULL,
  returned_by text        NOT NULL,
  returned_at timestamptz NOT NULL,
  PRIMARY KEY (task_id, revision)
);

-- deadline_compliance: one row per task with its outcome; the view aggregates per organ, phase, year.
CREATE TABLE rm_compliance_tasks (
  task_id               text        PRIMARY KEY,
  municipality_id       text        NOT NULL,
  budget_year           integer     NOT NULL,
  organ_id              text        NOT NULL,
  phase                 text        NOT NULL,
  kind                  text        NOT NULL,
  due_date              date        NOT NULL,
  first_submitted_at    timestamptz,
  first_submission_late boolean,
  escalated_at          timestamptz,
  outcome               text GENERATED ALWAYS AS (
    CASE
      WHEN escalated_at IS NOT NULL THEN 'escalated'
      WHEN first_submitted_at IS NULL THEN 'pending'
      WHEN first_submission_late THEN 'late'
      ELSE 'on_time'
    END) STORED
);
CREATE INDEX rm_compliance_tasks_organ_idx ON rm_compliance_tasks (municipality_id, organ_id, budget_year, phase);
CREATE VIEW rm_deadline_compliance AS
  SELECT municipality_id, organ_id, budget_year, phase,
         count(*)::int                                          AS tasks,
         (count(*) FILTER (WHERE outcome = 'on_time'))::int     AS on_time,
         (count(*) FILTER (WHERE outcome = 'late'))::int        AS late,
         (count(*) FILTER (WHERE outcome = 'escalated'))::int   AS escalated,
         (count(*) FILTER (WHERE outcome = 'pending'))::int     AS pending
  FROM rm_compliance_tasks
  GROUP BY municipality_id, organ_id, budget_year, phase;

-- goals: council goal -> organ goals -> indicators (with values) and activities, plus fulfilment
-- as assessed in the organs' reports.
CREATE TABLE rm_goal_council (
  municipality_id   text      NOT NULL,
  goal_id           text      NOT NULL,
  title             text      NOT NULL,
  description       text      NOT NULL,
  from_year         integer   NOT NULL,
  to_year           integer   NOT NULL,
  agenda2030_goals  integer[] NOT NULL,
  decision_citation text,
  PRIMARY KEY (municipality_id, goal_id)
);
CREATE TABLE rm_goal_organ (
  municipality_id  text      NOT NULL,
  goal_id          text      NOT NULL,
  organ_id         text      NOT NULL,
  year             integer   NOT NULL,
  title            text      NOT NULL,
  description      text      NOT NULL,
  agenda2030_goals integer[] NOT NULL,
  PRIMARY KEY (municipality_id, goal_id)
);
CREATE TABLE rm_goal_links (
  municipality_id text NOT NULL,
  organ_goal_id   text NOT NULL,
  council_goal_id text NOT NULL,
  PRIMARY KEY (municipality_id, council_goal_id, organ_goal_id)
);
CREATE TABLE rm_goal_indicators (
  municipality_id    text             NOT NULL,
  indicator_id       text             NOT NULL,
  organ_goal_id      text             NOT NULL,
  name               text             NOT NULL,
  unit               text             NOT NULL,
  target             double precision NOT NULL,
  baseline           double precision,
  period_from        date             NOT NULL,
  period_to          date             NOT NULL,
  latest_value       double precision,
  latest_measured_on date,
  PRIMARY KEY (municipality_id, indicator_id)
);
CREATE TABLE rm_goal_indicator_values (
  municipality_id text             NOT NULL,
  indicator_id    text             NOT NULL,
  measured_on     date             NOT NULL,
  value           double precision NOT NULL,
  PRIMARY KEY (municipality_id, indicator_id, measured_on)
);
CREATE TABLE rm_goal_activities (
  municipality_id text NOT NULL,
  activity_id     text NOT NULL,
  organ_goal_id   text NOT NULL,
  title           text NOT NULL,
  description     text NOT NULL,
  due_date        date,
  department_id   text,
  PRIMARY KEY (municipality_id, activity_id)
);
-- Which cycle and organ a task belongs to (task events after TaskAssigned carry only the task id).
CREATE TABLE rm_goal_task_refs (
  task_id         text    PRIMARY KEY,
  municipality_id text    NOT NULL,
  budget_year     integer NOT NULL,
  organ_id        text    NOT NULL,
  kind            text    NOT NULL
);
CREATE TABLE rm_goal_fulfilment (
  task_id         text    NOT NULL,
  goal_type       text    NOT NULL CHECK (goal_type IN ('council', 'organ')),
  goal_id         text    NOT NULL,
  municipality_id text    NOT NULL,
  budget_year     integer NOT NULL,
  organ_id        text    NOT NULL,
  report_kind     text    NOT NULL,
  revision        integer NOT NULL,
  status          text    NOT NULL,
  comment         text    NOT NULL,
  approved        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (task_id, goal_type, goal_id)
);
CREATE INDEX rm_goal_fulfilment_goal_idx ON rm_goal_fulfilment (municipality_id, goal_type, goal_id, budget_year);

-- budget: frames per organ and year as proposed by KS and adopted by KF, with the three-year plan.
CREATE TABLE rm_budget (
  municipality_id   text    NOT NULL,
  budget_year       integer NOT NULL,
  stage             text    NOT NULL CHECK (stage IN ('proposed', 'adopted')),
  tax_rate_ore      integer,
  total_frames_sek  bigint  NOT NULL,
  decision_citation text    NOT NULL,
  decided_on        date    NOT NULL,
  case_number       text    NOT NULL,
  PRIMARY KEY (municipality_id, budget_year, stage)
);
CREATE TABLE rm_budget_frames (
  municipality_id text    NOT NULL,
  budget_year     integer NOT NULL,
  stage           text    NOT NULL,
  organ_id        text    NOT NULL,
  amount_sek      bigint  NOT NULL,
  PRIMARY KEY (municipality_id, budget_year, stage, organ_id)
);
CREATE TABLE rm_budget_plan_years (
  municipality_id text    NOT NULL,
  budget_year     integer NOT NULL,
  stage           text    NOT NULL,
  plan_year       integer NOT NULL,
  tax_revenue_sek bigint  NOT NULL,
  net_cost_sek    bigint  NOT NULL,
  result_sek      bigint  NOT NULL,
  PRIMARY KEY (municipality_id, budget_year, stage, plan_year)
);
CREATE TABLE rm_budget_organ_plans (
  municipality_id   text    NOT NULL,
  budget_year       integer NOT NULL,
  organ_id          text    NOT NULL,
  decision_citation text    NOT NULL,
  decided_on        date    NOT NULL,
  task_id           text,
  PRIMARY KEY (municipality_id, budget_year, organ_id)
);

-- dialogues: each tillitsdialog's record, and what KS reported to KF.
CREATE TABLE rm_dialogues (
  task_id            text    PRIMARY KEY,
  municipality_id    text    NOT NULL,
  budget_year        integer NOT NULL,
  organ_id           text    NOT NULL,
  title              text    NOT NULL,
  due_date           date    NOT NULL,
  status             text    NOT NULL CHECK (status IN ('assigned', 'submitted', 'returned', 'approved')),
  revision           integer NOT NULL DEFAULT 0,
  dialogue_kind      text,
  held_on            date,
  participants       jsonb   NOT NULL DEFAULT '[]'::jsonb,
  agreements         text[]  NOT NULL DEFAULT '{}',
  reported_to_kf     boolean NOT NULL DEFAULT false,
  kf_report_citation text
);
CREATE INDEX rm_dialogues_cycle_idx ON rm_dialogues (municipality_id, budget_year, organ_id);
CREATE TABLE rm_dialogue_proposals (
  task_id       text    NOT NULL,
  seq           integer NOT NULL,
  proposal_type text    NOT NULL,
  description   text    NOT NULL,
  PRIMARY KEY (task_id, seq)
);
CREATE TABLE rm_dialogue_reports (
  municipality_id  text    NOT NULL,
  budget_year      integer NOT NULL,
  citation         text    NOT NULL,
  decided_on       date    NOT NULL,
  case_number      text    NOT NULL,
  subject          text    NOT NULL,
  dialogue_task_ids text[] NOT NULL,
  PRIMARY KEY (municipality_id, budget_year, citation)
);

REVOKE ALL ON projection_checkpoints, rm_municipalities, rm_organs, rm_cycles, rm_cycle_phases,
  rm_inbox_tasks, rm_inbox_returns, rm_compliance_tasks, rm_deadline_compliance, rm_goal_council,
  rm_goal_organ, rm_goal_links, rm_goal_indicators, rm_goal_indicator_values, rm_goal_activities,
  rm_goal_task_refs, rm_goal_fulfilment, rm_budget, rm_budget_frames, rm_budget_plan_years,
  rm_budget_organ_plans, rm_dialogues, rm_dialogue_proposals, rm_dialogue_reports FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON projection_checkpoints, rm_municipalities, rm_organs, rm_cycles,
  rm_cycle_phases, rm_inbox_tasks, rm_inbox_returns, rm_compliance_tasks, rm_goal_council, rm_goal_organ,
  rm_goal_links, rm_goal_indicators, rm_goal_indicator_values, rm_goal_activities, rm_goal_task_refs,
  rm_goal_fulfilment, rm_budget, rm_budget_frames, rm_budget_plan_years, rm_budget_organ_plans,
  rm_dialogues, rm_dialogue_proposals, rm_dialogue_reports TO arshjul;
GRANT SELECT ON rm_deadline_compliance TO arshjul;

-- Down Migration

DROP VIEW rm_deadline_compliance;
DROP TABLE projection_checkpoints, rm_municipalities, rm_organs, rm_cycles, rm_cycle_phases,
  rm_inbox_tasks, rm_inbox_returns, rm_compliance_tasks, rm_goal_council, rm_goal_organ, rm_goal_links,
  rm_goal_indicators, rm_goal_indicator_values, rm_goal_activities, rm_goal_task_refs, rm_goal_fulfilment,
  rm_budget, rm_budget_frames, rm_budget_plan_years, rm_budget_organ_plans, rm_dialogues,
  rm_dialogue_proposals, rm_dialogue_reports;

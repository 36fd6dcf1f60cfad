-- Up Migration

-- A task a process owner cancelled (TaskCancelled) shows as Avbruten: in the inbox with its reason, and
-- in deadline compliance as its own outcome, so it counts neither as pending nor against the organ.
ALTER TABLE rm_inbox_tasks DROP CONSTRAINT rm_inbox_tasks_status_check;
ALTER TABLE rm_inbox_tasks ADD CONSTRAINT rm_inbox_tasks_status_check
  CHECK (status IN ('assigned', 'submitted', 'returned', 'approved', 'cancelled'));
ALTER TABLE rm_inbox_tasks ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancel_reason text;
ALTER TABLE rm_dialogues DROP CONSTRAINT rm_dialogues_status_check;
ALTER TABLE rm_dialogues ADD CONSTRAINT rm_dialogues_status_check
  CHECK (status IN ('assigned', 'submitted', 'returned', 'approved', 'cancelled'));

DROP VIEW rm_deadline_compliance;
ALTER TABLE rm_compliance_tasks DROP COLUMN outcome;
ALTER TABLE rm_compliance_tasks ADD COLUMN cancelled_at timestamptz;
ALTER TABLE rm_compliance_tasks ADD COLUMN outcome text GENERATED ALWAYS AS (
  CASE
    WHEN cancelled_at IS NOT NULL THEN 'cancelled'
    WHEN escalated_at IS NOT NULL THEN 'escalated'
    WHEN first_submitted_at IS NULL THEN 'pending'
    WHEN first_submission_late THEN 'late'
    ELSE 'on_time'
  END) STORED;
CREATE VIEW rm_deadline_compliance AS
  SELECT municipality_id, organ_id, budget_year, phase,
         count(*)::int                                          AS tasks,
         (count(*) FILTER (WHERE outcome = 'on_time'))::int     AS on_time,
         (count(*) FILTER (WHERE outcome = 'late'))::int        AS late,
         (count(*) FILTER (WHERE outcome = 'escalated'))::int   AS escalated,
         (count(*) FILTER (WHERE outcome = 'pending'))::int     AS pending,
         (count(*) FILTER (WHERE outcome = 'cancelled'))::int   AS cancelled
  FROM rm_compliance_tasks
  GROUP BY municipality_id, organ_id, budget_year, phase;
REVOKE ALL ON rm_deadline_compliance FROM PUBLIC;
GRANT SELECT ON rm_deadline_compliance TO arshjul;

-- Down Migration

DROP VIEW rm_deadline_compliance;
ALTER TABLE rm_compliance_tasks DROP COLUMN outcome;
ALTER TABLE rm_compliance_tasks DROP COLUMN cancelled_at;
ALTER TABLE rm_compliance_tasks ADD COLUMN outcome text GENERATED ALWAYS AS (
  CASE
    WHEN escalated_at IS NOT NULL THEN 'escalated'
    WHEN first_submitted_at IS NULL THEN 'pending'
    WHEN first_submission_late THEN 'late'
    ELSE 'on_time'
  END) STORED;
CREATE VIEW rm_deadline_compliance AS
  SELECT municipality_id, organ_id, budget_year, phase,
         count(*)::int                                          AS tasks,
         (count(*) FILTER (WHERE outcome = 'on_time'))::int     AS on_time,
         (count(*) FILTER (WHERE outcome = 'late'))::int        AS late,
         (count(*) FILTER (WHERE outcome = 'escalated'))::int   AS escalated,
         (count(*) FILTER (WHERE outcome = 'pending'))::int     AS pending
  FROM rm_compliance_tasks
  GROUP BY municipality_id, organ_id, budget_year, phase;
GRANT SELECT ON rm_deadline_compliance TO arshjul;
ALTER TABLE rm_inbox_tasks DROP COLUMN cancelled_at, DROP COLUMN cancel_reason;
DELETE FROM rm_inbox_tasks WHERE status = 'cancelled';
ALTER TABLE rm_inbox_tasks DROP CONSTRAINT rm_inbox_tasks_status_check;
ALTER TABLE rm_inbox_tasks ADD CONSTRAINT rm_inbox_tasks_status_check
  CHECK (status IN ('assigned', 'submitted', 'returned', 'approved'));
DELETE FROM rm_dialogues WHERE status = 'cancelled';
ALTER TABLE rm_dialogues DROP CONSTRAINT rm_dialogues_status_check;
ALTER TABLE rm_dialogues ADD CONSTRAINT rm_dialogues_status_check
  CHECK (status IN ('assigned', 'submitted', 'returned', 'approved'));

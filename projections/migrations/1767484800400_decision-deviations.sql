-- Up Migration

-- decision_deviations: decisions (§) taken after the planned date or the legal limit. Decisions are
-- facts: recorded with their deviation, never refused. One row per decision, rule and kind of limit.
CREATE TABLE rm_decision_deviations (
  municipality_id   text    NOT NULL,
  budget_year       integer NOT NULL,
  event_type        text    NOT NULL,
  organ_id          text,
  decision_citation text    NOT NULL,
  subject           text    NOT NULL,
  decided_on        date    NOT NULL,
  rule              text    NOT NULL,
  limit_kind        text    NOT NULL CHECK (limit_kind IN ('planned', 'legal')),
  deadline          date    NOT NULL,
  days_late         integer NOT NULL CHECK (days_late > 0),
  PRIMARY KEY (municipality_id, budget_year, decision_citation, rule, limit_kind)
);

REVOKE ALL ON rm_decision_deviations FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON rm_decision_deviations TO arshjul;

-- Down Migration

DROP TABLE rm_decision_deviations;

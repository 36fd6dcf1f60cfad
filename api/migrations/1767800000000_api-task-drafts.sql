-- Up Migration

-- Drafts of task submissions, saved by the web forms as the secretary types. Not domain facts: the
-- submission (an event) is the fact; a draft is working material of the API, so it lives beside the
-- event store. `version` counts saves; a save names the version it was based on (optimistic
-- concurrency), so a second tab on an old version is refused instead of overwriting.
CREATE TABLE api_task_drafts (
  municipality_id text        NOT NULL CHECK (municipality_id <> ''),
  task_id         text        NOT NULL CHECK (task_id <> ''),
  version         integer     NOT NULL CHECK (version > 0),
  content         jsonb       NOT NULL,
  updated_by      text        NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, task_id)
);

REVOKE ALL ON api_task_drafts FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_task_drafts TO arshjul;

-- Down Migration

DROP TABLE api_task_drafts;

-- Up Migration

-- Calendar feed tokens: one live token per person or organ of a municipality. The URL carries the
-- token; only its SHA-256 is stored. Renewing replaces the hash, so the old URL stops working at once.
CREATE TABLE api_calendar_feeds (
  municipality_id text        NOT NULL CHECK (municipality_id <> ''),
  subject_kind    text        NOT NULL CHECK (subject_kind IN ('person', 'organ')),
  subject_id      text        NOT NULL CHECK (subject_id <> ''),
  token_sha256    text        NOT NULL UNIQUE,
  created_by      text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, subject_kind, subject_id)
);

REVOKE ALL ON api_calendar_feeds FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_calendar_feeds TO arshjul;

-- Down Migration

DROP TABLE api_calendar_feeds;

-- Up Migration

-- Shortcomings in accessibility reported through the tillgänglighetsredogörelse (lag (2018:1937)
-- 9 §: a way to tell the authority about a shortcoming). Anyone may report, signed in or not; the
-- report is kept as written, with an optional address to answer.
CREATE TABLE api_accessibility_reports (
  report_id   bigserial   PRIMARY KEY,
  page        text        NOT NULL CHECK (length(page) <= 500),
  description text        NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  contact     text        CHECK (length(contact) <= 320),
  reported_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON api_accessibility_reports FROM PUBLIC;
GRANT SELECT, INSERT ON api_accessibility_reports TO arshjul;
GRANT USAGE ON SEQUENCE api_accessibility_reports_report_id_seq TO arshjul;

-- Down Migration

DROP TABLE api_accessibility_reports;

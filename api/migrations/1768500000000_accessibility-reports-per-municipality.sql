-- Up Migration

-- A reported shortcoming belongs to the municipality whose service it was found in: its process
-- owners answer it and list it in their tillgänglighetsredogörelse. Reports made before this have
-- no municipality (they were not asked for one) and are shown to no one.
ALTER TABLE api_accessibility_reports ADD COLUMN municipality_id text;
CREATE INDEX api_accessibility_reports_by_municipality
  ON api_accessibility_reports (municipality_id, reported_at DESC);

-- Down Migration

DROP INDEX api_accessibility_reports_by_municipality;
ALTER TABLE api_accessibility_reports DROP COLUMN municipality_id;

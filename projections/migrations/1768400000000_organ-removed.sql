-- Up Migration

-- An organ removed (OrganRemoved) keeps its row, so reports still name it, with when and why it went.
ALTER TABLE rm_organs ADD COLUMN removed_at timestamptz, ADD COLUMN removal_reason text;

-- Down Migration

ALTER TABLE rm_organs DROP COLUMN removed_at, DROP COLUMN removal_reason;

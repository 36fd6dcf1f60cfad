-- Up Migration

-- The outbox relay's durable checkpoint: the last global position Kafka acknowledged, per topic.
-- scan_offsets holds, per partition, an offset at or before the first message published after that
-- position; a restarted relay reads the topic from there to skip what a crashed run already published.
CREATE TABLE relay_checkpoints (
  topic        text        PRIMARY KEY CHECK (topic <> ''),
  position     bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
  scan_offsets jsonb       NOT NULL DEFAULT '{}'::jsonb,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON relay_checkpoints FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON relay_checkpoints TO arshjul;

-- Down Migration

DROP TABLE relay_checkpoints;

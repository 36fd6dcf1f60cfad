-- Up Migration

-- The application role normally exists already (services/postgres.ts creates it with a login); create it
-- without a login otherwise so the grants below never fail on a fresh cluster.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'arshjul') THEN
    CREATE ROLE arshjul NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object THEN
  NULL; -- another database's migration created it at the same moment
END
$$;

-- One row per event. global_position is assigned by the appender under a store-wide advisory lock
-- (max + 1), not by a sequence: sequences burn values on rollback, and the hash chain needs positions
-- that are consecutive from 1.
CREATE TABLE events (
  global_position bigint      PRIMARY KEY CHECK (global_position > 0),
  stream_id       text        NOT NULL CHECK (stream_id <> ''),
  stream_version  bigint      NOT NULL CHECK (stream_version > 0),
  event_id        uuid        NOT NULL UNIQUE,
  type            text        NOT NULL CHECK (type <> ''),
  schema_version  integer     NOT NULL CHECK (schema_version > 0),
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  prev_hash       bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);

-- As-of reads for auditors filter on domain time.
CREATE INDEX events_occurred_at_idx ON events (occurred_at, global_position);

COMMENT ON TABLE events IS 'Append-only event log; hash-chained in global_position order (see eventstore/hash.ts).';
COMMENT ON COLUMN events.occurred_at IS 'Domain time (metadata.occurredAt); differs from recorded_at under time-skipping tests.';
COMMENT ON COLUMN events.transaction_id IS 'Writer transaction; readers skip rows at or above their snapshot xmin.';

CREATE FUNCTION events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER events_no_update_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_reject_change();

CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

REVOKE ALL ON events FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO arshjul;
GRANT SELECT, INSERT ON events TO arshjul;

-- Down Migration

DROP TABLE events;
DROP FUNCTION events_reject_change();

-- Up Migration

-- append_events becomes the only way to write events (docs/hash-chain.md, "Who may write events"):
-- * The application role keeps SELECT on events and loses every write, and loses the position sequence
--   (only the function draws from it). A leaked application credential can no longer insert a row
--   with a forged position, version or hash, nor burn positions.
-- * The function runs as its owner, the migration role (SECURITY DEFINER), with a fixed search_path that
--   no other role can put objects into ahead of the catalog, and every object it names qualified.
-- * With one writer, the CHECK constraints whose conditions the function guarantees by construction
--   are dropped: positions and versions are a head + i with a head >= 0, global positions come from a
--   sequence starting at 1, prev_hash is a stored hash or the 32 zero bytes, hash is a sha256. The
--   others (non-empty ids and types, schema version > 0) are checked in the function's first statement,
--   with the constraint's error code. PostgreSQL parsed and planned each constraint's stored
--   expression at every INSERT (~0.02 ms of the ~0.15 ms an append cost the backend).
-- The owner can still write rows directly (the tamper tests do, as a forger with the owner's
-- credentials would); the append-only trigger and verify against signed heads are the guard there.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events FROM arshjul;
REVOKE ALL ON SEQUENCE events_global_position_seq FROM arshjul;

ALTER TABLE events
  DROP CONSTRAINT events_global_position_check,
  DROP CONSTRAINT events_stream_id_check,
  DROP CONSTRAINT events_stream_version_check,
  DROP CONSTRAINT events_type_check,
  DROP CONSTRAINT events_schema_version_check,
  DROP CONSTRAINT events_prev_hash_check,
  DROP CONSTRAINT events_hash_check,
  DROP CONSTRAINT events_chain_id_check,
  DROP CONSTRAINT events_chain_position_check;

COMMENT ON TABLE events IS
  'Append-only event log; one hash chain per municipality (chain_id, chain_position), see docs/hash-chain.md. Written only by append_events().';

DROP FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb, bytea, jsonb, timestamptz);

CREATE FUNCTION append_events(
  p_chain_id text,
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data jsonb,
  p_digests bytea,
  p_metadata jsonb,
  p_occurred_at timestamptz,
  OUT r_outcome text,
  OUT r_stream_version bigint,
  OUT r_global_positions bigint[],
  OUT r_existing json
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  n integer := cardinality(p_event_ids);
  actual bigint;
  head_position bigint;
  prev bytea;
  new_position bigint;
  prevs bytea[];
  hashes bytea[];
  ignored text; -- what the void lock functions return, cast so a simple expression can hold it
BEGIN
  -- One condition for every refusal (each PL/pgSQL expression is set up again in every transaction);
  -- the branch names which one. The second line checks what the table's CHECK constraints checked
  -- before (NULLs still meet the NOT NULL constraints); an append must be the first write of its
  -- transaction, so that its transaction id is drawn under the ordering lock below.
  IF n IS NULL OR n = 0 OR octet_length(p_digests) <> 32 * n OR jsonb_typeof(p_data) <> 'array'
     OR jsonb_array_length(p_data) <> n OR cardinality(p_types) <> n OR cardinality(p_schema_versions) <> n
     OR p_chain_id = '' OR p_stream_id = '' OR '' = ANY (p_types) OR 0 >= ANY (p_schema_versions)
     OR pg_current_xact_id_if_assigned() IS NOT NULL THEN
    IF n IS NULL OR n = 0 OR octet_length(p_digests) <> 32 * n OR jsonb_typeof(p_data) <> 'array'
       OR jsonb_array_length(p_data) <> n OR cardinality(p_types) <> n OR cardinality(p_schema_versions) <> n THEN
      RAISE EXCEPTION 'append_events needs one id, type, schema version, data element and 32-byte digest per event'
        USING ERRCODE = 'invalid_parameter_value';
    ELSIF pg_current_xact_id_if_assigned() IS NULL THEN
      RAISE EXCEPTION 'append_events needs a non-empty chain id, stream id and type, and a schema version > 0'
        USING ERRCODE = 'check_violation';
    END IF;
    RAISE EXCEPTION 'append_events must be the first write of its transaction'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;

  -- The chain's lock, held until commit (class id 'arsh'); the query below takes its snapshot after it.
  ignored := pg_advisory_xact_lock(1634890600, hashtext(p_chain_id))::text;

  SELECT (SELECT coalesce(max(e.stream_version), 0) FROM public.events e WHERE e.stream_id = p_stream_id),
         coalesce(h.chain_position, 0),
         coalesce(h.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    INTO actual, head_position, prev
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT e.chain_position, e.hash FROM public.events e WHERE e.chain_id = p_chain_id
                       ORDER BY e.chain_position DESC LIMIT 1) h ON true;
  IF p_expected >= 0 AND p_expected <> actual THEN
    -- A retry of an append that went through is reported as such whatever version it expected.
    SELECT json_agg(json_build_object(
             'event_id', e.event_id, 'global_position', e.global_position, 'stream_id', e.stream_id,
             'stream_version', e.stream_version, 'type', e.type, 'schema_version', e.schema_version,
             'data', e.data))
      INTO r_existing FROM public.events e WHERE e.event_id = ANY (p_event_ids);
    IF r_existing IS NOT NULL THEN
      r_outcome := 'existing';
    ELSE
      r_outcome := 'version_conflict';
      r_stream_version := actual;
    END IF;
    RETURN;
  END IF;

  -- The transaction id and the positions are drawn under one short store-wide lock, so positions follow
  -- transaction-id order (gap-safe readers rely on it); the exception block releases it on any error.
  IF n = 1 THEN
    ignored := pg_advisory_lock(7021801661323897858)::text;
    BEGIN
      ignored := pg_current_xact_id()::text;
      new_position := nextval('public.events_global_position_seq');
    EXCEPTION WHEN OTHERS THEN
      ignored := pg_advisory_unlock(7021801661323897858)::text;
      RAISE;
    END;
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    INSERT INTO public.events (global_position, chain_id, chain_position, stream_id, stream_version, event_id,
                               type, schema_version, data, metadata, occurred_at, prev_hash, hash)
    VALUES (new_position, p_chain_id, head_position + 1, p_stream_id, actual + 1, p_event_ids[1], p_types[1],
            p_schema_versions[1], p_data -> 0, p_metadata, p_occurred_at, prev,
            sha256(prev || int8send(head_position + 1) || int8send(actual + 1) || p_digests))
    RETURNING 'appended', actual + 1, ARRAY[new_position] INTO r_outcome, r_stream_version, r_global_positions;
    RETURN;
  END IF;

  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := sha256(prev || int8send(head_position + i) || int8send(actual + i)
                   || substring(p_digests FROM 32 * i - 31 FOR 32));
    hashes[i] := prev;
  END LOOP;
  ignored := pg_advisory_lock(7021801661323897858)::text;
  BEGIN
    ignored := pg_current_xact_id()::text;
    r_global_positions := ARRAY(SELECT nextval('public.events_global_position_seq') FROM generate_series(1, n));
  EXCEPTION WHEN OTHERS THEN
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    RAISE;
  END;
  ignored := pg_advisory_unlock(7021801661323897858)::text;
  INSERT INTO public.events (global_position, chain_id, chain_position, stream_id, stream_version, event_id,
                             type, schema_version, data, metadata, occurred_at, prev_hash, hash)
  SELECT r_global_positions[i], p_chain_id, head_position + i, p_stream_id, actual + i, p_event_ids[i],
         p_types[i], p_schema_versions[i], p_data -> (i - 1), p_metadata, p_occurred_at, prevs[i], hashes[i]
  FROM generate_series(1, n) i;
  r_outcome := 'appended';
  r_stream_version := actual + n;
END
$$;

REVOKE ALL ON FUNCTION append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_events TO arshjul;

-- Down Migration

-- Back to 1768700000000_append-fewer-statements.sql: the constraints (checked against every stored row),
-- the application role's grants and the function as it was (SECURITY INVOKER).
ALTER TABLE events
  ADD CONSTRAINT events_global_position_check CHECK (global_position > 0),
  ADD CONSTRAINT events_stream_id_check CHECK (stream_id <> ''),
  ADD CONSTRAINT events_stream_version_check CHECK (stream_version > 0),
  ADD CONSTRAINT events_type_check CHECK (type <> ''),
  ADD CONSTRAINT events_schema_version_check CHECK (schema_version > 0),
  ADD CONSTRAINT events_prev_hash_check CHECK (octet_length(prev_hash) = 32),
  ADD CONSTRAINT events_hash_check CHECK (octet_length(hash) = 32),
  ADD CONSTRAINT events_chain_id_check CHECK (chain_id <> ''),
  ADD CONSTRAINT events_chain_position_check CHECK (chain_position > 0);
GRANT INSERT ON events TO arshjul;
GRANT USAGE ON SEQUENCE events_global_position_seq TO arshjul;
COMMENT ON TABLE events IS
  'Append-only event log; one hash chain per municipality (chain_id, chain_position), see docs/hash-chain.md.';
DROP FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb, bytea, jsonb, timestamptz);
CREATE FUNCTION append_events(
  p_chain_id text,
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data jsonb,
  p_digests bytea,
  p_metadata jsonb,
  p_occurred_at timestamptz,
  OUT r_outcome text,
  OUT r_stream_version bigint,
  OUT r_global_positions bigint[],
  OUT r_existing json
)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  n integer := cardinality(p_event_ids);
  actual bigint;
  head_position bigint;
  prev bytea;
  new_position bigint;
  prevs bytea[];
  hashes bytea[];
  ignored text; -- what the void lock functions return, cast so a simple expression can hold it
BEGIN
  IF n IS NULL OR n = 0 OR octet_length(p_digests) <> 32 * n OR jsonb_typeof(p_data) <> 'array'
     OR jsonb_array_length(p_data) <> n THEN
    RAISE EXCEPTION 'append_events needs one data element and one 32-byte digest per event'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events must be the first write of its transaction'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;

  -- The chain's lock, held until commit (class id 'arsh'); the query below takes its snapshot after it.
  ignored := pg_advisory_xact_lock(1634890600, hashtext(p_chain_id))::text;

  SELECT (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = p_stream_id),
         coalesce(h.chain_position, 0),
         coalesce(h.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    INTO actual, head_position, prev
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT e.chain_position, e.hash FROM events e WHERE e.chain_id = p_chain_id
                       ORDER BY e.chain_position DESC LIMIT 1) h ON true;
  IF p_expected >= 0 AND p_expected <> actual THEN
    -- A retry of an append that went through is reported as such whatever version it expected.
    SELECT json_agg(json_build_object(
             'event_id', e.event_id, 'global_position', e.global_position, 'stream_id', e.stream_id,
             'stream_version', e.stream_version, 'type', e.type, 'schema_version', e.schema_version,
             'data', e.data))
      INTO r_existing FROM events e WHERE e.event_id = ANY (p_event_ids);
    IF r_existing IS NOT NULL THEN
      r_outcome := 'existing';
    ELSE
      r_outcome := 'version_conflict';
      r_stream_version := actual;
    END IF;
    RETURN;
  END IF;

  -- The transaction id and the positions are drawn under one short store-wide lock, so positions follow
  -- transaction-id order (gap-safe readers rely on it); the exception block releases it on any error.
  IF n = 1 THEN
    ignored := pg_advisory_lock(7021801661323897858)::text;
    BEGIN
      ignored := pg_current_xact_id()::text;
      new_position := nextval('events_global_position_seq');
    EXCEPTION WHEN OTHERS THEN
      ignored := pg_advisory_unlock(7021801661323897858)::text;
      RAISE;
    END;
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    INSERT INTO events (global_position, chain_id, chain_position, stream_id, stream_version, event_id, type,
                        schema_version, data, metadata, occurred_at, prev_hash, hash)
    VALUES (new_position, p_chain_id, head_position + 1, p_stream_id, actual + 1, p_event_ids[1], p_types[1],
            p_schema_versions[1], p_data -> 0, p_metadata, p_occurred_at, prev,
            sha256(prev || int8send(head_position + 1) || int8send(actual + 1) || p_digests))
    RETURNING 'appended', actual + 1, ARRAY[new_position] INTO r_outcome, r_stream_version, r_global_positions;
    RETURN;
  END IF;

  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := sha256(prev || int8send(head_position + i) || int8send(actual + i)
                   || substring(p_digests FROM 32 * i - 31 FOR 32));
    hashes[i] := prev;
  END LOOP;
  ignored := pg_advisory_lock(7021801661323897858)::text;
  BEGIN
    ignored := pg_current_xact_id()::text;
    r_global_positions := ARRAY(SELECT nextval('events_global_position_seq') FROM generate_series(1, n));
  EXCEPTION WHEN OTHERS THEN
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    RAISE;
  END;
  ignored := pg_advisory_unlock(7021801661323897858)::text;
  INSERT INTO events (global_position, chain_id, chain_position, stream_id, stream_version, event_id, type,
                      schema_version, data, metadata, occurred_at, prev_hash, hash)
  SELECT r_global_positions[i], p_chain_id, head_position + i, p_stream_id, actual + i, p_event_ids[i],
         p_types[i], p_schema_versions[i], p_data -> (i - 1), p_metadata, p_occurred_at, prevs[i], hashes[i]
  FROM generate_series(1, n) i;
  r_outcome := 'appended';
  r_stream_version := actual + n;
END
$$;

REVOKE ALL ON FUNCTION append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_events TO arshjul;

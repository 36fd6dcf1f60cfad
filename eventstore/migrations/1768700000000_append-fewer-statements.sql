-- Up Migration

-- append_events with the guarantees of 1768600000000_append-lean.sql (chain lock, version check,
-- idempotency by event id exactly as there, chain link, positions in transaction-id order under the
-- short ordering lock with its exception block, insert, one call) in fewer PL/pgSQL statements. Each
-- call is its own transaction, and PL/pgSQL sets up every simple expression again in each transaction,
-- so each statement costs more than its evaluation (measured: backend CPU per call in a loop of
-- CALL ... COMMIT, see docs/hash-chain.md, "What an append costs"):
-- * No empty-array initialisers and no COALESCE steps: the head query returns the genesis values.
-- * One event (the common case) skips the loops: its position is one nextval, its hash is computed in
--   the INSERT itself, and the INSERT's RETURNING fills the result.
-- * A batch draws its positions with one query (ascending, in generate_series order) instead of a loop.
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

-- Down Migration

-- Back to the function of 1768600000000_append-lean.sql (its body, as it was).
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
  prevs bytea[] := '{}';
  hashes bytea[] := '{}';
  positions bigint[] := '{}';
  ignored text; -- what the void lock functions return, cast so a simple expression can hold it
BEGIN
  IF n IS NULL OR n = 0 OR octet_length(p_digests) <> 32 * n OR jsonb_typeof(p_data) <> 'array'
     OR jsonb_array_length(p_data) <> n THEN
    RAISE EXCEPTION 'append_events needs one data element and one 32-byte digest per event'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Global positions must follow transaction-id order (see below); a transaction that already has an id
  -- could break that, so an append must be the first write of its transaction.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events must be the first write of its transaction'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;

  -- The chain's lock, held until commit. Class id 'arsh'; a hash collision only serialises two chains.
  -- The query below takes its snapshot after the lock is granted, so it sees the chain's newest head.
  ignored := pg_advisory_xact_lock(1634890600, hashtext(p_chain_id))::text;

  SELECT (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = p_stream_id),
         h.chain_position, h.hash
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

  head_position := coalesce(head_position, 0);
  prev := coalesce(prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := sha256(prev || int8send(head_position + i) || int8send(actual + i)
                   || substring(p_digests FROM 32 * i - 31 FOR 32));
    hashes[i] := prev;
  END LOOP;

  -- Gap-safe readers skip rows of transactions at or above their snapshot's xmin. That is only safe if
  -- a transaction with a lower id never gets a higher position than one with a higher id, so the
  -- transaction id and the positions are drawn under one short store-wide lock (released at once, not
  -- held to commit; the exception block releases it on any error, a cancel included).
  ignored := pg_advisory_lock(7021801661323897858)::text; -- "arshjul" + 2
  BEGIN
    ignored := pg_current_xact_id()::text;
    FOR i IN 1..n LOOP
      positions[i] := nextval('events_global_position_seq');
    END LOOP;
  EXCEPTION WHEN OTHERS THEN
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    RAISE;
  END;
  ignored := pg_advisory_unlock(7021801661323897858)::text;

  IF n = 1 THEN
    INSERT INTO events (global_position, chain_id, chain_position, stream_id, stream_version, event_id, type,
                        schema_version, data, metadata, occurred_at, prev_hash, hash)
    VALUES (positions[1], p_chain_id, head_position + 1, p_stream_id, actual + 1, p_event_ids[1], p_types[1],
            p_schema_versions[1], p_data -> 0, p_metadata, p_occurred_at, prevs[1], hashes[1]);
  ELSE
    INSERT INTO events (global_position, chain_id, chain_position, stream_id, stream_version, event_id, type,
                        schema_version, data, metadata, occurred_at, prev_hash, hash)
    SELECT positions[i], p_chain_id, head_position + i, p_stream_id, actual + i, p_event_ids[i], p_types[i],
           p_schema_versions[i], p_data -> (i - 1), p_metadata, p_occurred_at, prevs[i], hashes[i]
    FROM generate_series(1, n) i;
  END IF;

  r_outcome := 'appended';
  r_stream_version := actual + n;
  r_global_positions := positions;
END
$$;

REVOKE ALL ON FUNCTION append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_events TO arshjul;

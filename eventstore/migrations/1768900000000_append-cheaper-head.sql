-- Up Migration

-- append_events with fewer PL/pgSQL expressions and a cheaper head query; the same guarantees
-- (docs/hash-chain.md, "What an append and a verify cost"). Measured with bench/append-backend-loop.ts,
-- the pieces of a single-event append's backend CPU were, at load 22-27: the stream's version through
-- max() (an index-only scan that checks the visibility map on every fresh row) ~35 us more than the same
-- probe as an ordinary index scan; every PL/pgSQL expression ~3 us (set up again in each transaction);
-- the chain's head ~15 us. So: the stream's last event is read by an ordinary index scan, which also
-- gives its chain position, the lower bound of the backward scan for the chain's head; the chain's lock
-- is the last term of the refusal condition. The store-wide ordering lock is held for less: with 8
-- writers on 8 chains (server-side loops, no WAL flush) the lock's hand-offs halved throughput against
-- the same function without it; for one event, lock, transaction id, position and unlock are now one
-- CASE expression, and the lock is released before the exception block's subtransaction ends.
-- CREATE OR REPLACE keeps the owner (the migration role) and the grants.
CREATE OR REPLACE FUNCTION append_events(
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
  n integer;
  actual bigint;
  head_position bigint;
  prev bytea;
  new_position bigint;
  prevs bytea[];
  hashes bytea[];
  ignored text; -- what the void unlock returns, cast so a simple expression can hold it
BEGIN
  -- One condition for every refusal and the chain's lock (each PL/pgSQL expression is set up again in
  -- every transaction, ~3 us apiece under load). The lock is its last term: a void cast to text is ''
  -- (never true), so it is taken when no refusal applies, and a refusal raises anyway. The second and
  -- third lines check what the table's CHECK constraints checked before (NULLs still meet the NOT NULL
  -- constraints); an append must be the first write of its transaction, so that its transaction id is
  -- drawn under the ordering lock below and after the chain's lock (eventstore/gap-safe.ts).
  IF p_event_ids IS NULL OR cardinality(p_event_ids) = 0 OR octet_length(p_digests) <> 32 * cardinality(p_event_ids)
     OR jsonb_typeof(p_data) <> 'array' OR jsonb_array_length(p_data) <> cardinality(p_event_ids)
     OR cardinality(p_types) <> cardinality(p_event_ids) OR cardinality(p_schema_versions) <> cardinality(p_event_ids)
     OR p_chain_id = '' OR p_stream_id = '' OR '' = ANY (p_types) OR 0 >= ANY (p_schema_versions)
     OR pg_current_xact_id_if_assigned() IS NOT NULL
     OR pg_advisory_xact_lock(1634890600, hashtext(p_chain_id))::text <> '' THEN
    n := cardinality(p_event_ids);
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

  -- The stream's last event and the chain's head, read under the chain's lock (this statement's snapshot
  -- is taken after it). The stream's last event is an ordinary index scan: max() over the index-only
  -- scan cost ~3x as much (its visibility-map check on fresh rows). The head is at or above the chain
  -- position of the stream's last event when that event is in this chain, so the backward scan starts
  -- there instead of reading the chain's whole last index page.
  SELECT coalesce(s.stream_version, 0), coalesce(h.chain_position, 0),
         coalesce(h.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    INTO actual, head_position, prev
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT e.stream_version, e.chain_id, e.chain_position FROM public.events e
                       WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1) s ON true
    LEFT JOIN LATERAL (SELECT e.chain_position, e.hash FROM public.events e
                       WHERE e.chain_id = p_chain_id
                         AND e.chain_position >= CASE WHEN s.chain_id = p_chain_id THEN s.chain_position ELSE 0 END
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
  -- The window is kept as short as possible: with several writers the lock is handed from backend to
  -- backend, and a holder (or a waiter it was granted to) that a loaded machine deschedules holds up
  -- every other append. One event: lock, transaction id, position and unlock are one CASE, whose WHEN
  -- conditions are evaluated in order (each is false unless something is wrong), then currval gives the
  -- position this session just drew. A batch: its positions in one query, the unlock still inside the
  -- block so the subtransaction's end is outside the window. Should the unlock itself fail, the
  -- handler's second unlock only warns.
  IF cardinality(p_event_ids) = 1 THEN
    BEGIN
      new_position := CASE WHEN pg_advisory_lock(7021801661323897858)::text <> '' THEN NULL
                           WHEN pg_current_xact_id() IS NULL THEN NULL
                           WHEN nextval('public.events_global_position_seq') IS NULL THEN NULL
                           WHEN NOT pg_advisory_unlock(7021801661323897858) THEN NULL
                           ELSE currval('public.events_global_position_seq') END;
    EXCEPTION WHEN OTHERS THEN
      ignored := pg_advisory_unlock(7021801661323897858)::text;
      RAISE;
    END;
    INSERT INTO public.events (global_position, chain_id, chain_position, stream_id, stream_version, event_id,
                               type, schema_version, data, metadata, occurred_at, prev_hash, hash)
    VALUES (new_position, p_chain_id, head_position + 1, p_stream_id, actual + 1, p_event_ids[1], p_types[1],
            p_schema_versions[1], p_data -> 0, p_metadata, p_occurred_at, prev,
            sha256(prev || int8send(head_position + 1) || int8send(actual + 1) || p_digests))
    RETURNING 'appended', actual + 1, ARRAY[new_position] INTO r_outcome, r_stream_version, r_global_positions;
    RETURN;
  END IF;

  n := cardinality(p_event_ids);
  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := sha256(prev || int8send(head_position + i) || int8send(actual + i)
                   || substring(p_digests FROM 32 * i - 31 FOR 32));
    hashes[i] := prev;
  END LOOP;
  BEGIN
    r_global_positions := CASE WHEN pg_advisory_lock(7021801661323897858)::text = '' AND pg_current_xact_id() IS NOT NULL
                               THEN ARRAY(SELECT nextval('public.events_global_position_seq') FROM generate_series(1, n)) END;
    ignored := pg_advisory_unlock(7021801661323897858)::text;
  EXCEPTION WHEN OTHERS THEN
    ignored := pg_advisory_unlock(7021801661323897858)::text;
    RAISE;
  END;
  INSERT INTO public.events (global_position, chain_id, chain_position, stream_id, stream_version, event_id,
                             type, schema_version, data, metadata, occurred_at, prev_hash, hash)
  SELECT r_global_positions[i], p_chain_id, head_position + i, p_stream_id, actual + i, p_event_ids[i],
         p_types[i], p_schema_versions[i], p_data -> (i - 1), p_metadata, p_occurred_at, prevs[i], hashes[i]
  FROM generate_series(1, n) i;
  r_outcome := 'appended';
  r_stream_version := actual + n;
END
$$;

-- Down Migration

-- Back to the function of 1768800000000_append-only-writer.sql (same signature, owner and grants).
CREATE OR REPLACE FUNCTION append_events(
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

-- Up Migration

-- append_events with the same guarantees as 1768500000000_append-generic-plans.sql (chain lock, version
-- check, idempotency by event id, chain link, positions in transaction-id order, insert, one call), with
-- less work per call (profiled by backend CPU per call; see docs/hash-chain.md, "What an append costs"):
-- * The locks, the transaction id and the positions are PL/pgSQL simple expressions (evaluated in
--   place) instead of PERFORM, each of which ran a query through the executor.
-- * Stored ids are looked up only when the version does not match. An id stored before under a
--   matching version meets the unique index (events_event_id_key) and the caller reads what is stored
--   (EventStore.append); the insert's own unique check is the idempotency check.
-- * One result row without a set-returning function (OUT parameters).
-- * Data comes as one JSON array and the digests as one byte string (32 bytes per event): no array
--   literal to escape on the client and to unescape here. One event is inserted with VALUES.
-- * events_occurred_at_idx goes: no query can use it (as-of filters are `$n IS NULL OR occurred_at <= $n`
--   beside a stream, chain or position order), and every insert paid for it.
DROP FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb[], bytea[], jsonb, timestamptz);
DROP INDEX events_occurred_at_idx;

-- p_expected: -1 = any version, 0 = the stream must not exist, n = the stream must be at version n.
-- p_data: a JSON array, one element per event. p_digests: the events' content digests (sha256 of the
-- canonical content, eventstore/chain-hash.ts), 32 bytes each, concatenated. Link hash =
-- sha256(prev_hash || int8send(chain_position) || int8send(stream_version) || digest).
-- Outcomes: 'appended' (r_stream_version, r_global_positions), 'existing' (r_existing: the stored rows
-- with any of the ids; nothing written), 'version_conflict' (r_stream_version = the actual version).
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

-- Down Migration

-- Back to the function of 1768500000000_append-generic-plans.sql (its body, as it was).
DROP FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb, bytea, jsonb, timestamptz);
CREATE INDEX events_occurred_at_idx ON events (occurred_at, global_position);
CREATE FUNCTION append_events(
  p_chain_id text, p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[],
  p_schema_versions integer[], p_data jsonb[], p_digests bytea[], p_metadata jsonb, p_occurred_at timestamptz
) RETURNS TABLE (r_outcome text, r_stream_version bigint, r_global_positions bigint[], r_existing json)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  n integer := cardinality(p_event_ids);
  actual bigint;
  head_position bigint;
  prev bytea;
  chain_positions bigint[] := '{}';
  versions bigint[] := '{}';
  prevs bytea[] := '{}';
  hashes bytea[] := '{}';
  positions bigint[] := '{}';
  found json;
BEGIN
  IF n IS NULL OR n = 0 OR cardinality(p_digests) <> n THEN
    RAISE EXCEPTION 'append_events needs one digest per event' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events must be the first write of its transaction'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  PERFORM pg_advisory_xact_lock(1634890600, hashtext(p_chain_id));
  SELECT (SELECT json_agg(json_build_object(
                   'event_id', e.event_id, 'global_position', e.global_position, 'stream_id', e.stream_id,
                   'stream_version', e.stream_version, 'type', e.type, 'schema_version', e.schema_version,
                   'data', e.data))
            FROM events e WHERE e.event_id = ANY (p_event_ids)),
         (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = p_stream_id),
         h.chain_position, h.hash
    INTO found, actual, head_position, prev
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT e.chain_position, e.hash FROM events e WHERE e.chain_id = p_chain_id
                       ORDER BY e.chain_position DESC LIMIT 1) h ON true;
  IF found IS NOT NULL THEN
    r_outcome := 'existing';
    r_existing := found;
    RETURN NEXT;
    RETURN;
  END IF;
  IF p_expected >= 0 AND p_expected <> actual THEN
    r_outcome := 'version_conflict';
    r_stream_version := actual;
    RETURN NEXT;
    RETURN;
  END IF;
  head_position := coalesce(head_position, 0);
  prev := coalesce(prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  FOR i IN 1..n LOOP
    chain_positions[i] := head_position + i;
    versions[i] := actual + i;
    prevs[i] := prev;
    prev := sha256(prev || int8send(head_position + i) || int8send(actual + i) || p_digests[i]);
    hashes[i] := prev;
  END LOOP;
  PERFORM pg_advisory_lock(7021801661323897858);
  BEGIN
    PERFORM pg_current_xact_id();
    FOR i IN 1..n LOOP
      positions[i] := nextval('events_global_position_seq');
    END LOOP;
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(7021801661323897858);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(7021801661323897858);
  INSERT INTO events (global_position, chain_id, chain_position, stream_id, stream_version, event_id, type,
                      schema_version, data, metadata, occurred_at, prev_hash, hash)
  SELECT x.p, p_chain_id, x.cp, p_stream_id, x.v, x.id, x.t, x.sv, x.d, p_metadata, p_occurred_at, x.ph, x.h
  FROM unnest(positions, chain_positions, versions, p_event_ids, p_types, p_schema_versions, p_data, prevs,
              hashes) AS x(p, cp, v, id, t, sv, d, ph, h);
  r_outcome := 'appended';
  r_stream_version := actual + n;
  r_global_positions := positions;
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_events TO arshjul;

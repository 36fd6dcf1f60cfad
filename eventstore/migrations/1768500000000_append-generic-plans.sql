-- Up Migration

-- append_events, same contract as 1767484800100_append-function.sql, made cheaper per call (profiled
-- with pgbench and backend CPU time; see docs/hash-chain.md, "Append cost"):
-- * plan_cache_mode = force_generic_plan: under the default mode Postgres planned the function's
--   statements afresh on every call (its estimate for `event_id = ANY($1)` kept the generic plan from
--   winning), ~0.3 ms of planning per append. Every statement here is an index probe whose plan does not
--   depend on the values.
-- * Global positions are drawn by nextval in a PL/pgSQL loop (simple expressions, no query), and the
--   result row is returned with RETURN NEXT instead of a query.
CREATE OR REPLACE FUNCTION append_events(
  p_chain_id text,
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data jsonb[],
  p_digests bytea[],
  p_metadata jsonb,
  p_occurred_at timestamptz
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
  -- Global positions must follow transaction-id order (see below); a transaction that already has an id
  -- could break that, so an append must be the first write of its transaction.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events must be the first write of its transaction'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;

  -- The chain's lock, held until commit. Class id 'arsh'; a hash collision only serialises two chains.
  PERFORM pg_advisory_xact_lock(1634890600, hashtext(p_chain_id));

  -- One query for what the checks need: stored rows with these ids, the stream's version, the chain's head.
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

  -- Gap-safe readers skip rows of transactions at or above their snapshot's xmin. That is only safe if
  -- a transaction with a lower id never gets a higher position than one with a higher id, so the
  -- transaction id and the positions are drawn under one short store-wide lock (released at once, not
  -- held to commit).
  PERFORM pg_advisory_lock(7021801661323897858); -- "arshjul" + 2
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

-- Down Migration

ALTER FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb[], bytea[], jsonb, timestamptz)
  RESET plan_cache_mode;

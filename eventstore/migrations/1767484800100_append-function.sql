-- Up Migration

-- One round trip per append: idempotency check, version check, chain link and insert in one call,
-- under a transaction-level advisory lock of the event's chain (its municipality), so appends of
-- different municipalities run in parallel and those of one municipality serialise.
--
-- p_expected: -1 = any version, 0 = the stream must not exist, n = the stream must be at version n.
-- p_digests: per event sha256 of its canonical content (eventstore/chain-hash.ts, docs/hash-chain.md);
-- the link hash = sha256(prev_hash || int8send(chain_position) || int8send(stream_version) || digest).
--
-- Outcomes: 'appended' (r_stream_version, r_global_positions), 'existing' (r_existing: the stored rows
-- with any of the ids, for the caller's idempotency checks; nothing written), 'version_conflict'
-- (r_stream_version = the actual version; nothing written).
CREATE FUNCTION append_events(
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
LANGUAGE plpgsql AS $$
DECLARE
  n integer := cardinality(p_event_ids);
  actual bigint;
  head_position bigint;
  prev bytea;
  chain_positions bigint[] := '{}';
  versions bigint[] := '{}';
  prevs bytea[] := '{}';
  hashes bytea[] := '{}';
  positions bigint[];
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
    RETURN QUERY SELECT 'existing'::text, NULL::bigint, NULL::bigint[], found;
    RETURN;
  END IF;
  IF p_expected >= 0 AND p_expected <> actual THEN
    RETURN QUERY SELECT 'version_conflict'::text, actual, NULL::bigint[], NULL::json;
    RETURN;
  END IF;

  head_position := coalesce(head_position, 0);
  prev := coalesce(prev, decode(repeat('00', 32), 'hex'));
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
    SELECT array_agg(nextval('events_global_position_seq') ORDER BY g) INTO positions
      FROM generate_series(1, n) g;
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

  RETURN QUERY SELECT 'appended'::text, actual + n, positions, NULL::json;
END
$$;

REVOKE ALL ON FUNCTION append_events FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_events TO arshjul;

-- Down Migration

DROP FUNCTION append_events;

import { chainHash } from './chain-hash';
import { chainKeyOf } from './chain-key';
import { GENESIS_HASH, legacyEventHash } from './hash';
import type { EventRow } from './rows';

/** The slice of a database client the re-chaining needs (pg.Client or node-pg-migrate's `pgm.db`). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** An events row of the single global chain, before it was split per municipality. */
type LegacyRow = Omit<EventRow, 'recorded_at'> & { prev_hash: Buffer; hash: Buffer };

export interface RechainResult {
  events: number;
  chains: number;
  /** The head of the legacy global chain the re-chaining started from (position 0: empty store). */
  legacyHead: { position: number; hash: Buffer };
}

const PAGE = 5000;

/**
 * Verifies the legacy global chain (positions 1..n, each row linked to and hashing like the one before)
 * and re-chains every event into its municipality's chain (chain_id, chain_position, prev_hash, hash).
 * Throws, naming the position, when the legacy chain is broken: a store that fails its own check must
 * not get a fresh, valid-looking chain. Runs inside the migration's transaction, with events locked.
 */
export async function rechainLegacyEvents(db: Queryable): Promise<RechainResult> {
  await db.query(
    `create temporary table rechained (global_position bigint primary key, chain_id text, chain_position bigint,
                                         prev_hash bytea, hash bytea) on commit drop`,
  );
  const heads = new Map<string, { position: number; hash: Buffer }>();
  let legacyPrev: Buffer = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const { rows } = (await db.query(
      `select global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata,
              prev_hash, hash
       from events where global_position >= $1 order by global_position limit $2`,
      [expected, PAGE],
    )) as { rows: LegacyRow[] };
    if (rows.length === 0) break;
    const out = {
      gp: [] as number[],
      chain: [] as string[],
      cp: [] as number[],
      prev: [] as Buffer[],
      hash: [] as Buffer[],
    };
    for (const row of rows) {
      const position = Number(row.global_position);
      if (position !== expected)
        throw new Error(`legacy hash chain is broken at position ${expected}: next event is at ${position}`);
      if (!row.prev_hash.equals(legacyPrev))
        throw new Error(
          `legacy hash chain is broken at position ${position}: does not link to the previous event`,
        );
      const fields = {
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
      };
      if (!legacyEventHash(row.prev_hash, { ...fields, globalPosition: position }).equals(row.hash))
        throw new Error(
          `legacy hash chain is broken at position ${position}: content does not match its hash`,
        );
      const chainId = chainKeyOf(row.stream_id);
      const head = heads.get(chainId) ?? { position: 0, hash: GENESIS_HASH };
      const chainPosition = head.position + 1;
      const hash = chainHash(head.hash, { ...fields, chainId, chainPosition });
      out.gp.push(position);
      out.chain.push(chainId);
      out.cp.push(chainPosition);
      out.prev.push(head.hash);
      out.hash.push(hash);
      heads.set(chainId, { position: chainPosition, hash });
      legacyPrev = row.hash;
      expected += 1;
    }
    await db.query(
      `insert into rechained select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::bytea[])`,
      [out.gp, out.chain, out.cp, out.prev, out.hash],
    );
  }
  await db.query('alter table events disable trigger events_no_update_delete');
  await db.query(
    `update events e set chain_id = r.chain_id, chain_position = r.chain_position, prev_hash = r.prev_hash, hash = r.hash
     from rechained r where e.global_position = r.global_position`,
  );
  await db.query('alter table events enable trigger events_no_update_delete');
  return {
    events: expected - 1,
    chains: heads.size,
    legacyHead: { position: expected - 1, hash: legacyPrev },
  };
}

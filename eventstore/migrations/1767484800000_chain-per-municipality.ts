import type { MigrationBuilder } from 'node-pg-migrate';
import { rechainLegacyEvents } from '../legacy-rechain';

/**
 * One hash chain per municipality instead of one over the whole store. Verifies the old global chain,
 * re-chains every event into its municipality's chain (eventstore/chain-key.ts decides which) and
 * records the old head it started from. Global positions come from a sequence from now on (they may
 * have gaps; readers stay gap-safe through transaction ids).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  const db = pgm.db;
  await db.query('lock table events in exclusive mode');
  await db.query('alter table events add column chain_id text, add column chain_position bigint');
  const result = await rechainLegacyEvents(db);
  await db.query(
    `alter table events
       alter column chain_id set not null,
       alter column chain_position set not null,
       add constraint events_chain_id_check check (chain_id <> ''),
       add constraint events_chain_position_check check (chain_position > 0),
       add constraint events_chain_position_key unique (chain_id, chain_position)`,
  );
  await db.query(`comment on table events is
    'Append-only event log; one hash chain per municipality (chain_id, chain_position), see docs/hash-chain.md.'`);
  await db.query(`comment on column events.global_position is
    'Order of the global log (relay, projections); from a sequence, may have gaps, not hashed.'`);
  await db.query('create sequence events_global_position_seq as bigint owned by events.global_position');
  await db.query(`select setval('events_global_position_seq', greatest($1::bigint, 1), $1::bigint > 0)`, [
    result.legacyHead.position,
  ]);
  await db.query('grant usage on sequence events_global_position_seq to arshjul');
  await db.query(
    `create table chain_migrations (
       migrated_at          timestamptz primary key default now(),
       legacy_head_position bigint      not null,
       legacy_head_hash     bytea       not null,
       events               bigint      not null,
       chains               integer     not null)`,
  );
  await db.query(
    `comment on table chain_migrations is
      'The legacy global chain''s head each chain-per-municipality migration verified and started from.'`,
  );
  await db.query(
    'insert into chain_migrations (legacy_head_position, legacy_head_hash, events, chains) values ($1, $2, $3, $4)',
    [result.legacyHead.position, result.legacyHead.hash, result.events, result.chains],
  );
  await db.query('grant select on chain_migrations to arshjul');
}

export function down(): void {
  throw new Error('the chain-per-municipality migration cannot be undone: the legacy hashes are gone');
}

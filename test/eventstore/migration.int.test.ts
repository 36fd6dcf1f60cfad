import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EventStore,
  eventStoreMigrationsDir,
  GENESIS_HASH,
  type JsonValue,
  legacyEventHash,
  migrate,
} from '../../eventstore';
import { migrateDatabase } from '../../services/app-database';
import { serviceUrls } from '../../services/config';
import { event, meta } from './fixtures';

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

let name: string;
let admin: pg.Pool;
let legacyDir: string;

/** A store as it was before chains per municipality: only the first migration, one global chain. */
beforeEach(async () => {
  name = `arshjul_legacy_${randomUUID().slice(0, 8)}`;
  legacyDir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-legacy-'));
  copyFileSync(
    path.join(eventStoreMigrationsDir, '1767225600000_events.sql'),
    path.join(legacyDir, '1767225600000_events.sql'),
  );
  await migrate(serviceUrls.adminDatabaseUrl, name, { dirs: [legacyDir] });
  admin = new pg.Pool({ connectionString: withDb(serviceUrls.adminDatabaseUrl, name), max: 2 });
});
afterEach(async () => {
  await admin.end();
  rmSync(legacyDir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: serviceUrls.adminDatabaseUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
});

const streams = ['municipality-ale', 'cycle-kungalv-2027', 'task-ale.2027.nulagesanalys.bun', 'tool-stream'];

/** Writes `count` events the way the old store did: one chain over global positions 1..count. */
async function writeLegacyChain(count: number): Promise<Buffer> {
  let prev = GENESIS_HASH;
  const versions = new Map<string, number>();
  for (let p = 1; p <= count; p++) {
    const streamId = streams[p % streams.length] as string;
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    const e = event('Legacy', { p, text: 'Mål' });
    const metadata = { ...meta(), occurredAt: '2026-02-01T08:00:00.000Z' };
    const hash = legacyEventHash(prev, {
      globalPosition: p,
      streamId,
      streamVersion,
      ...e,
      data: e.data as JsonValue,
      metadata,
    });
    await admin.query(
      `insert into events (global_position, stream_id, stream_version, event_id, type, schema_version, data,
                           metadata, occurred_at, prev_hash, hash)
       values ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10)`,
      [p, streamId, streamVersion, e.eventId, e.type, e.data, metadata, metadata.occurredAt, prev, hash],
    );
    prev = hash;
  }
  return prev;
}

describe('the chain-per-municipality migration', () => {
  it('verifies the old chain, chains each municipality and records the old head it started from', async () => {
    const legacyHead = await writeLegacyChain(41);
    const before = await admin.query('select global_position, stream_id, data from events order by 1');
    const { applied } = await migrateDatabase(serviceUrls.adminDatabaseUrl, name);
    expect(applied).toContain('1767484800000_chain-per-municipality');

    const recorded = await admin.query('select * from chain_migrations');
    expect(recorded.rows).toHaveLength(1);
    expect(recorded.rows[0]).toMatchObject({ legacy_head_position: '41', events: '41', chains: 3 });
    expect(recorded.rows[0].legacy_head_hash.equals(legacyHead)).toBe(true);

    // Contents and global order untouched; each municipality has its own consecutive chain.
    const after = await admin.query('select global_position, stream_id, data from events order by 1');
    expect(after.rows).toEqual(before.rows);
    const chains = await admin.query(
      'select chain_id, count(*)::int as n, max(chain_position)::int as head from events group by 1 order by 1',
    );
    expect(chains.rows).toEqual([
      { chain_id: 'ale', n: 20, head: 20 },
      { chain_id: 'kungalv', n: 11, head: 11 },
      { chain_id: '~tool-stream', n: 10, head: 10 },
    ]);
    const store = new EventStore(admin);
    expect(await store.verify()).toEqual({ ok: true, count: 41, chains: 3, lastPosition: 41 });

    // New appends continue the chain and the global order.
    const appended = await store.append('municipality-ale', 'any', [event('After')], meta());
    expect(appended.globalPositions).toEqual([42]);
    expect(await store.chainHead('ale')).toMatchObject({ position: 21 });
    expect(await store.verify({ chainId: 'ale' })).toMatchObject({ ok: true, count: 21 });
  });

  it('refuses to re-chain a store whose old chain is broken, and leaves it as it was', async () => {
    await writeLegacyChain(12);
    await admin.query('alter table events disable trigger events_no_update_delete');
    await admin.query(`update events set data = '{"p": 7, "text": "ändrat"}' where global_position = 7`);
    await admin.query('alter table events enable trigger events_no_update_delete');
    await expect(migrateDatabase(serviceUrls.adminDatabaseUrl, name)).rejects.toThrow(
      /legacy hash chain is broken at position 7: content does not match its hash/,
    );
    const columns = await admin.query(
      `select column_name from information_schema.columns where table_name = 'events' and column_name = 'chain_id'`,
    );
    expect(columns.rows).toEqual([]);
  });

  it('migrates an empty store', async () => {
    await migrateDatabase(serviceUrls.adminDatabaseUrl, name);
    const recorded = await admin.query('select legacy_head_position, events from chain_migrations');
    expect(recorded.rows).toEqual([{ legacy_head_position: '0', events: '0' }]);
    const store = new EventStore(admin);
    expect(
      (await store.append('municipality-ale', 'no_stream', [event('First')], meta())).globalPositions,
    ).toEqual([1]);
  });
});

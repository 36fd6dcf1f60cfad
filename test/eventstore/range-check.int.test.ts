import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, startHashWorkers } from '../../eventstore';
import { checkRangeRows, RANGE_SQL } from '../../eventstore/range-check';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

let db: TestDatabase;
let store: EventStore;

// Values jsonb writes differently from their canonical form: keys out of JCS order (by length first,
// by UTF-8 bytes), escapes, fractions, big and negative numbers, non-BMP characters.
const tricky = [
  { b: 1, aa: 2, 'a!': 3, a: 4, ä: 5, '\u{1f600}': 6, '\ue000': 7 },
  { text: 'rad 1\nrad 2\t"citat" \\ \u0001 €', nested: { z: [1.5, -0.25, 1e21, 1e-7, -17], y: null } },
  { 'nyckel med "citat"': true, 'tab\tnyckel': false, big: 123456789012345, huge: 2 ** 60 },
  { empty: {}, list: [], deep: [[{ b: 2, a: 1 }]] },
];

beforeAll(async () => {
  db = await createTestDatabase('range');
  store = new EventStore(db.appPool);
  await store.append(
    'cycle-ale-2027',
    'any',
    tricky.map((d) => event('Tricky', d)),
    meta({ actor: 'Åsa "Ö"' }),
  );
  // A stream id outside the municipalities' scheme (a chain of its own) with a tab and a quote in it.
  await store.append('verktyg\t"x"', 'any', [event('Tab\tType', { i: 1 })], meta());
});
afterAll(() => db?.drop());

const rowsOf = async (chainId: string) =>
  (
    await db.appPool.query<[string]>({
      text: RANGE_SQL,
      values: [chainId, 1, 100],
      rowMode: 'array',
      types: { getTypeParser: () => (v: string) => v } as never,
    })
  ).rows.map((r) => r[0]);

describe('the fast page check on worker threads (rows read as text)', () => {
  it('accepts every stored event as stored, escapes, fractions and odd keys included', async () => {
    const check = checkRangeRows('ale', await rowsOf('ale'));
    expect(check).toMatchObject({ mismatch: -1, suspect: -1 });
    expect(check.segments).toMatchObject([
      { chainId: 'ale', first: 1, last: tricky.length, count: tricky.length },
    ]);
  });

  it('leaves a row with a tab in its stream id to the general path, which accepts it', async () => {
    const chainId = '~verktyg\t"x"';
    expect(checkRangeRows(chainId, await rowsOf(chainId)).mismatch).toBe(0);
    const workers = startHashWorkers(2);
    try {
      expect(await store.verify({ workers })).toMatchObject({
        ok: true,
        count: tricky.length + 1,
        chains: 2,
      });
    } finally {
      await workers.close();
    }
  });

  it('names an altered byte in an escaped string', async () => {
    const client = await db.adminPool.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query(
        `update events set data = jsonb_set(data, '{text}', to_jsonb(replace(data->>'text', '€', 'e')))
         where chain_id = 'ale' and chain_position = 2`,
      );
      await client.query('commit');
    } finally {
      client.release();
    }
    expect(checkRangeRows('ale', await rowsOf('ale')).mismatch).toBe(1);
    const workers = startHashWorkers(2);
    try {
      expect(await store.verify({ chainId: 'ale', workers })).toMatchObject({
        ok: false,
        firstBadPosition: 2,
        reason: 'hash_mismatch',
      });
    } finally {
      await workers.close();
    }
  });
});

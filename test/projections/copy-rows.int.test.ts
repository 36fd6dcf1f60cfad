import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows } from '../../projections/copy-rows';
import type { Row, TableSpec } from '../../projections/fold';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The rebuild writes rows with COPY, the incremental path with json_populate_recordset: a value must
// land the same either way, or a rebuilt read model differs from the live one.
const COLUMNS = ['id', 'txt', 'arr', 'ints', 'doc', 'num', 'dbl', 'flag', 'day', 'at'];

const ROWS: Row[] = [
  {
    id: 1,
    txt: 'tab\there, line\nbreak\r and back\\slash',
    arr: ['a,b', 'with "quote"', 'back\\slash', null, '{braces}', 'NULL', ' spaced ', 'tab\t'],
    ints: [1, 2, 3],
    doc: { a: 'x\ty', n: [1, null], s: 'back\\', å: 'Åäö' },
    num: 123456789012345678901234567890n,
    dbl: 1.5,
    flag: true,
    day: '2026-03-20',
    at: '2026-03-20T10:00:00.123Z',
  },
  { id: 2, txt: '\\.', arr: [], ints: [], doc: 'just a string', num: '42', dbl: Number.NaN, flag: false },
  { id: 3, txt: '', arr: null, doc: 42, dbl: 1e21, at: new Date('2026-01-02T03:04:05.678Z') },
  { id: 4, txt: 'Åäö "citat"', doc: null, dbl: -0, num: 0n },
];

const bigintAsString = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;

describe('copyRows writes values as json_populate_recordset reads them', () => {
  let db: TestDatabase;
  let client: pg.PoolClient;
  beforeAll(async () => {
    db = await createTestDatabase('copy_rows');
    client = await db.appPool.connect();
    for (const table of ['copy_via_json', 'copy_via_copy']) {
      await client.query(
        `create temp table ${table} (id int primary key, txt text, arr text[], ints integer[], doc jsonb,
           num numeric(40, 0), dbl double precision, flag boolean, day date, at timestamptz)`,
      );
    }
  });
  afterAll(async () => {
    client?.release();
    await db?.drop();
  });

  const dump = async (table: string) =>
    (await client.query<{ row: unknown }>(`select to_jsonb(t) as row from ${table} t order by id`)).rows.map(
      (r) => r.row,
    );

  it('gives the same rows for text with tabs, line breaks and backslashes, arrays, JSON, amounts and NaN', async () => {
    await client.query(
      `insert into copy_via_json (${COLUMNS.join(', ')})
       select ${COLUMNS.join(', ')} from json_populate_recordset(null::copy_via_json, $1)`,
      [JSON.stringify(ROWS, bigintAsString)],
    );
    const spec: TableSpec = { table: 'copy_via_copy', key: ['id'], columns: COLUMNS };
    await copyRows(client, spec, ROWS);
    const viaJson = await dump('copy_via_json');
    expect(viaJson).toHaveLength(ROWS.length);
    expect(await dump('copy_via_copy')).toEqual(viaJson);
  });
});

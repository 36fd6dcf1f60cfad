import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjection, readProjectionTables, swedishOrder } from '../../application/read-models';
import { createTestDatabase, type TestDatabase } from '../support/database';

// Postgres runs with C.UTF-8: a plain ORDER BY puts Ä before Å. The read models list names in Swedish order.
const NAMES = ['Östra nämnden', 'Ärendenämnden', 'Åldrenämnden', 'Zonnämnden', 'arbetsnämnden', 'Barn'];
const SWEDISH = ['arbetsnämnden', 'Barn', 'Zonnämnden', 'Åldrenämnden', 'Ärendenämnden', 'Östra nämnden'];

describe('names sorted in SQL are in Swedish order (ICU sv-SE collation)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('swedish_order');
    for (const [i, name] of NAMES.entries()) {
      await db.adminPool.query(
        `insert into rm_organs (municipality_id, organ_id, kind, name, short_name) values ('m', $1, 'committee', $2, $3)`,
        [`o${i}`, name, `N${i}`],
      );
      await db.adminPool.query(
        `insert into rm_goal_council (municipality_id, goal_id, title, description, from_year, to_year, agenda2030_goals)
         values ('m', $1, $2, '', 2024, 2027, '{}')`,
        [`g${i}`, name],
      );
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('the migration made the collation, and the cluster itself would sort Ä before Å', async () => {
    const plain = await db.appPool.query<{ x: string }>(
      `select x from unnest(array['Å', 'Ä', 'Ö']) x order by x collate "C"`,
    );
    expect(plain.rows.map((r) => r.x)).toEqual(['Ä', 'Å', 'Ö']);
    const sv = await db.appPool.query<{ x: string }>(
      `select x from unnest(array['Ö', 'Ä', 'Å']) x order by ${swedishOrder('x')}`,
    );
    expect(sv.rows.map((r) => r.x)).toEqual(['Å', 'Ä', 'Ö']);
  });

  it('the read models list organs and riktningsmål Å before Ä before Ö', async () => {
    const organisation = findProjection('organisation');
    const goals = findProjection('goals');
    if (!organisation || !goals) throw new Error('projections missing');
    const orgTables = await readProjectionTables(db.appPool, organisation, 'm', {});
    expect(orgTables.rm_organs?.map((r) => r.name)).toEqual(SWEDISH);
    const goalTables = await readProjectionTables(db.appPool, goals, 'm', {});
    expect(goalTables.rm_goal_council?.map((r) => r.title)).toEqual(SWEDISH);
  });
});

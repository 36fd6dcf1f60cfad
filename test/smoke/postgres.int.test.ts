import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceUrls } from '../../services/config';

describe('PostgreSQL (real server)', () => {
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl });
  afterAll(() => pool.end());

  it('answers a query as the application role', async () => {
    const { rows } = await pool.query<{ user: string; sum: number; major: string }>(
      "select current_user as user, 2 + 40 as sum, current_setting('server_version_num') as major",
    );
    expect(rows[0]?.user).toBe('arshjul');
    expect(rows[0]?.sum).toBe(42);
    // pg_snapshot_xmin / xid8, which the event store's gap-safe read relies on, arrived in PostgreSQL 13.
    expect(Number(rows[0]?.major)).toBeGreaterThanOrEqual(130000);
  });
});

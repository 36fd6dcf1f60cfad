import pg from 'pg';
import { serviceUrls } from '../services/config';

/** A small pool on the application database for one CLI command, closed when the work is done. */
export async function withPool<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 4 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

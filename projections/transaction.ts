import type pg from 'pg';

export interface TransactionOptions {
  /**
   * Whether the commit waits for its WAL to reach disk (default true). A read model's batch may skip
   * the wait: a crash can then lose its last batches, but rows and checkpoint together (one
   * transaction), so the projection applies them again from Kafka or the store; nothing is half done.
   */
  waitForFlush?: boolean;
}

/**
 * Runs work in one transaction on a pooled client; a client whose rollback failed is discarded
 * instead of going back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
  { waitForFlush = true }: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    // One round trip either way: the simple protocol takes both statements at once.
    await client.query(waitForFlush ? 'begin' : 'begin; set local synchronous_commit = off');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

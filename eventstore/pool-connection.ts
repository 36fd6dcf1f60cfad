import type pg from 'pg';

/**
 * How a pool connects (its own settings: URL, or host, port, user, password, database, ssl), for a
 * worker thread that opens connections of its own to the same database (the hash workers of a verify,
 * a rebuild's partition threads). Undefined when they cannot be sent to a thread: a password function,
 * a custom stream or Client class.
 */
export function connectionOf(pool: pg.Pool): pg.ClientConfig | undefined {
  const o = pool.options;
  if (typeof o.password === 'function' || o.stream || o.Client) return undefined;
  const { connectionString, host, port, user, password, database, ssl } = o;
  return { connectionString, host, port, user, password, database, ssl };
}

/** A key of a connection's settings, the same for equal settings (a thread's clients by database). */
export const connectionKey = (connection: pg.ClientConfig): string => JSON.stringify(connection);

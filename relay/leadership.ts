import type pg from 'pg';

/**
 * One active relay per topic: leadership is a session-level Postgres advisory lock held on a connection
 * of its own. A second relay waits as a standby and takes over when the leader's session ends (a
 * crash, a restart, a lost connection), so two relays never publish the same events side by side.
 */
export interface Leadership {
  /** True until the lock's connection fails; then the holder must stop and try to lead again. */
  readonly held: boolean;
  release(): Promise<void>;
}

export async function acquireLeadership(
  pool: pg.Pool,
  name: string,
  { signal, pollMs = 1_000, onWaiting }: { signal: AbortSignal; pollMs?: number; onWaiting?: () => void },
): Promise<Leadership | null> {
  let told = false;
  while (!signal.aborted) {
    const client = await pool.connect();
    let held = true;
    const lost = () => {
      held = false;
    };
    client.on('error', lost);
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtext($1)) as ok',
        [name],
      );
      if (rows[0]?.ok) {
        return {
          get held() {
            return held;
          },
          async release() {
            client.off('error', lost);
            try {
              if (held) await client.query('select pg_advisory_unlock(hashtext($1))', [name]);
              client.release();
            } catch {
              client.release(true);
            }
          },
        };
      }
    } catch {
      // Postgres unavailable: try again after the pause.
    }
    client.off('error', lost);
    client.release();
    if (!told) {
      onWaiting?.();
      told = true;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  return null;
}

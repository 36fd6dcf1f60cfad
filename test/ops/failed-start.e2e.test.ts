import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { healthPortEnv } from '../../ops/health-server';
import { freePorts, spawnCli } from '../support/child-processes';

/**
 * A process that cannot start exits with code 1, so `arshjul up` (or any supervisor) starts it again.
 * The soak once killed the projections process while Kafka was stopped: its successor could not reach
 * Kafka, printed the error and stayed running, unready, with its health server and pool open, and the
 * read models never caught up.
 */
describe('a process that fails to start', () => {
  it('exits with code 1 instead of staying up unready (projections without Kafka)', async () => {
    const [kafkaPort, healthPort] = await freePorts(2);
    const started = spawnCli(['projections', 'run'], {
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      [healthPortEnv('projections')]: String(healthPort),
    });
    const exit = await Promise.race([started.exit, delay(120_000).then(() => 'still running' as const)]);
    if (exit === 'still running') started.child.kill('SIGKILL');
    expect(exit, started.output()).toEqual({ code: 1, signal: null });
    expect(started.output()).toContain('arshjul: ');
  }, 150_000);
});

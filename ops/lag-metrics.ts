/**
 * Lag gauges read from Postgres at scrape time: how far the relay and each read model are behind the
 * event store's head (events and seconds). Registered by the process that owns the work.
 */
import type pg from 'pg';
import { Gauge } from 'prom-client';
import { projectionStatus } from '../projections/status';
import { relayStatus } from '../relay/status';

export function registerRelayLagMetrics(pool: pg.Pool, topic?: string): void {
  const status = () => relayStatus(pool, topic);
  new Gauge({
    name: 'arshjul_relay_lag_events',
    help: 'Events in the event store not yet published to Kafka by the relay',
    labelNames: ['topic'] as const,
    async collect() {
      const s = await status();
      this.set({ topic: s.topic }, s.lag);
    },
  });
  new Gauge({
    name: 'arshjul_relay_lag_seconds',
    help: 'Age of the oldest event not yet published to Kafka (0 when caught up)',
    labelNames: ['topic'] as const,
    async collect() {
      const s = await status();
      this.set({ topic: s.topic }, s.timeLagMs / 1000);
    },
  });
  new Gauge({
    name: 'arshjul_relay_position',
    help: "The relay checkpoint's global position",
    labelNames: ['topic'] as const,
    async collect() {
      const s = await status();
      this.set({ topic: s.topic }, s.position);
    },
  });
}

export function registerProjectionLagMetrics(pool: pg.Pool, names: readonly string[]): void {
  const status = () => projectionStatus(pool, names);
  new Gauge({
    name: 'arshjul_projection_lag_events',
    help: 'Events in the event store a read model does not reflect yet',
    labelNames: ['projection'] as const,
    async collect() {
      for (const s of await status()) this.set({ projection: s.name }, s.lag);
    },
  });
  new Gauge({
    name: 'arshjul_projection_lag_seconds',
    help: 'Age of the oldest event a read model has not applied (0 when caught up)',
    labelNames: ['projection'] as const,
    async collect() {
      for (const s of await status()) this.set({ projection: s.name }, s.timeLagMs / 1000);
    },
  });
  new Gauge({
    name: 'arshjul_projection_position',
    help: "A read model's checkpoint (global position)",
    labelNames: ['projection'] as const,
    async collect() {
      for (const s of await status()) this.set({ projection: s.name }, s.position);
    },
  });
}

import { loadavg } from 'node:os';
import type pg from 'pg';
import { PROJECTIONS, type RebuildResult, rebuildProjection, rebuildProjections } from '../projections';
import { perSecond, timed } from './types';

/** Issue 15: rebuild of every read model at 50,000 events/s or more. */
export const REBUILD_TARGET = 50_000;

function figures(result: RebuildResult, seconds: number, cpuMicros: number) {
  return {
    // Events of the log replayed (every type, up to the rebuilt position) per second of wall time.
    eventsPerSecond: perSecond(result.logEvents, seconds),
    logEvents: result.logEvents,
    eventsFolded: result.events,
    seconds: Math.round(seconds * 1000) / 1000,
    readAndFoldSeconds: Math.round(result.foldSeconds * 1000) / 1000,
    writeSeconds: Math.round(result.writeSeconds * 1000) / 1000,
    // CPU of this process only (Postgres' share is not in it); the machine is shared, so wall time varies.
    nodeCpuMicrosPerEvent: Math.round((cpuMicros / Math.max(result.logEvents, 1)) * 10) / 10,
  };
}

async function measure(run: () => Promise<RebuildResult>) {
  const cpu = process.cpuUsage();
  const r = await timed(run);
  const used = process.cpuUsage(cpu);
  return figures(r.value, r.seconds, used.user + used.system);
}

/** Rebuilds every read model one at a time, then all in one pass, and returns the figures of each. */
export async function measureRebuilds(pool: pg.Pool) {
  const perProjection: Record<string, ReturnType<typeof figures>> = {};
  for (const p of PROJECTIONS) perProjection[p.name] = await measure(() => rebuildProjection(pool, p));
  const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
  const allTogether = await measure(() => rebuildProjections(pool, PROJECTIONS));
  return {
    target: REBUILD_TARGET,
    loadAverage,
    allTogether,
    perProjection,
    slowestSingle: Math.min(...Object.values(perProjection).map((f) => f.eventsPerSecond)),
  };
}

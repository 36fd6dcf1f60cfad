import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type Role, signToken } from '../../../api/auth';
import { handle } from '../../../domain/decider';
import {
  ALE_CALENDAR_2027,
  ALE_ORGAN,
  ALE_ORGANS,
  aleMunicipalityCommands,
} from '../../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../../domain/municipality/commands';
import { municipalityDecider } from '../../../domain/municipality/decider';
import { municipalityStream } from '../../../domain/streams';
import type { EventStore } from '../../../eventstore/index';
import type { ApiHarness } from '../support';
import { STAGES } from './cycle-bodies';
import { standingSteering } from './municipality-bodies';
import { API_TABLES, type ApiTable, type Stage } from './types';

/** A fresh municipality has Ale's people and steering, and three organs: KF, KS and BUN. */
const FRESH_ORGAN_IDS: readonly string[] = [ALE_ORGAN.kf, ALE_ORGAN.ks, ALE_ORGAN.bun];
export const FRESH_ORGANS = ALE_ORGANS.filter((o) => FRESH_ORGAN_IDS.includes(o.organId));

/** The commands that set a fresh municipality up under an id (Ale's, narrowed to its three organs). */
function freshMunicipalityCommands(municipalityId: string): MunicipalityCommandInput[] {
  const commands = aleMunicipalityCommands().filter((c) => {
    const organId = (c as { organId?: string }).organId;
    return organId === undefined || FRESH_ORGAN_IDS.includes(organId);
  });
  return [
    ...commands.map((c) =>
      c.type === 'RegisterMunicipality'
        ? { ...c, municipalityId, name: `Matriskommun ${municipalityId}` }
        : c,
    ),
    ...standingSteering([ALE_ORGAN.bun, ALE_ORGAN.ks]),
  ];
}

/**
 * Registers fresh municipalities at once: each one's commands decided in memory and appended to its
 * stream in one append (the same events the commands would store one by one), `extra` after them.
 */
export async function registerFresh(
  store: EventStore,
  municipalities: readonly { municipalityId: string; extra: MunicipalityCommandInput[] }[],
): Promise<void> {
  await Promise.all(
    municipalities.map(async ({ municipalityId, extra }) => {
      let state = municipalityDecider.initialState();
      const events: { type: string; schemaVersion: number; data: unknown }[] = [];
      for (const command of [...freshMunicipalityCommands(municipalityId), ...extra]) {
        const result = handle(municipalityDecider, state, command);
        state = result.state;
        events.push(...result.events);
      }
      await store.append(
        municipalityStream(municipalityId),
        'no_stream',
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
        })),
        {
          actor: 'test:matrix',
          occurredAt: '2026-01-07T08:00:00.000Z',
          correlationId: municipalityStream(municipalityId),
          causationId: 'test:matrix-setup',
        },
      );
    }),
  );
}

/** Development tokens per municipality and role, for the matrix's people. */
export function tokenSource(users: Record<Role, string>) {
  const tokens = new Map<string, Promise<string>>();
  return (municipality: string, role: Role): Promise<string> => {
    const key = `${municipality}/${role}`;
    let token = tokens.get(key);
    if (!token) {
      token = signToken({ sub: users[role], municipality, roles: [role], organs: [] });
      tokens.set(key, token);
    }
    return token;
  };
}

/** What is stored, per municipality (but those whose id starts with `except`): events and API table rows. */
export async function storedCounts(pool: pg.Pool, except?: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const { rows } = await pool.query<{ chain_id: string; n: string }>(
    'select chain_id, count(*) as n from events group by chain_id',
  );
  const counted = (municipalityId: string) => except === undefined || !municipalityId.startsWith(except);
  for (const row of rows) if (counted(row.chain_id)) counts.set(`events ${row.chain_id}`, Number(row.n));
  for (const table of API_TABLES) {
    const result = await pool.query<{ municipality_id: string; n: string }>(
      `select municipality_id, count(*) as n from ${table} group by municipality_id`,
    );
    for (const row of result.rows)
      if (counted(row.municipality_id)) counts.set(`${table} ${row.municipality_id}`, Number(row.n));
  }
  return counts;
}

/** The keys whose counts differ between two snapshots. */
export function changedCounts(before: Map<string, number>, after: Map<string, number>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((k) => before.get(k) !== after.get(k))
    .map((k) => `${k}: ${before.get(k) ?? 0} → ${after.get(k) ?? 0}`);
}

/** The trace a success leaves: the caller's events in the municipality's chain, or its rows in a table. */
export async function effectCount(
  pool: pg.Pool,
  municipalityId: string,
  user: string,
  stores: 'events' | ApiTable,
): Promise<number> {
  const { rows } =
    stores === 'events'
      ? await pool.query<{ n: string }>(
          // Tasks are given out, asynchronously, in the name of whoever started the cycle: not an effect.
          `select count(*) as n from events
           where chain_id = $1 and metadata->>'actor' = $2 and type <> 'TaskAssigned'`,
          [municipalityId, user],
        )
      : await pool.query<{ n: string }>(`select count(*) as n from ${stores} where municipality_id = $1`, [
          municipalityId,
        ]);
  return Number(rows[0]?.n);
}

/** Polls until `done` holds (the workflows record asynchronously), or gives up after `ms`. */
export async function eventually(
  done: () => Promise<boolean>,
  { ms = 60_000, every = 100 }: { ms?: number; every?: number } = {},
): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Starts cycle 2027 in a municipality with its clock at the stage, and waits until its phase is open. */
export async function startCycleAtStage(a: ApiHarness, municipalityId: string, owner: string, stage: Stage) {
  const m = `/municipalities/${municipalityId}`;
  await a.client.ok('POST', `${m}/cycles`, {
    token: owner,
    body: { calendar: ALE_CALENDAR_2027, clock: { startAt: STAGES[stage].startAt } },
  });
  const open = await eventually(
    async () => {
      const res = await a.client.request<{ cycle?: { phases?: Record<string, string> } }>(
        'GET',
        `${m}/cycles/2027`,
        {
          token: owner,
        },
      );
      return res.status === 200 && res.body.cycle?.phases?.[STAGES[stage].phase] === 'open';
    },
    // A late cycle opens six phases and gives out every task at once: slow on a busy machine.
    { ms: 180_000, every: 250 },
  );
  if (!open) throw new Error(`${municipalityId}: phase ${STAGES[stage].phase} did not open`);
}

/** Runs `work` over the items, at most `limit` at a time. */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

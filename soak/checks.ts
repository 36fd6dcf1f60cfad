/**
 * What the soak checks after its run, each a fact read back from where it lives: the cycles and the
 * hash chains through the API, the event ids on Kafka, the read models against their rebuild, the
 * e-mails in Mailpit, the workflows in Temporal.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import type { ApiClient } from '../demo/http-port';
import { ALE_USERS } from '../domain/examples/ale';
import { mailpitWebUrl } from '../mail/config';
import { mailStatus } from '../mail/status';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { PROJECTIONS, type Projection, projectionStatus, rebuildProjection } from '../projections/index';
import { relayStatus } from '../relay/index';
import { serviceUrls } from '../services/config';
import { kommunTokens } from './people';

export interface CheckResult {
  name: string;
  /** The check in Swedish, as printed. */
  label: string;
  ok: boolean;
  /** Swedish, one line: what was found. */
  detail: string;
  figures?: Record<string, number>;
}

export interface CheckContext {
  client: ApiClient;
  pool: pg.Pool;
  topic: string;
  /** The run's suffix: every workflow id of the run contains it. */
  run: string;
  municipalityIds: readonly string[];
  log: (line: string) => void;
}

const POLL_MS = 500;

/** Waits until `done` says yes; false after the timeout. */
async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await delay(POLL_MS);
  }
}

/** Runs a check on at most `limit` municipalities at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, act: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await act(item);
    }),
  );
}

export async function cyclesClosed(c: CheckContext): Promise<CheckResult> {
  const notClosed: string[] = [];
  await eachLimited(c.municipalityIds, 16, async (id) => {
    const token = await kommunTokens(id)(ALE_USERS.processOwner);
    const res = await c.client.request<{ cycle?: { status: string } }>(
      'GET',
      `/municipalities/${id}/cycles/2027`,
      {
        token,
      },
    );
    if (res.body.cycle?.status !== 'closed')
      notClosed.push(`${id} (${res.body.cycle?.status ?? res.status})`);
  });
  const n = c.municipalityIds.length;
  return {
    name: 'cycles-closed',
    label: 'Varje cykel stängd',
    ok: notClosed.length === 0,
    detail: notClosed.length ? `ej stängda: ${notClosed.slice(0, 10).join(', ')}` : `${n} av ${n} stängda`,
    figures: { closed: n - notClosed.length, total: n },
  };
}

export async function auditVerified(c: CheckContext): Promise<CheckResult> {
  const broken: string[] = [];
  let events = 0;
  await eachLimited(c.municipalityIds, 8, async (id) => {
    const token = await kommunTokens(id)(ALE_USERS.auditor);
    const res = await c.client.request<{ ok: boolean; count?: number; reason?: string }>(
      'GET',
      `/municipalities/${id}/audit/verify`,
      { token },
    );
    if (res.status !== 200 || !res.body.ok) broken.push(`${id} (${res.body.reason ?? `HTTP ${res.status}`})`);
    else events += res.body.count ?? 0;
  });
  return {
    name: 'audit-verify',
    label: 'Revisionens kontroll av hashkedjan (audit verify) för varje kommun',
    ok: broken.length === 0,
    detail: broken.length
      ? `brutna: ${broken.slice(0, 10).join(', ')}`
      : `obruten i ${c.municipalityIds.length} kommuner, ${events} händelser kontrollerade`,
    figures: { municipalities: c.municipalityIds.length, events, broken: broken.length },
  };
}

export async function everyEventOnKafka(c: CheckContext): Promise<CheckResult> {
  const caughtUp = await until(async () => (await relayStatus(c.pool, c.topic)).lag === 0, 180_000);
  const { rows } = await c.pool.query<{ event_id: string }>('select event_id from events');
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: `arshjul-soak-check-${c.run}` });
  const seen = new Map<string, number>();
  // readToEnd connects and disconnects its own consumer: nothing to close here.
  for (const message of await bus.readToEnd(c.topic, {})) {
    const id = (JSON.parse(message.value) as { id?: string }).id;
    if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const missing = rows.filter((r) => !seen.has(r.event_id));
  // At least once: a relay killed after publishing and before its checkpoint publishes again.
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  return {
    name: 'events-on-kafka',
    label: 'Varje händelse-id finns på Kafka',
    ok: caughtUp && missing.length === 0,
    detail: missing.length
      ? `${missing.length} av ${rows.length} saknas (t.ex. ${missing[0]?.event_id})`
      : `${rows.length} av ${rows.length} på ${c.topic}${duplicates ? ` (${duplicates} publicerade mer än en gång efter omstart)` : ''}`,
    figures: { events: rows.length, missing: missing.length, republished: duplicates },
  };
}

/** Every row of a projection's tables as JSON text, sorted: equal dumps mean equal read models. */
async function dumpTables(pool: pg.Pool, projection: Projection): Promise<string[]> {
  const rows: string[] = [];
  for (const table of projection.tables) {
    const result = await pool.query<{ row: string }>(`select to_jsonb(t)::text as row from ${table} t`);
    rows.push(...result.rows.map((r) => `${table} ${r.row}`));
  }
  return rows.sort();
}

export async function readModelsEqualRebuild(c: CheckContext): Promise<CheckResult> {
  const names = PROJECTIONS.map((p) => p.name);
  const caughtUp = await until(
    async () => (await projectionStatus(c.pool, names)).every((s) => s.lag === 0),
    180_000,
  );
  const differing: string[] = [];
  let rowCount = 0;
  for (const projection of PROJECTIONS) {
    const live = await dumpTables(c.pool, projection);
    await rebuildProjection(c.pool, projection);
    const rebuilt = await dumpTables(c.pool, projection);
    rowCount += live.length;
    const same = live.length === rebuilt.length && live.every((row, i) => row === rebuilt[i]);
    if (!same) differing.push(`${projection.name} (${live.length} mot ${rebuilt.length} rader)`);
  }
  return {
    name: 'read-models-rebuild',
    label: 'Varje läsmodell lika med sin ombyggnad från händelselagret',
    ok: caughtUp && differing.length === 0,
    detail: differing.length
      ? `skiljer sig: ${differing.join(', ')}`
      : `${PROJECTIONS.length} läsmodeller, ${rowCount} rader, lika efter ombyggnad${caughtUp ? '' : ' (hann inte ikapp)'}`,
    figures: { readModels: PROJECTIONS.length, rows: rowCount, differing: differing.length },
  };
}

/** Mailpit's MessageID, without the angle brackets the header has. */
const bare = (id: string) => id.replace(/^<|>$/g, '');

export async function everyMailOnce(c: CheckContext): Promise<CheckResult> {
  const settled = await until(async () => {
    const s = await mailStatus(c.pool);
    return s.position >= s.head && s.pending + s.sending === 0;
  }, 180_000);
  const { rows } = await c.pool.query<{ message_id: string; status: string; attempts: number }>(
    'select message_id, status, attempts from mail_outbox',
  );
  const inMailpit = new Map<string, number>();
  const pageSize = 1000;
  for (let start = 0; ; start += pageSize) {
    const res = await fetch(`${mailpitWebUrl()}/api/v1/messages?start=${start}&limit=${pageSize}`);
    if (!res.ok) throw new Error(`Mailpit svarade ${res.status}`);
    const page = (await res.json()) as { messages: { MessageID: string }[] };
    for (const m of page.messages)
      inMailpit.set(bare(m.MessageID), (inMailpit.get(bare(m.MessageID)) ?? 0) + 1);
    if (page.messages.length < pageSize) break;
  }
  const unsent = rows.filter((r) => r.status !== 'sent').length;
  const missing = rows.filter((r) => !inMailpit.has(bare(r.message_id))).length;
  const twice = rows.filter((r) => (inMailpit.get(bare(r.message_id)) ?? 0) > 1).length;
  const resent = rows.filter((r) => r.attempts > 1).length;
  return {
    name: 'mail-once',
    label: 'Varje e-brev skickat en gång (Mailpit, räknat per Message-ID)',
    ok: settled && rows.length > 0 && unsent === 0 && missing === 0 && twice === 0,
    detail:
      `${rows.length} e-brev planerade, ${rows.length - unsent} skickade, ${missing} saknas i Mailpit, ` +
      `${twice} fler än en gång${resent ? ` (${resent} lämnades över igen med samma Message-ID)` : ''}`,
    figures: { planned: rows.length, unsent, missing, moreThanOnce: twice, handedOverAgain: resent },
  };
}

export async function noWorkflowStuck(c: CheckContext): Promise<CheckResult> {
  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  const running: string[] = [];
  try {
    const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
    // Visibility lags a little behind the workflows' completion: look again for a while.
    await until(async () => {
      running.length = 0;
      for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
        if (wf.workflowId.includes(`-${c.run}`)) running.push(wf.workflowId);
      }
      return running.length === 0;
    }, 30_000);
  } finally {
    await connection.close();
  }
  return {
    name: 'no-workflow-stuck',
    label: 'Inget arbetsflöde kör kvar efter sin cykels slut',
    ok: running.length === 0,
    detail: running.length ? `${running.length} kör: ${running.slice(0, 5).join(', ')}` : 'inga kvar',
    figures: { running: running.length },
  };
}

export const CHECKS = [
  ['cycles-closed', cyclesClosed],
  ['audit-verify', auditVerified],
  ['events-on-kafka', everyEventOnKafka],
  ['read-models-rebuild', readModelsEqualRebuild],
  ['mail-once', everyMailOnce],
  ['no-workflow-stuck', noWorkflowStuck],
] as const;

/** Runs every check; one that throws counts as failed, with its error. */
export async function runChecks(c: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, check] of CHECKS) {
    try {
      results.push(await check(c));
    } catch (error) {
      results.push({ name, label: name, ok: false, detail: `fel: ${String(error)}` });
    }
    const last = results.at(-1);
    if (last) c.log(`${last.ok ? 'OK  ' : 'FEL '} ${last.label}: ${last.detail}`);
  }
  return results;
}

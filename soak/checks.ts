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
import { mailStatus } from '../mail/status';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { compareWithRebuild, PROJECTIONS, projectionStatus } from '../projections/index';
import { relayStatus } from '../relay/index';
import { serviceUrls } from '../services/config';
import { bareMessageId, countInbox, duplicatesIgnored } from './mailpit-inbox';
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
  /** Mailpit's count of left-out copies before the run: the Mailpit may be shared (the test suite's is). */
  mailpitIgnoredBefore: number;
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

export async function readModelsEqualRebuild(c: CheckContext): Promise<CheckResult> {
  const names = PROJECTIONS.map((p) => p.name);
  const caughtUp = await until(
    async () => (await projectionStatus(c.pool, names)).every((s) => s.lag === 0),
    180_000,
  );
  // Events keep coming while the check runs (reminders, escalations): each live model is compared
  // with its rebuild at the live model's own checkpoint, never with a rebuild further on, and the
  // live tables are left as they are.
  const differing: string[] = [];
  let rowCount = 0;
  for (const projection of PROJECTIONS) {
    const compared = await compareWithRebuild(c.pool, projection);
    rowCount += compared.liveRows;
    if (!compared.same) {
      differing.push(
        `${projection.name} vid ${compared.position} (${compared.liveRows} mot ${compared.rebuiltRows} rader)`,
      );
      for (const row of compared.onlyLive)
        c.log(`   ${projection.name} bara i läsmodellen: ${row.slice(0, 300)}`);
      for (const row of compared.onlyRebuilt)
        c.log(`   ${projection.name} bara i ombyggnaden: ${row.slice(0, 300)}`);
    }
  }
  return {
    name: 'read-models-rebuild',
    label: 'Varje läsmodell lika med sin ombyggnad från händelselagret',
    ok: caughtUp && differing.length === 0,
    detail:
      (differing.length
        ? `skiljer sig: ${differing.join(', ')}`
        : `${PROJECTIONS.length} läsmodeller, ${rowCount} rader, lika med ombyggnaden vid samma position`) +
      (caughtUp ? '' : ' (hann inte ikapp)'),
    figures: { readModels: PROJECTIONS.length, rows: rowCount, differing: differing.length },
  };
}

export async function everyMailOnce(c: CheckContext): Promise<CheckResult> {
  const settled = await until(async () => {
    const s = await mailStatus(c.pool);
    return s.position >= s.head && s.pending + s.sending === 0;
  }, 180_000);
  const { rows } = await c.pool.query<{ message_id: string; status: string; attempts: number }>(
    'select message_id, status, attempts from mail_outbox',
  );
  const { copies: inMailpit, listedTwice } = await countInbox();
  const ignored = (await duplicatesIgnored()) - c.mailpitIgnoredBefore;
  const unsent = rows.filter((r) => r.status !== 'sent').length;
  const missing = rows.filter((r) => !inMailpit.has(bareMessageId(r.message_id))).length;
  const twice = rows.filter((r) => (inMailpit.get(bareMessageId(r.message_id)) ?? 0) > 1).length;
  const resent = rows.filter((r) => r.attempts > 1).length;
  // Mailpit keeps one copy per Message-ID (as Exchange and Gmail do) and counts the copies it left out.
  // Only a sender that claimed a row again (after a crash between handover and commit) may hand it
  // over again: more left-out copies than such claims is a duplicate without that crash.
  const claimedAgain = rows.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0);
  const unexplained = Math.max(0, ignored - claimedAgain);
  return {
    name: 'mail-once',
    label: 'Varje e-brev skickat en gång (Mailpit, räknat per Message-ID)',
    ok: settled && rows.length > 0 && unsent === 0 && missing === 0 && twice === 0 && unexplained === 0,
    detail:
      `${rows.length} e-brev planerade, ${rows.length - unsent} skickade, ${missing} saknas i Mailpit, ` +
      `${twice} fler än en gång; ${resent} lämnades över igen med samma Message-ID efter ett avbrott, ` +
      `${ignored} kopior sållade bort av Mailpit${unexplained ? ` (${unexplained} utan avbrott)` : ''}`,
    figures: {
      planned: rows.length,
      unsent,
      missing,
      moreThanOnce: twice,
      handedOverAgain: resent,
      copiesIgnored: ignored,
      copiesWithoutInterruption: unexplained,
      listedTwice,
    },
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

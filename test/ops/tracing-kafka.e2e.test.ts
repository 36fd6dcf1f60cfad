import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aleTokens, registerAleViaApi } from '../../demo/ale';
import { ApiClient } from '../../demo/http-port';
import { ALE_USERS } from '../../domain/examples/ale';
import { EventStore } from '../../eventstore';
import { healthPortEnv } from '../../ops/health-server';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { serviceUrls } from '../../services/config';
import { freePorts, type SpawnedCli, spawnCli, waitUntilOk } from '../support/child-processes';
import {
  ancestry,
  type CollectedSpan,
  type OtlpCollector,
  startOtlpCollector,
  stopTracedDeployment,
} from '../support/otlp-collector';

const SERVER = 2; // OTLP's SPAN_KIND_SERVER
const PRODUCER = 4;
const CONSUMER = 5;
const CLIENT = 3;
const PROCESSES = ['worker', 'relay', 'projections', 'mail'] as const;

/**
 * Every process of a deployment exporting to our own OTLP/HTTP receiver: one request's trace runs from
 * the API through Temporal to the store's append, then across Kafka to a read model's write, and from
 * the store to the e-mail's hand-over to SMTP.
 */
describe('OpenTelemetry traces across Kafka: relay, projections and the e-mail sender', () => {
  let up: SpawnedCli;
  let collector: OtlpCollector;
  let api: string;
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 2 });
  const municipalityId = `tracek-${Date.now().toString(36)}`;
  const taskQueue = `arshjul-tracing-kafka-${Date.now().toString(36)}`;
  const traceId = 'ef'.repeat(16);

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const [apiPort, ...processPorts] = await freePorts(1 + PROCESSES.length);
    api = `http://127.0.0.1:${apiPort}`;
    const env: NodeJS.ProcessEnv = {
      ARSHJUL_API_PORT: String(apiPort),
      ARSHJUL_TASK_QUEUE: taskQueue,
      ARSHJUL_HEAD_SIGN_INTERVAL_SECONDS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    };
    const health: Record<string, number> = {};
    PROCESSES.forEach((name, i) => {
      health[name] = processPorts[i] as number;
      env[healthPortEnv(name)] = String(health[name]);
    });
    up = spawnCli(['up', '--no-services'], env);
    await waitUntilOk(`${api}/readyz`, 240_000, up.output);
    for (const name of PROCESSES)
      await waitUntilOk(`http://127.0.0.1:${health[name]}/readyz`, 240_000, up.output);
  });

  afterAll(async () => {
    await stopTracedDeployment({ municipalityId, up, collector });
    await pool.end();
  });

  async function waitForSpans<T>(found: (spans: CollectedSpan[]) => T | undefined): Promise<T> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const result = found(collector.spans());
      if (result !== undefined) return result;
      if (Date.now() > deadline) {
        const names = collector.spans().map((s) => `${s.service} ${s.name} ${s.traceId}`);
        throw new Error(`the expected spans never arrived; got:\n${names.join('\n')}\n${up.output()}`);
      }
      await delay(500);
    }
  }

  const described = (chain: CollectedSpan[]) => chain.map((s) => `${s.service} ${s.name}`);

  it("the cycle's start: from the request to a read model's write and to an e-mail, one trace", async () => {
    const client = new ApiClient(api);
    const token = await aleTokens(municipalityId)(ALE_USERS.processOwner);
    await registerAleViaApi(client, municipalityId, token);
    const started = await fetch(`${api}/municipalities/${municipalityId}/cycles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${'12'.repeat(8)}-01`,
      },
      body: JSON.stringify({ calendar: aleCycleInput().calendar }),
    });
    expect(started.status).toBe(201);

    const inTrace = (spans: CollectedSpan[]) => spans.filter((s) => s.traceId === traceId);
    // The workflow's own span reaches the collector when the workflow ends, and the cycle runs on: the
    // chain is followed up to the local step that appended, in the request's trace.
    // A local step's StartActivity span is exported with its workflow's later activation, which may not
    // have come yet: the chain may begin at the step's RunActivity span instead.
    const root = (chain: CollectedSpan[]) =>
      /^(Start|Run)Activity:appendDecision$/.test(chain[0]?.name ?? '');
    const toReadModel = await waitForSpans((spans) => {
      const same = inTrace(spans);
      const apply = same.find((s) => s.name === 'projection.apply task_inbox');
      const chain = apply && ancestry(same, apply);
      return chain && root(chain) ? chain : undefined;
    });
    const toMail = await waitForSpans((spans) => {
      const same = inTrace(spans);
      const send = same.find((s) => s.name === 'mail.send');
      const chain = send && ancestry(same, send);
      return chain && root(chain) ? chain : undefined;
    });
    console.log(`trace ${traceId}, to the read model:\n  ${described(toReadModel).join('\n  ')}`);
    console.log(`trace ${traceId}, to the e-mail:\n  ${described(toMail).join('\n  ')}`);

    // The request's span (the caller's traceparent continued), then the append in the worker, then
    // Kafka's two ends.
    const request = inTrace(collector.spans()).find((s) => s.kind === SERVER);
    expect(request?.name).toBe('POST /municipalities/:municipalityId/cycles');
    expect(request?.parentSpanId).toBe('12'.repeat(8));
    expect(described(toReadModel).slice(-3)).toEqual([
      'arshjul-worker eventstore.append',
      'arshjul-relay relay.publish',
      'arshjul-projections projection.apply task_inbox',
    ]);
    const [append, publish, apply] = toReadModel.slice(-3);
    expect([publish?.kind, apply?.kind]).toEqual([PRODUCER, CONSUMER]);
    expect(publish?.attributes['messaging.destination.name']).toBe('arshjul.events');
    expect(apply?.attributes['arshjul.projection']).toBe('task_inbox');
    expect(apply?.attributes['arshjul.event_types']).toContain('TaskAssigned');
    // The events the read model folded are the ones this append stored, with its trace context.
    const positions = apply?.attributes['arshjul.global_positions'] as number[];
    const stored = await new EventStore(pool).readAll({ after: Math.min(...positions) - 1, limit: 1 });
    expect(stored[0]?.metadata.traceparent).toBe(`00-${traceId}-${append?.spanId}-01`);

    expect(described(toMail).slice(-2)).toEqual([
      'arshjul-worker eventstore.append',
      'arshjul-mail mail.send',
    ]);
    const send = toMail.at(-1);
    expect(send?.kind).toBe(CLIENT);
    expect(send?.attributes['arshjul.mail.kind']).toBe('assigned');
    expect(toMail[0]?.traceId).toBe(request?.traceId);
  });
});

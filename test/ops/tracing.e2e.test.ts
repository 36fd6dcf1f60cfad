import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aleTokens, registerAleViaApi } from '../../demo/ale';
import { ApiClient } from '../../demo/http-port';
import { ALE_USERS } from '../../domain/examples/ale';
import { cycleStream } from '../../domain/streams';
import { healthPortEnv } from '../../ops/health-server';
import { ALE_DISCHARGE_MOVED_TO, aleCycleInput } from '../../scenario/ale-scenario';
import { freePorts, type SpawnedCli, spawnCli, waitUntilOk } from '../support/child-processes';
import {
  ancestry,
  type CollectedSpan,
  type OtlpCollector,
  startOtlpCollector,
  stopTracedDeployment,
} from '../support/otlp-collector';

const SERVER = 2; // OTLP's SPAN_KIND_SERVER

/**
 * The API and the worker as separate processes with OTEL_EXPORTER_OTLP_ENDPOINT pointing at our own
 * OTLP/HTTP receiver: one request's trace runs from the API through Temporal to the event store.
 */
describe('OpenTelemetry traces from the API through Temporal to the store', () => {
  let up: SpawnedCli;
  let collector: OtlpCollector;
  let api: string;
  const municipalityId = `trace-${Date.now().toString(36)}`;
  const taskQueue = `arshjul-tracing-${Date.now().toString(36)}`;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const [apiPort, workerPort] = await freePorts(2);
    api = `http://127.0.0.1:${apiPort}`;
    up = spawnCli(['up', '--no-services', '--only', 'api,worker'], {
      ARSHJUL_API_PORT: String(apiPort),
      [healthPortEnv('worker')]: String(workerPort),
      ARSHJUL_TASK_QUEUE: taskQueue,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    });
    await waitUntilOk(`${api}/readyz`, 240_000, up.output);
    await waitUntilOk(`http://127.0.0.1:${workerPort}/readyz`, 240_000, up.output);
  });

  afterAll(async () => {
    await stopTracedDeployment({ municipalityId, up, collector });
  });

  /** Polls the collector until `found` picks something from the spans (the processes export in batches). */
  async function waitForSpans<T>(found: (spans: CollectedSpan[]) => T | undefined): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const result = found(collector.spans());
      if (result !== undefined) return result;
      if (Date.now() > deadline) {
        const names = collector.spans().map((s) => `${s.service} ${s.name}`);
        throw new Error(`the expected spans never arrived; got:\n${names.join('\n')}\n${up.output()}`);
      }
      await delay(250);
    }
  }

  it('one request: API span, Temporal update, workflow, activity and the store append in one trace', async () => {
    const client = new ApiClient(api);
    const token = await aleTokens(municipalityId)(ALE_USERS.processOwner);
    await registerAleViaApi(client, municipalityId, token);
    const m = `/municipalities/${municipalityId}`;
    await client.ok('POST', `${m}/cycles`, { token, body: { calendar: aleCycleInput().calendar } });
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    const changed = await fetch(`${api}${m}/cycles/2027/calendar-changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', traceparent },
      body: JSON.stringify({
        milestone: 'bokslut.discharge',
        date: ALE_DISCHARGE_MOVED_TO,
        reason: 'Flyttat',
      }),
    });
    expect(changed.status).toBe(200);

    // The caller's traceparent is continued: every span below is in its trace.
    const chain = await waitForSpans((spans) => {
      const append = spans.find(
        (s) =>
          s.name === 'eventstore.append' && s.traceId === 'ab'.repeat(16) && s.service === 'arshjul-worker',
      );
      if (!append) return undefined;
      const found = ancestry(spans, append);
      return found[0]?.kind === SERVER ? found : undefined;
    });
    const described = chain.map((s) => `${s.service} ${s.name}`);
    console.log(`trace ${'ab'.repeat(16)}:\n  ${described.join('\n  ')}`);
    expect(chain[0]?.parentSpanId).toBe('cd'.repeat(8));
    expect(described[0]).toBe(
      'arshjul-api POST /municipalities/:municipalityId/cycles/:budgetYear/calendar-changes',
    );
    expect(chain[0]?.attributes['http.response.status_code']).toBe(200);
    const worker = described.slice(2);
    expect(described[1]).toBe('arshjul-api StartWorkflowUpdate:cycleCommand');
    expect(worker[0]).toBe('arshjul-worker HandleUpdate:cycleCommand');
    expect(worker.at(-3)).toBe('arshjul-worker StartActivity:appendDecision');
    expect(worker.at(-2)).toBe('arshjul-worker RunActivity:appendDecision');
    expect(worker.at(-1)).toBe('arshjul-worker eventstore.append');
    const append = chain.at(-1);
    expect(append?.attributes['arshjul.stream_id']).toBe(cycleStream(municipalityId, 2027));
    expect(append?.attributes['arshjul.event_types']).toEqual(['CalendarDateChanged']);
  });

  it("the cycle's start: the request span, the workflow start and the activity's append share a trace", async () => {
    const start = await waitForSpans((spans) =>
      spans.find((s) => s.name === 'POST /municipalities/:municipalityId/cycles' && s.kind === SERVER),
    );
    const inTrace = await waitForSpans((spans) => {
      const same = spans.filter((s) => s.traceId === start.traceId);
      return same.some((s) => s.name === 'eventstore.append' && s.service === 'arshjul-worker')
        ? same
        : undefined;
    });
    const names = inTrace.map((s) => `${s.service} ${s.name}`);
    console.log(`trace ${start.traceId} (the cycle's start):\n  ${names.join('\n  ')}`);
    expect(names).toContain('arshjul-api StartWorkflow:annualCycleWorkflow');
    expect(names.some((n) => n.startsWith('arshjul-worker RunActivity:'))).toBe(true);
    // Registering the municipality appends in the API process: its request span is the append's parent.
    const register = collector
      .spans()
      .find((s) => s.name === 'POST /municipalities' && s.attributes['http.response.status_code'] === 201);
    expect(register).toBeDefined();
    const registerAppend = collector
      .spans()
      .find((s) => s.name === 'eventstore.append' && s.parentSpanId === register?.spanId);
    expect(registerAppend?.service).toBe('arshjul-api');
    // The readiness probes the test polled are left out of the traces.
    expect(collector.spans().filter((s) => s.name === 'GET /readyz')).toEqual([]);
  });
});

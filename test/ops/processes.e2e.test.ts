import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityCommandRequest } from '../../api/routes/organisation';
import { aleTokens, registerAleViaApi } from '../../demo/ale';
import { ApiClient } from '../../demo/http-port';
import { ALE_USERS, aleMunicipalityCommands } from '../../domain/examples/ale';
import { type HealthProcess, healthPortEnv } from '../../ops/health-server';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { serviceUrls } from '../../services/config';
import { annualCycleWorkflow } from '../../workflows/annual-cycle';
import { cycleWorkflowId, TASK_QUEUE } from '../../workflows/messages';
import {
  freePorts,
  getStatus,
  type SpawnedCli,
  sample,
  spawnCli,
  sumOf,
  waitUntilOk,
} from '../support/child-processes';

const NAMES: HealthProcess[] = ['worker', 'relay', 'projections', 'mail'];

/**
 * `arshjul up` as a real deployment would run it: five processes, each with its own /readyz and
 * /metrics; one stopped with SIGTERM exits cleanly, and `up` stops the rest the same way.
 */
describe('arshjul up: the app processes, their health and metrics', () => {
  let up: SpawnedCli;
  const ports = {} as Record<HealthProcess | 'api', number>;
  const base = (name: HealthProcess | 'api') => `http://127.0.0.1:${ports[name]}`;

  beforeAll(async () => {
    const picked = await freePorts(1 + NAMES.length);
    ports.api = picked[0] as number;
    NAMES.forEach((name, i) => {
      ports[name] = picked[i + 1] as number;
    });
    const env: NodeJS.ProcessEnv = { ARSHJUL_API_PORT: String(ports.api) };
    for (const name of NAMES) env[healthPortEnv(name)] = String(ports[name]);
    up = spawnCli(['up', '--no-services'], env);
    // The worker bundles the workflows and the consumers join their groups: give them time.
    for (const name of ['api', ...NAMES] as const)
      await waitUntilOk(`${base(name)}/readyz`, 240_000, up.output);
  });

  afterAll(async () => {
    if (up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await Promise.race([up.exit, delay(15_000)]);
    }
  });

  it('every process answers /healthz and /readyz with the dependencies it checked', async () => {
    const expected: Record<HealthProcess | 'api', string[]> = {
      api: ['database', 'temporal'],
      worker: ['database', 'temporal'],
      relay: ['database', 'kafka'],
      projections: ['database', 'kafka'],
      mail: ['database', 'smtp'],
    };
    for (const name of ['api', ...NAMES] as const) {
      expect(await getStatus(`${base(name)}/healthz`)).toBe(200);
      const ready = (await (await fetch(`${base(name)}/readyz`)).json()) as {
        ready: boolean;
        process: string;
        checks: Record<string, { ok: boolean }>;
      };
      expect(ready.ready, name).toBe(true);
      expect(ready.process).toBe(name);
      expect(Object.keys(ready.checks).sort()).toEqual(expected[name]);
    }
    // Their output reaches the terminal prefixed with the process's name.
    for (const name of ['api', ...NAMES]) expect(up.output()).toMatch(new RegExp(`\\[${name}\\s*\\] `));
  });

  it('exposes Prometheus metrics: HTTP latency, appends and conflicts, relay and projection lag', async () => {
    const municipalityId = `ops-${Date.now().toString(36)}`;
    const client = new ApiClient(base('api'));
    const token = await aleTokens(municipalityId)(ALE_USERS.processOwner);
    await registerAleViaApi(client, municipalityId, token);
    // The same municipality registered by many requests at once: those that read the stream before
    // the winner appended meet a moved stream (a version conflict). Rounds until one such race happened.
    const [register] = aleMunicipalityCommands();
    if (!register) throw new Error('Ale has no commands');
    const conflicts = async () =>
      sample(
        await (await fetch(`${base('api')}/metrics`)).text(),
        'arshjul_eventstore_version_conflicts_total',
      ) ?? 0;
    for (let round = 0; round < 10 && (await conflicts()) === 0; round++) {
      const racing = `${municipalityId}-race${round}`;
      const raceToken = await aleTokens(racing)(ALE_USERS.processOwner);
      const body = JSON.stringify({ ...municipalityCommandRequest(register).body, municipalityId: racing });
      const answers = await Promise.all(
        Array.from({ length: 16 }, () =>
          fetch(`${base('api')}/municipalities`, {
            method: 'POST',
            headers: { authorization: `Bearer ${raceToken}`, 'content-type': 'application/json' },
            body,
          }).then((r) => r.status),
        ),
      );
      expect(answers.filter((s) => s === 201)).toHaveLength(1);
    }

    const api = await (await fetch(`${base('api')}/metrics`)).text();
    expect(
      sample(
        api,
        'arshjul_http_request_duration_seconds_count{method="POST",route="/municipalities",status="201"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(sumOf(api, 'arshjul_http_request_duration_seconds_count')).toBeGreaterThan(10);
    expect(sample(api, 'arshjul_eventstore_appends_total{outcome="appended"}')).toBeGreaterThan(10);
    expect(sample(api, 'arshjul_eventstore_version_conflicts_total')).toBeGreaterThanOrEqual(1);

    // The relay publishes the new events and the projections apply them; their lag returns to 0.
    const deadline = Date.now() + 60_000;
    let relay = '';
    let projections = '';
    for (;;) {
      relay = await (await fetch(`${base('relay')}/metrics`)).text();
      projections = await (await fetch(`${base('projections')}/metrics`)).text();
      const caughtUp =
        sample(relay, 'arshjul_relay_lag_events{topic="arshjul.events"}') === 0 &&
        sample(projections, 'arshjul_projection_lag_events{projection="organisation"}') === 0;
      if (caughtUp || Date.now() > deadline) break;
      await delay(500);
    }
    expect(sample(relay, 'arshjul_relay_position{topic="arshjul.events"}')).toBeGreaterThan(0);
    expect(sample(relay, 'arshjul_relay_lag_events{topic="arshjul.events"}')).toBe(0);
    expect(sample(relay, 'arshjul_relay_lag_seconds{topic="arshjul.events"}')).toBe(0);
    expect(sample(projections, 'arshjul_projection_position{projection="organisation"}')).toBeGreaterThan(0);
    expect(sample(projections, 'arshjul_projection_lag_events{projection="organisation"}')).toBe(0);
    expect(projections).toContain('arshjul_projection_lag_seconds{projection="task_inbox"}');
    expect(sumOf(relay, 'arshjul_process_cpu_seconds_total')).toBeGreaterThan(0);

    // A cycle started on the worker: Temporal core's workflow task latency reaches the worker's /metrics.
    const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
    try {
      const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
      const handle = await client.workflow.start(annualCycleWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: cycleWorkflowId(municipalityId, 2027),
        args: [{ ...aleCycleInput({ speedup: 1 }), municipalityId }],
      });
      let worker = '';
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        worker = await (await fetch(`${base('worker')}/metrics`)).text();
        // The cycle's first workflow task, and its first activity's append (the cycle's start).
        if (
          sumOf(worker, 'temporal_workflow_task_execution_latency_seconds_count') > 0 &&
          sumOf(worker, 'arshjul_eventstore_appends_total') > 0
        )
          break;
        await delay(500);
      }
      await handle.terminate('the metrics test has seen its workflow task');
      expect(sumOf(worker, 'temporal_workflow_task_execution_latency_seconds_count')).toBeGreaterThan(0);
      expect(sumOf(worker, 'arshjul_eventstore_appends_total')).toBeGreaterThan(0);
    } finally {
      await connection.close();
    }
  });

  it('a process stopped with SIGTERM exits cleanly, and up stops the others the same way', async () => {
    const pid = Number(/\[relay\s*\] startad \(pid (\d+)\)/.exec(up.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (!/\[relay\s*\] slutade utan att up stoppade den \(kod 0\)/.test(up.output())) {
      if (Date.now() > deadline) throw new Error(`the relay did not exit with 0:\n${up.output()}`);
      await delay(200);
    }
    expect(up.output()).toContain('relä: stoppad');
    expect(await getStatus(`${base('relay')}/healthz`)).toBeNull();
    // The others still answer.
    expect(await getStatus(`${base('api')}/readyz`)).toBe(200);

    up.child.kill('SIGTERM');
    const { code } = await up.exit;
    expect(code, up.output()).toBe(0);
    for (const name of ['api', ...NAMES] as const)
      expect(await getStatus(`${base(name)}/healthz`)).toBeNull();
    expect(up.output()).toContain('up: allt stoppat');
  });
});

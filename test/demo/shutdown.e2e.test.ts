import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceUrls } from '../../services/config';
import { servicesStatus } from '../../services/index';
import { cycleWorkflowId } from '../../workflows/messages';
import { spawnCli } from '../support/child-processes';

/** A port of its own, so a developer's running demo (8080) does not answer for this one. */
const PORT = Number(process.env.ARSHJUL_DEMO_TEST_PORT ?? 8197);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

describe('the demo process', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('ends within 5 s of SIGTERM while the scenario runs, and leaves the services up', async () => {
    const cli = spawnCli(['demo', '--port', String(PORT)], {});
    child = cli.child;
    const { exit } = cli;

    // Start-up bundles the workflows and starts the services if needed: give it time.
    const deadline = Date.now() + 240_000;
    while (!(await answers(`http://127.0.0.1:${PORT}/openapi.json`))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the demo never answered:\n${cli.output()}`);
      await delay(250);
    }
    // Into the scenario, where the worker, relay and projections are all busy.
    while (!cli.output().includes('[2/7]') && Date.now() < deadline) await delay(100);

    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code } = await exit;
    const tookMs = Date.now() - signalled;

    expect(tookMs, cli.output()).toBeLessThan(5_000);
    expect(code, cli.output()).toBe(143);
    expect(cli.output()).toContain('stängt på');
    expect(await answers(`http://127.0.0.1:${PORT}/openapi.json`)).toBe(false);
    // Its own cycle was ended with it: nothing of the interrupted demo runs on in Temporal.
    const municipalityId = /Registrerar Ale kommun som '([^']+)'/.exec(cli.output())?.[1];
    expect(municipalityId, cli.output()).toBeDefined();
    const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
    try {
      const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
      const described = await client.workflow
        .getHandle(cycleWorkflowId(municipalityId as string, 2027))
        .describe();
      expect(described.status.name).toBe('TERMINATED');
    } finally {
      await connection.close();
    }
    const running = await servicesStatus(['postgres', 'temporal', 'kafka']);
    expect(running.map((s) => [s.name, s.answers])).toStrictEqual([
      ['postgres', true],
      ['temporal', true],
      ['kafka', true],
    ]);
  }, 300_000);
});

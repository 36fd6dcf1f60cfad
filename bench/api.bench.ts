import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { signToken } from '../api/auth';
import { ALE_NULAGESANALYS_BUN, ALE_USERS } from '../domain/examples/ale';
import type { MunicipalityCommandInput } from '../domain/municipality/commands';
import { aleCycleInput } from '../scenario/ale-scenario';
import { createApiHarness } from '../test/api/support';
import { type ResolvedClock, workflowMsUntil } from '../workflows/clock';
import type { Bench } from './types';

const READERS = Number(process.env.BENCH_API_READERS ?? 2000);
const SUBMITTERS = Number(process.env.BENCH_API_SUBMITTERS ?? 200);
const MUNICIPALITIES = Number(process.env.BENCH_API_MUNICIPALITIES ?? 20);
const READ_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
/** Ale's own organs with a secretary; the rest of each municipality's secretaries get nämnder of their own. */
const ALE_SECRETARIES = Object.keys(ALE_USERS.secretaries).length;
const TARGET = { readP99Ms: 300, submitP99Ms: 1000 };
/** Tasks are given out in the nulägesanalys phase: every organ has one then. */
const NULAGESANALYS_OPEN = '2026-02-10T09:00:00+01:00';

interface Secretary {
  municipalityId: string;
  organId: string;
  userId: string;
  token: string;
}

interface LoadResult {
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  throughputPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
}

interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function load(
  url: string,
  options: {
    connections: number;
    duration?: number;
    amount?: number;
    /** Requests per second of each connection (a person's pace); absent: each sends as fast as answered. */
    connectionRate?: number;
    requests: LoadRequest[];
  },
) {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./api-load-client.mjs', import.meta.url)), {
      stdio: 'inherit',
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`autocannon exited with ${code}`));
    });
    child.send({ url, ...options });
  });
}

/** A nulägesanalys any committee can hand in: the council goals and external factors are the municipality's. */
const SUBMISSION = {
  ...ALE_NULAGESANALYS_BUN,
  nulagesanalys: {
    ...ALE_NULAGESANALYS_BUN.nulagesanalys,
    goalFulfilment: ALE_NULAGESANALYS_BUN.nulagesanalys.goalFulfilment.filter(
      (g) => g.goalType === 'council',
    ),
    proposedOrganGoals: [],
  },
};

const bench: Bench = {
  name: 'api',
  description: `${READERS} secretaries reading their inboxes while ${SUBMITTERS} submit at once (autocannon over HTTP)`,
  async run({ log }) {
    const a = await createApiHarness('bench_api', { rateLimit: null });
    try {
      const perMunicipality = Math.ceil(READERS / MUNICIPALITIES);
      const secretaries: Secretary[] = [];
      const municipalities = Array.from(
        { length: MUNICIPALITIES },
        (_, i) => `bench-${String(i).padStart(3, '0')}`,
      );
      log(`registering ${MUNICIPALITIES} municipalities with ${perMunicipality} secretaries each`);
      for (const municipalityId of municipalities) {
        await a.h.registerAle(municipalityId);
        const extra: MunicipalityCommandInput[] = [];
        const at = '2026-01-07T08:00:00.000Z';
        const actor = ALE_USERS.processOwner;
        for (let n = 0; n < perMunicipality - ALE_SECRETARIES; n++) {
          const organId = `namnd-${n}`;
          extra.push(
            {
              type: 'AddOrgan',
              at,
              actor,
              organId,
              kind: 'committee',
              name: `Nämnd ${n}`,
              shortName: `N${n}`,
            },
            { type: 'AssignSecretary', at, actor, organId, userId: `sekreterare.${n}@${municipalityId}.se` },
          );
        }
        await a.h.runMunicipalityCommands(municipalityId, extra);
        for (const [organId, userId] of Object.entries(ALE_USERS.secretaries)) {
          secretaries.push({ municipalityId, organId, userId, token: '' });
        }
        for (let n = 0; n < perMunicipality - ALE_SECRETARIES; n++) {
          secretaries.push({
            municipalityId,
            organId: `namnd-${n}`,
            userId: `sekreterare.${n}@${municipalityId}.se`,
            token: '',
          });
        }
      }
      for (const s of secretaries) {
        s.token = await signToken({
          sub: s.userId,
          municipality: s.municipalityId,
          roles: ['secretary'],
          organs: [s.organId],
        });
      }

      // Cycles where the submitters' tasks are given out: as many municipalities as their nämnder need.
      // One more than needed: a cycle whose tasks are late in coming does not hold the run up.
      const cycleCount = Math.ceil(SUBMITTERS / (perMunicipality - ALE_SECRETARIES)) + 1;
      const cycleMunicipalities = municipalities.slice(0, cycleCount);
      log(`starting cycle 2027 in ${cycleCount} municipalities`);
      const clocks: ResolvedClock[] = [];
      for (const municipalityId of cycleMunicipalities) {
        const owner = await signToken({
          sub: ALE_USERS.processOwner,
          municipality: municipalityId,
          roles: ['process_owner'],
        });
        const input = aleCycleInput();
        await a.client.ok('POST', `/municipalities/${municipalityId}/cycles`, {
          token: owner,
          body: { calendar: input.calendar, clock: input.clock },
        });
        const view = await a.client.ok<{ clock: ResolvedClock }>(
          'GET',
          `/municipalities/${municipalityId}/cycles/2027`,
          { token: owner },
        );
        clocks.push(view.clock);
      }
      // Each cycle's clock started when it did: move the test server until the last of them is there.
      const now = await a.time.now();
      await a.time.sleep(
        Math.max(...clocks.map((c) => workflowMsUntil(c, now, Date.parse(NULAGESANALYS_OPEN)))),
      );
      // The submitters: secretaries of nämnder whose nulägesanalys has been given out (within a deadline).
      const taskPath = (s: Secretary) =>
        `/municipalities/${s.municipalityId}/tasks/${s.municipalityId}.2027.nulagesanalys.${s.organId}`;
      const candidates = secretaries.filter(
        (s) => cycleMunicipalities.includes(s.municipalityId) && s.organId.startsWith('namnd-'),
      );
      const submitters: Secretary[] = [];
      const deadline = Date.now() + 180_000;
      while (submitters.length < SUBMITTERS && Date.now() < deadline) {
        for (const s of candidates) {
          if (submitters.length >= SUBMITTERS || submitters.includes(s)) continue;
          if ((await a.client.request('GET', taskPath(s), { token: s.token })).status === 200)
            submitters.push(s);
        }
        if (submitters.length < SUBMITTERS) await new Promise((r) => setTimeout(r, 1000));
      }
      log(`${submitters.length} submitters have their task`);
      await a.catchUpProjections();

      const reads: LoadRequest[] = secretaries.slice(0, READERS).map((s) => ({
        method: 'GET',
        path: `/municipalities/${s.municipalityId}/organs/${s.organId}/inbox`,
        headers: { authorization: `Bearer ${s.token}` },
      }));
      const submissions: LoadRequest[] = submitters.map((s) => ({
        method: 'POST',
        path: `${taskPath(s)}/submission`,
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: SUBMISSION }),
      }));

      log(`reads alone: ${reads.length} secretaries, ${READ_SECONDS} s`);
      const readsAlone = await load(a.url, {
        connections: reads.length,
        duration: READ_SECONDS,
        requests: reads,
      });
      log(`reads p50 ${readsAlone.latencyMs.p50} ms, p99 ${readsAlone.latencyMs.p99} ms`);
      // Closed loop, above: every secretary asks again the instant she is answered, so p99 is her queue
      // behind 1,999 others (Little's law). Paced, here: each reads her inbox once a second, which is
      // still far more often than a person does; p99 is then the answer time at that total rate.
      log(`reads paced: ${reads.length} secretaries, one read a second each, ${READ_SECONDS} s`);
      const readsPaced = await load(a.url, {
        connections: reads.length,
        duration: READ_SECONDS,
        connectionRate: 1,
        requests: reads,
      });
      log(`paced reads p50 ${readsPaced.latencyMs.p50} ms, p99 ${readsPaced.latencyMs.p99} ms`);
      log(`reads and ${submissions.length} submissions at once`);
      const [readsMixed, submitted] = await Promise.all([
        load(a.url, { connections: reads.length, duration: READ_SECONDS, requests: reads }),
        new Promise((r) => setTimeout(r, 2000)).then(() =>
          load(a.url, { connections: submissions.length, amount: submissions.length, requests: submissions }),
        ),
      ]);
      const loadAverage = os.loadavg();
      const summary = [
        `reads alone: ${readsAlone.requests} requests, p50 ${readsAlone.latencyMs.p50} ms, p99 ${readsAlone.latencyMs.p99} ms (target ≤ ${TARGET.readP99Ms}), non-2xx ${readsAlone.non2xx}`,
        `reads paced (1/s each): ${readsPaced.requests} requests (${readsPaced.throughputPerSecond}/s), p50 ${readsPaced.latencyMs.p50} ms, p99 ${readsPaced.latencyMs.p99} ms (target ≤ ${TARGET.readP99Ms}), non-2xx ${readsPaced.non2xx}`,
        `reads with submissions: p50 ${readsMixed.latencyMs.p50} ms, p99 ${readsMixed.latencyMs.p99} ms, non-2xx ${readsMixed.non2xx}`,
        `submissions: ${submitted.requests}, p50 ${submitted.latencyMs.p50} ms, p99 ${submitted.latencyMs.p99} ms (target ≤ ${TARGET.submitP99Ms}), non-2xx ${submitted.non2xx}`,
        `load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`,
      ];
      return {
        summary,
        metrics: {
          readers: reads.length,
          submitters: submissions.length,
          municipalities: MUNICIPALITIES,
          readSeconds: READ_SECONDS,
          target: TARGET,
          readsAlone,
          readsPaced,
          readsMixed,
          submissions: submitted,
          loadAverage,
        },
      };
    } finally {
      await a.teardown();
    }
  },
};

export default bench;

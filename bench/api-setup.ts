import { signToken } from '../api/auth';
import { ALE_NULAGESANALYS_BUN, ALE_USERS } from '../domain/examples/ale';
import type { MunicipalityCommandInput } from '../domain/municipality/commands';
import { aleCycleInput } from '../scenario/ale-scenario';
import type { ApiHarness } from '../test/api/support';

export interface Secretary {
  municipalityId: string;
  organId: string;
  userId: string;
  token: string;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Ale's own organs with a secretary; the rest of each municipality's secretaries get nämnder of their own. */
const ALE_SECRETARIES = Object.keys(ALE_USERS.secretaries).length;
/** Tasks are given out in the nulägesanalys phase: every organ has one then. */
const NULAGESANALYS_OPEN = '2026-02-10T09:00:00+01:00';

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

const taskPath = (s: Secretary) =>
  `/municipalities/${s.municipalityId}/tasks/${s.municipalityId}.2027.nulagesanalys.${s.organId}`;

export const inboxRead = (s: Secretary): LoadRequest => ({
  method: 'GET',
  path: `/municipalities/${s.municipalityId}/organs/${s.organId}/inbox`,
  headers: { authorization: `Bearer ${s.token}` },
});

export const submission = (s: Secretary): LoadRequest => ({
  method: 'POST',
  path: `${taskPath(s)}/submission`,
  headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ content: SUBMISSION }),
});

/** Registers the municipalities, each with enough nämnder that every reader is a secretary of her own. */
export async function registerSecretaries(
  a: ApiHarness,
  o: { readers: number; municipalities: number },
  log: (line: string) => void,
): Promise<{ municipalities: string[]; secretaries: Secretary[]; perMunicipality: number }> {
  const perMunicipality = Math.ceil(o.readers / o.municipalities);
  const secretaries: Secretary[] = [];
  const municipalities = Array.from(
    { length: o.municipalities },
    (_, i) => `bench-${String(i).padStart(3, '0')}`,
  );
  log(`registering ${o.municipalities} municipalities with ${perMunicipality} secretaries each`);
  for (const municipalityId of municipalities) {
    await a.h.registerAle(municipalityId);
    const extra: MunicipalityCommandInput[] = [];
    const at = '2026-01-07T08:00:00.000Z';
    const actor = ALE_USERS.processOwner;
    for (let n = 0; n < perMunicipality - ALE_SECRETARIES; n++) {
      const organId = `namnd-${n}`;
      extra.push(
        { type: 'AddOrgan', at, actor, organId, kind: 'committee', name: `Nämnd ${n}`, shortName: `N${n}` },
        { type: 'AssignSecretary', at, actor, organId, userId: `sekreterare.${n}@${municipalityId}.se` },
      );
    }
    await a.h.runMunicipalityCommands(municipalityId, extra);
    for (const [organId, userId] of Object.entries(ALE_USERS.secretaries)) {
      secretaries.push({ municipalityId, organId, userId, token: '' });
    }
    for (let n = 0; n < perMunicipality - ALE_SECRETARIES; n++) {
      const userId = `sekreterare.${n}@${municipalityId}.se`;
      secretaries.push({ municipalityId, organId: `namnd-${n}`, userId, token: '' });
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
  return { municipalities, secretaries, perMunicipality };
}

/**
 * Starts cycle 2027 in as many municipalities as `submitters` nämnder need (one more, so a cycle
 * whose tasks are late in coming does not hold the run up), each clock starting in the
 * nulägesanalys, and returns the secretaries whose task has been given out.
 */
export async function submittersWithTasks(
  a: ApiHarness,
  o: { municipalities: string[]; secretaries: Secretary[]; perMunicipality: number; submitters: number },
  log: (line: string) => void,
): Promise<Secretary[]> {
  const extraPerMunicipality = o.perMunicipality - ALE_SECRETARIES;
  if (extraPerMunicipality <= 0)
    throw new Error(
      `BENCH_API_READERS / BENCH_API_MUNICIPALITIES gives ${o.perMunicipality} secretaries a municipality: submitters need more than Ale's ${ALE_SECRETARIES}`,
    );
  const cycleCount = Math.ceil(o.submitters / extraPerMunicipality) + 1;
  const cycleMunicipalities = o.municipalities.slice(0, cycleCount);
  log(`starting cycle 2027 in ${cycleCount} municipalities`);
  for (const municipalityId of cycleMunicipalities) {
    const owner = await signToken({
      sub: ALE_USERS.processOwner,
      municipality: municipalityId,
      roles: ['process_owner'],
    });
    // The cycle's clock starts inside the nulägesanalys, so its tasks are given out at once: no 29 days
    // for the time-skipping test server to skip, which it does only while no workflow task is pending.
    // (With 100 organs a cycle's workflow task once failed on every retry, so they never passed.)
    const input = aleCycleInput({ startAt: NULAGESANALYS_OPEN });
    await a.client.ok('POST', `/municipalities/${municipalityId}/cycles`, {
      token: owner,
      body: { calendar: input.calendar, clock: input.clock },
    });
    log(`  cycle started in ${municipalityId}`);
  }
  const candidates = o.secretaries.filter(
    (s) => cycleMunicipalities.includes(s.municipalityId) && s.organId.startsWith('namnd-'),
  );
  const submitters: Secretary[] = [];
  // Generous: on a shared machine the cycles give their tasks out slowly.
  const deadline = Date.now() + 600_000;
  while (submitters.length < o.submitters && Date.now() < deadline) {
    for (const s of candidates) {
      if (submitters.length >= o.submitters || submitters.includes(s)) continue;
      if ((await a.client.request('GET', taskPath(s), { token: s.token })).status === 200) submitters.push(s);
    }
    if (submitters.length < o.submitters) await new Promise((r) => setTimeout(r, 1000));
  }
  log(`${submitters.length} submitters have their task`);
  if (submitters.length < o.submitters)
    throw new Error(`only ${submitters.length} of ${o.submitters} tasks were given out within 600 s`);
  return submitters;
}

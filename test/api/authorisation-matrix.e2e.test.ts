import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth';
import { signToken } from '../../api/auth';
import { type RouteEntry, routeTable } from '../../api/route-table';
import { municipalityCommandRequest } from '../../api/routes/organisation';
import { CHART_NAMES } from '../../documents/chart-set';
import { DOCUMENT_KINDS } from '../../documents/kinds';
import { type Action, authorize, type Roster, rosterOf } from '../../domain/access/authorize';
import { DomainError } from '../../domain/errors';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';
import type { MunicipalityState } from '../../domain/municipality/state';
import { PROJECTIONS } from '../../projections/index';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const OWN = 'ale';
const OTHER = 'lerum';
/** A user on every list of Ale's roster (process owner, auditor, secretary of every organ): the reference. */
const EVERYONE = 'matrix.alla@ale.se';
const ORGANS = { own: ALE_ORGAN.bun, other: ALE_ORGAN.ks } as const;
const TASK_OF_ORGAN: Record<string, string> = {
  [ALE_ORGAN.bun]: 'ale.2027.nulagesanalys.ale-bun',
  [ALE_ORGAN.ks]: 'ale.2027.nulagesanalys.ale-ks',
};

type Caller = 'process_owner' | 'secretary' | 'auditor' | 'none';
const CALLERS: readonly Caller[] = ['process_owner', 'secretary', 'auditor', 'none'];
/** Who signs in with each role: the secretary is Barn- och utbildningsnämndens (the "own" organ). */
const USER_OF: Record<Role, string> = {
  process_owner: ALE_USERS.processOwner,
  secretary: ALE_USERS.secretaries[ALE_ORGAN.bun] as string,
  auditor: ALE_USERS.auditor,
};

interface Cell {
  route: RouteEntry;
  caller: Caller;
  /** Whose municipality the path names (null: the route names none). */
  tenant: 'own' | 'other' | null;
  organ: 'own' | 'other' | null;
}

/** A body no route accepts (bodies are strict): a write that gets past the refusals stops at 400. */
const PROBE_BODY = { matrixProbe: true };

/** The path with its parameters filled in for the cell. */
function pathOf(url: string, municipalityId: string, organId: string): string {
  const values: Record<string, string> = {
    municipalityId,
    organId,
    taskId: TASK_OF_ORGAN[organId] as string,
    budgetYear: '2027',
    userId: 'ingen.sadan@ale.se',
    name: PROJECTIONS[0]?.name ?? 'task_inbox',
    kind: DOCUMENT_KINDS[0],
    chart: CHART_NAMES[0],
    indicatorId: 'matrix-indicator',
    file: 'matrix.ics',
  };
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the matrix has no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}

/**
 * What `authorize` decides for a signed-in, role-permitted caller of a route scoped to one organ (by its
 * organ or task in the path); null for routes that are the municipality's as a whole.
 */
function organActionOf(route: RouteEntry, organId: string): Action | null {
  if (route.url.endsWith('/draft') && route.method === 'GET') return { type: 'task.submit', organId };
  if (route.method !== 'GET') return null; // writes stop at the probe body's 400 first
  if (/:organId|:taskId/.test(route.url) && !route.url.includes('/audit/'))
    return { type: 'organ.read', organId };
  return null;
}

function refusalCode(roster: Roster, user: string, action: Action | null): string | null {
  if (!action) return null;
  try {
    authorize(roster, user, action);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('authorisation matrix from the route table (real Postgres, time-skipping Temporal, real worker)', () => {
  let a: ApiHarness;
  let roster: Roster;
  const tokens = new Map<string, string>();
  const eventCount = async () =>
    Number((await a.h.db.adminPool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n);

  beforeAll(async () => {
    a = await createApiHarness('authz_matrix', { rateLimit: null });
    await registerAle(a, OWN);
    const owner = await a.tokenFor(OWN)(ALE_USERS.processOwner);
    const everyoneCommands: MunicipalityCommandInput[] = [
      { type: 'AssignProcessOwner', userId: EVERYONE } as MunicipalityCommandInput,
      { type: 'AssignAuditor', userId: EVERYONE } as MunicipalityCommandInput,
      ...Object.values(ORGANS).map(
        (organId) => ({ type: 'AssignSecretary', organId, userId: EVERYONE }) as MunicipalityCommandInput,
      ),
    ];
    for (const command of everyoneCommands) {
      const { path, body } = municipalityCommandRequest(command);
      await a.client.ok('POST', `/municipalities/${OWN}${path}`, { token: owner, body });
    }
    const otherOwner = await signToken({ sub: 'po@lerum.se', municipality: OTHER, roles: ['process_owner'] });
    await a.client.ok('POST', '/municipalities', {
      token: otherOwner,
      body: { municipalityId: OTHER, name: 'Lerums kommun' },
    });
    await startAleCycleAt(a, OWN, owner, '2026-02-10T09:00:00+01:00', Object.values(TASK_OF_ORGAN));
    await a.catchUpProjections();
    const state = await a.client.ok<MunicipalityState & { version: number }>(
      'GET',
      `/municipalities/${OWN}`,
      {
        token: owner,
      },
    );
    roster = rosterOf(state);
    for (const role of ['process_owner', 'secretary', 'auditor'] as const) {
      tokens.set(role, await signToken({ sub: USER_OF[role], municipality: OWN, roles: [role], organs: [] }));
    }
    tokens.set(
      'everyone',
      await signToken({
        sub: EVERYONE,
        municipality: OWN,
        roles: ['process_owner', 'secretary', 'auditor'],
        organs: [],
      }),
    );
  });
  afterAll(async () => {
    await a?.teardown();
  });

  it('answers every role × route × municipality × organ as the rules say, and stores nothing on a refusal', async () => {
    const routes = routeTable(a.app);
    const cells: Cell[] = [];
    for (const route of routes) {
      const organs = /:organId|:taskId/.test(route.url) ? (['own', 'other'] as const) : [null];
      const tenants = route.url.includes(':municipalityId') ? (['own', 'other'] as const) : [null];
      for (const caller of CALLERS)
        for (const tenant of tenants)
          for (const organ of organs) cells.push({ route, caller, tenant, organ });
    }
    const send = (route: RouteEntry, path: string, token: string | undefined) =>
      a.client.request(route.method, path, {
        token,
        body: route.method === 'GET' || route.method === 'DELETE' ? undefined : PROBE_BODY,
      });

    const reference = new Map<string, number>();
    const answers = new Map<string, number>();
    const mismatches: string[] = [];
    const before = await eventCount();
    for (const cell of cells) {
      const { route, caller, tenant } = cell;
      const organId = ORGANS[cell.organ ?? 'own'];
      const path = pathOf(route.url, tenant === 'other' ? OTHER : OWN, organId);
      // The answer the reference user (on every list of the roster) gets: what every permitted caller gets.
      const key = `${route.method} ${pathOf(route.url, OWN, organId)}`;
      if (!reference.has(key)) {
        const res = await send(route, pathOf(route.url, OWN, organId), tokens.get('everyone'));
        reference.set(key, res.status);
      }
      const res = await send(route, path, caller === 'none' ? undefined : tokens.get(caller));
      const body = res.body as { code?: string } | undefined;
      let expected: { status: number; code?: string };
      if (route.roles === 'public') expected = { status: reference.get(key) as number };
      else if (caller === 'none') expected = { status: 401, code: 'UNAUTHENTICATED' };
      else if (tenant === 'other') expected = { status: 404, code: 'NOT_FOUND' };
      else if (!route.roles.includes(caller)) expected = { status: 403, code: 'FORBIDDEN' };
      else {
        const refusal = refusalCode(roster, USER_OF[caller], organActionOf(route, organId));
        expected = refusal ? { status: 403, code: refusal } : { status: reference.get(key) as number };
      }
      const got = `${res.status} ${body?.code ?? ''}`.trim();
      answers.set(got, (answers.get(got) ?? 0) + 1);
      const want = `${expected.status} ${expected.code ?? ''}`.trim();
      const matches = res.status === expected.status && (!expected.code || body?.code === expected.code);
      if (!matches)
        mismatches.push(
          `${caller} ${tenant ?? '-'}-kommun ${cell.organ ?? '-'}-organ ${route.method} ${route.url}: ${got}, väntat ${want}`,
        );
      if (res.status >= 400 && (await eventCount()) !== before) {
        mismatches.push(`${caller} ${route.method} ${path}: refused (${res.status}) but events were stored`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(await eventCount()).toBe(before);
    // Every kind of refusal occurs, and permitted reads succeed: the matrix is not one answer repeated.
    for (const answer of [
      '401 UNAUTHENTICATED',
      '404 NOT_FOUND',
      '403 FORBIDDEN',
      '403 NOT_SECRETARY_OF_ORGAN',
      '200',
    ]) {
      expect(answers.get(answer), answer).toBeGreaterThan(0);
    }
    console.log(
      `authorisation matrix: ${routes.length} routes, ${cells.length} cells`,
      Object.fromEntries(answers),
    );
  }, 120_000);
});

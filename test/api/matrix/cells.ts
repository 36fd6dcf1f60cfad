import type { Role } from '../../../api/auth';
import { documentedSuccessStatus } from '../../../api/responses';
import type { RouteEntry } from '../../../api/route-table';
import { CHART_NAMES } from '../../../documents/chart-set';
import { DOCUMENT_KINDS } from '../../../documents/kinds';
import { type Action, authorize, type Roster } from '../../../domain/access/authorize';
import { DomainError } from '../../../domain/errors';
import { ALE_ORGAN, ALE_USERS } from '../../../domain/examples/ale';
import { PROJECTIONS } from '../../../projections/index';
import { writeBuilderOf } from './builders';
import type { WriteBuilder } from './types';

export type Caller = Role | 'none';
export const CALLERS: readonly Caller[] = ['process_owner', 'secretary', 'auditor', 'none'];
/** Who signs in with each role: the secretary is Barn- och utbildningsnämndens (the "own" organ). */
export const USER_OF: Record<Role, string> = {
  process_owner: ALE_USERS.processOwner,
  secretary: ALE_USERS.secretaries[ALE_ORGAN.bun] as string,
  auditor: ALE_USERS.auditor,
};
export const ORGANS = { own: ALE_ORGAN.bun, other: ALE_ORGAN.ks } as const;

export interface Cell {
  route: RouteEntry;
  caller: Caller;
  /** Whose municipality the path (or, for registration, the body) names; null: none. */
  tenant: 'own' | 'other' | null;
  /** Whose organ the path or body names; null: none. */
  organ: 'own' | 'other' | null;
  /** The route's write builder (writes only). */
  builder?: WriteBuilder;
}

export interface Expected {
  status: number;
  code?: string;
}

export const isWrite = (route: RouteEntry) => route.method !== 'GET';

/** Every role × route × municipality × organ; the write routes without a builder are listed apart. */
export function cellsOf(routes: readonly RouteEntry[]): { cells: Cell[]; withoutBuilder: string[] } {
  const cells: Cell[] = [];
  const withoutBuilder: string[] = [];
  for (const route of routes) {
    const builder = isWrite(route) ? writeBuilderOf(route) : undefined;
    if (isWrite(route) && !builder) {
      withoutBuilder.push(`${route.method} ${route.url}`);
      continue;
    }
    const namesOrgan = /:organId|:taskId/.test(route.url) || builder?.namesOrgan === true;
    const namesTenant = route.url.includes(':municipalityId') || builder?.namesMunicipality === true;
    const organs = namesOrgan ? (['own', 'other'] as const) : [null];
    const tenants = namesTenant ? (['own', 'other'] as const) : [null];
    for (const caller of CALLERS)
      for (const tenant of tenants)
        for (const organ of organs) cells.push({ route, caller, tenant, organ, builder });
  }
  return { cells, withoutBuilder };
}

export const describeCell = (cell: Cell) =>
  `${cell.caller} ${cell.tenant ?? '-'}-kommun ${cell.organ ?? '-'}-organ ${cell.route.method} ${cell.route.url}`;

/** The path with its parameters filled in. */
export function pathOf(url: string, values: Record<string, string>): string {
  const defaults: Record<string, string> = {
    budgetYear: '2027',
    userId: 'ingen.sadan@ale.se',
    name: PROJECTIONS[0]?.name ?? 'task_inbox',
    kind: DOCUMENT_KINDS[0],
    chart: CHART_NAMES[0],
    indicatorId: 'matrix-indicator',
    file: 'matrix.ics',
  };
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name] ?? defaults[name];
    if (value === undefined) throw new Error(`the matrix has no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}

/**
 * What `authorize` decides for a signed-in, role-permitted reader of a route scoped to one organ (by
 * its organ or task in the path); null for reads that are the municipality's as a whole.
 */
export function readActionOf(route: RouteEntry, organId: string): Action | null {
  if (route.url.endsWith('/draft')) return { type: 'task.submit', organId };
  if (/:organId|:taskId/.test(route.url) && !route.url.includes('/audit/'))
    return { type: 'organ.read', organId };
  return null;
}

export function refusalCode(roster: Roster, user: string, action: Action | null): string | null {
  if (!action) return null;
  try {
    authorize(roster, user, action);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/**
 * The answer a cell must get: 401 without a token, 404 for another municipality's path (403 for a
 * registration naming another municipality), 403 for a role the route does not take, then what
 * `authorize` decides for the route's action; otherwise `allowed` (the documented success of a write,
 * the reference reader's answer of a read).
 */
export function expectedOf(
  cell: Cell,
  roster: Roster,
  action: Action | null,
  allowed: () => number,
): Expected {
  const { route, caller, tenant } = cell;
  if (route.roles === 'public') return { status: allowed() };
  if (caller === 'none') return { status: 401, code: 'UNAUTHENTICATED' };
  if (tenant === 'other' && route.url.includes(':municipalityId')) return { status: 404, code: 'NOT_FOUND' };
  if (!route.roles.includes(caller)) return { status: 403, code: 'FORBIDDEN' };
  if (tenant === 'other') return { status: 403, code: 'FORBIDDEN' };
  const refusal = refusalCode(roster, USER_OF[caller], action);
  return refusal ? { status: 403, code: refusal } : { status: allowed() };
}

/** A write's documented success status (api/responses.ts); a route without one fails the matrix. */
export function successOf(route: RouteEntry): number {
  const status = documentedSuccessStatus(route.method, route.url);
  if (status === undefined) throw new Error(`no documented success for ${route.method} ${route.url}`);
  return status;
}

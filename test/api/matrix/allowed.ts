import { signToken } from '../../../api/auth';
import { CYCLE_COMMAND_ROUTES } from '../../../api/schemas';
import type { PersonCycleCommandType } from '../../../domain/cycle/person-commands';
import { ALE_USERS } from '../../../domain/examples/ale';
import { nulagesanalys } from '../../../scenario/ale-content';
import type { ApiHarness } from '../support';
import { type Cell, describeCell, type Expected, ORGANS, pathOf, USER_OF } from './cells';
import { CYCLE_BODIES } from './cycle-bodies';
import {
  effectCount,
  eventually,
  FRESH_ORGANS,
  inPool,
  registerFresh,
  startCycleAtStage,
  tokenSource,
} from './fixtures';
import type { Stage, WriteScope } from './types';

/** The matrix's own municipality and the other one, both registered with their people. */
export interface Tenants {
  own: string;
  other: string;
}

interface AllowedCell {
  cell: Cell;
  expected: Expected;
  index: number;
}

/** A fresh municipality (or the matrix's own, for public routes) and the cells run in it, in order. */
interface Lane {
  municipalityId: string | null;
  /** The stage its cycle is started at (cycle and task cells). */
  stage?: Stage;
  /** What its cells use up: a route for an organ, an organ's task. */
  claims: Set<string>;
  cells: AllowedCell[];
  /** Cycle commands recorded in its cycle so far. */
  recorded: Set<PersonCycleCommandType>;
}

const tokens = tokenSource(USER_OF);

function scopeOf(cell: Cell, index: number, municipalityId: string): WriteScope {
  const organId = ORGANS[cell.organ ?? 'own'];
  return {
    municipalityId,
    organId,
    organs: FRESH_ORGANS,
    taskId: `${municipalityId}.2027.nulagesanalys.${organId}`,
    tag: `a${index}`,
  };
}

/** Task routes that hand a task in or end it (a due date or a draft does neither). */
const changesStatus = (cell: Cell) => !/\/(due-date|draft)$/.test(cell.route.url);

/**
 * Puts each allowed cell in a lane: public routes in the matrix's own municipalities (one after
 * another), municipality-level writes each in a fresh municipality, and cycle and task cells in a
 * fresh cycle at their stage, shared with cells that use up nothing of theirs.
 */
function lanesOf(cells: readonly AllowedCell[], run: string): Lane[] {
  const lanes: Lane[] = [];
  const lane = (municipalityId: string | null, stage?: Stage): Lane => {
    const made = {
      municipalityId,
      stage,
      claims: new Set<string>(),
      cells: [],
      recorded: new Set<PersonCycleCommandType>(),
    };
    lanes.push(made);
    return made;
  };
  const shared = lane(null);
  // Cells run in this order in a lane: a due date or a draft before what hands the task in or ends it,
  // and a cycle command after those it needs recorded first.
  const depth = (c: AllowedCell) => {
    const f = c.cell.builder?.fixture;
    if (f?.kind === 'task') return changesStatus(c.cell) ? 0 : -1;
    return f?.kind === 'cycle' ? (f.after?.length ?? 0) : 0;
  };
  for (const c of [...cells].sort((x, y) => depth(x) - depth(y))) {
    const fixture = c.cell.builder?.fixture;
    if (!fixture || fixture.kind === 'as-is') {
      shared.cells.push(c);
      continue;
    }
    if (fixture.kind === 'municipality' || fixture.kind === 'unregistered') {
      lane(`mx${run}-${lanes.length}`).cells.push(c);
      continue;
    }
    const stage = fixture.kind === 'cycle' ? fixture.stage : 'early';
    const organ = ORGANS[c.cell.organ ?? 'own'];
    // A task is used up by what changes its status; a due date or a draft leaves it to the next cell.
    const claim =
      fixture.kind === 'cycle' || !changesStatus(c.cell)
        ? `${c.cell.route.method} ${c.cell.route.url} ${organ}`
        : `task ${organ}`;
    const free =
      lanes.find((l) => l.stage === stage && !l.claims.has(claim)) ?? lane(`mx${run}-${lanes.length}`, stage);
    free.claims.add(claim);
    free.cells.push(c);
  }
  return lanes;
}

/** Sends a cycle command a cell needs recorded first, as the person who sends it. */
async function recordFirst(a: ApiHarness, scope: WriteScope, type: PersonCycleCommandType) {
  const spec = CYCLE_BODIES[type];
  const route = CYCLE_COMMAND_ROUTES.find((r) => r.type === type);
  if (!route) throw new Error(`no route for ${type}`);
  const token = await tokens(scope.municipalityId, spec.sentBy ?? 'process_owner');
  await a.client.ok('POST', `/municipalities/${scope.municipalityId}/cycles/2027${route.path}`, {
    token,
    body: spec.body(scope),
  });
}

/** What a cell needs first in its lane's cycle: the commands before it, or its task given out (and handed in). */
async function prepare(a: ApiHarness, lane: Lane, cell: Cell, scope: WriteScope): Promise<void> {
  const fixture = cell.builder?.fixture;
  if (fixture?.kind === 'cycle') {
    for (const type of fixture.after ?? []) {
      if (lane.recorded.has(type)) continue;
      await recordFirst(a, scope, type);
      lane.recorded.add(type);
    }
  }
  if (fixture?.kind !== 'task') return;
  const m = `/municipalities/${scope.municipalityId}`;
  const owner = await tokens(scope.municipalityId, 'process_owner');
  const given = await eventually(
    async () =>
      (await a.client.request('GET', `${m}/tasks/${scope.taskId}`, { token: owner })).status === 200,
  );
  if (!given) throw new Error(`${scope.taskId} was not given out`);
  if (!fixture.submitted) return;
  const secretary = await signToken({
    sub: ALE_USERS.secretaries[scope.organId] as string,
    municipality: scope.municipalityId,
    roles: ['secretary'],
    organs: [],
  });
  const organ = FRESH_ORGANS.find((o) => o.organId === scope.organId);
  if (!organ) throw new Error(`no organ ${scope.organId}`);
  await a.client.ok('POST', `${m}/tasks/${scope.taskId}/submission`, {
    token: secretary,
    body: { content: nulagesanalys(organ) },
  });
}

/**
 * Runs every allowed write where it cannot meet another (see `lanesOf`; the fresh municipalities
 * registered all at once beforehand, their cycles started at once and opening while `meanwhile` runs,
 * the cells after it) and checks that it answers the
 * documented success and stores its effect. Returns the mismatches and each cell's status.
 */
export async function runAllowed(
  a: ApiHarness,
  allowed: readonly { cell: Cell; expected: Expected }[],
  tenants: Tenants,
  meanwhile: () => Promise<void>,
): Promise<{ mismatches: string[]; statuses: number[] }> {
  const run = Date.now().toString(36);
  const lanes = lanesOf(
    allowed.map((c, index) => ({ ...c, index })),
    run,
  );
  const scopeIn = (lane: Lane, c: AllowedCell) =>
    scopeOf(
      c.cell,
      c.index,
      lane.municipalityId ?? (c.cell.tenant === 'other' ? tenants.other : tenants.own),
    );
  await registerFresh(
    a.h.store,
    lanes
      .filter((l) => l.municipalityId !== null && l.cells[0]?.cell.builder?.fixture.kind !== 'unregistered')
      .map((l) => ({
        municipalityId: l.municipalityId as string,
        extra: l.cells.flatMap((c) => c.cell.builder?.setup?.(scopeIn(l, c)) ?? []),
      })),
  );
  const mismatches: string[] = [];
  const statuses: number[] = [];
  const runCell = async (lane: Lane, { cell, expected, index }: AllowedCell) => {
    const builder = cell.builder;
    if (!builder) throw new Error('an allowed write without a builder');
    const scope = scopeIn(lane, { cell, expected, index });
    try {
      await prepare(a, lane, cell, scope);
      const token = cell.caller === 'none' ? undefined : await tokens(scope.municipalityId, cell.caller);
      const user = cell.caller === 'none' ? '' : USER_OF[cell.caller];
      const stores = builder.stores;
      const before = stores ? await effectCount(a.h.db.adminPool, scope.municipalityId, user, stores) : 0;
      const path = pathOf(cell.route.url, {
        municipalityId: scope.municipalityId,
        organId: scope.organId,
        taskId: scope.taskId,
        ...builder.params?.(scope),
      });
      const res = await a.client.request(cell.route.method, path, { token, body: builder.body(scope) });
      statuses.push(res.status);
      if (res.status !== expected.status) {
        const body = res.body as { code?: string; message?: string } | undefined;
        mismatches.push(
          `${describeCell(cell)}: ${res.status} ${body?.code ?? ''} ${body?.message ?? ''}, väntat ${expected.status}`,
        );
        return;
      }
      if (builder.fixture.kind === 'cycle') lane.recorded.add(builder.fixture.command);
      if (stores) {
        const stored = await eventually(
          async () => (await effectCount(a.h.db.adminPool, scope.municipalityId, user, stores)) > before,
          { ms: 10_000 },
        );
        if (!stored) mismatches.push(`${describeCell(cell)}: ${res.status} but nothing stored in ${stores}`);
      }
    } catch (error) {
      mismatches.push(`${describeCell(cell)}: ${(error as Error).message}`);
    }
  };
  // Every cycle is started at once, and opens its phases while `meanwhile` runs (the refusals).
  const started = new Map<Lane, Promise<string | null>>();
  for (const lane of lanes) {
    if (!lane.stage || !lane.municipalityId) continue;
    const { municipalityId, stage } = lane;
    const starting = tokens(municipalityId, 'process_owner')
      .then((owner) => startCycleAtStage(a, municipalityId, owner, stage))
      .then(
        () => null,
        (error: Error) => error.message,
      );
    started.set(lane, starting);
  }
  await meanwhile();
  const runLane = async (lane: Lane) => {
    const failed = await started.get(lane);
    if (failed) {
      for (const c of lane.cells) mismatches.push(`${describeCell(c.cell)}: ${failed}`);
      return;
    }
    for (const c of lane.cells) await runCell(lane, c);
  };
  // The cycles first (they take longest to open their phases), then the quick lanes.
  const ordered = [...lanes].sort((x, y) => Number(Boolean(y.stage)) - Number(Boolean(x.stage)));
  await inPool(ordered, 6, runLane);
  return { mismatches, statuses };
}

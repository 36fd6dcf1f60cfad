import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, signToken } from '../../api/auth';
import { routeTable } from '../../api/route-table';
import { municipalityCommandRequest } from '../../api/routes/organisation';
import { type Roster, rosterOf } from '../../domain/access/authorize';
import { ALE_ORGANS, ALE_USERS } from '../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';
import type { MunicipalityState } from '../../domain/municipality/state';
import { runAllowed } from './matrix/allowed';
import {
  type Cell,
  cellsOf,
  describeCell,
  type Expected,
  expectedOf,
  isWrite,
  ORGANS,
  pathOf,
  readActionOf,
  successOf,
  USER_OF,
} from './matrix/cells';
import { changedCounts, inPool, storedCounts } from './matrix/fixtures';
import { standingSteering } from './matrix/municipality-bodies';
import type { WriteScope } from './matrix/types';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const OWN = 'ale';
const OTHER = 'lerum';
/** A user on every list of Ale's roster (process owner, auditor, secretary of every organ): the reference. */
const EVERYONE = 'matrix.alla@ale.se';
const taskOf = (organId: string) => `${OWN}.2027.nulagesanalys.${organId}`;
/** Cells sent at once in the refusal phase; what is stored is compared around each batch. */
const BATCH = 8;
/** The fresh municipalities' ids start so (test/api/matrix/allowed.ts). */
const FRESH = 'mx';

describe('authorisation matrix from the route table (real Postgres, time-skipping Temporal, real worker)', () => {
  let a: ApiHarness;
  let roster: Roster;
  let everyone: string;

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
    // The organ goals and indicators organ-level steering refers to.
    await a.h.runMunicipalityCommands(OWN, standingSteering(Object.values(ORGANS)));
    const otherOwner = await signToken({ sub: 'po@lerum.se', municipality: OTHER, roles: ['process_owner'] });
    await a.client.ok('POST', '/municipalities', {
      token: otherOwner,
      body: { municipalityId: OTHER, name: 'Lerums kommun' },
    });
    await startAleCycleAt(a, OWN, owner, '2026-02-10T09:00:00+01:00', Object.values(ORGANS).map(taskOf));
    await a.catchUpProjections();
    const state = await a.client.ok<MunicipalityState>('GET', `/municipalities/${OWN}`, { token: owner });
    roster = rosterOf(state);
    everyone = await signToken({
      sub: EVERYONE,
      municipality: OWN,
      roles: ['process_owner', 'secretary', 'auditor'],
      organs: [],
    });
  });
  afterAll(async () => {
    await a?.teardown();
  });

  /** A refused or read cell's request: Ale's (or Lerum's) own organs and tasks, a valid body. */
  function refusalScope(cell: Cell, index: number): WriteScope {
    const organId = ORGANS[cell.organ ?? 'own'];
    return {
      municipalityId: cell.tenant === 'other' ? OTHER : OWN,
      organId,
      organs: ALE_ORGANS,
      taskId: taskOf(organId),
      tag: `r${index}`,
    };
  }

  it('answers every role × route × municipality × organ as the rules say; valid writes succeed only when allowed, refusals store nothing', async () => {
    const started = Date.now();
    const { cells, withoutBuilder } = cellsOf(routeTable(a.app));
    // A write route added without a body builder would drop out of the matrix: it fails instead.
    expect(withoutBuilder, 'write routes without a body builder in test/api/matrix/builders.ts').toEqual([]);

    // The reference user's answer to each read: what every permitted reader gets.
    const reference = new Map<string, number>();
    const readPath = (cell: Cell, municipalityId: string) =>
      pathOf(cell.route.url, {
        municipalityId,
        organId: ORGANS[cell.organ ?? 'own'],
        taskId: taskOf(ORGANS[cell.organ ?? 'own']),
      });
    const reads = cells.filter((c) => !isWrite(c.route));
    await inPool([...new Set(reads.map((c) => readPath(c, OWN)))], 4, async (path) => {
      reference.set(path, (await a.client.request('GET', path, { token: everyone })).status);
    });

    const refused: { cell: Cell; expected: Expected; scope: WriteScope }[] = [];
    const allowed: { cell: Cell; expected: Expected }[] = [];
    for (const [index, cell] of cells.entries()) {
      const scope = refusalScope(cell, index);
      const action = cell.builder ? cell.builder.action(scope) : readActionOf(cell.route, scope.organId);
      const success = () =>
        cell.builder ? successOf(cell.route) : (reference.get(readPath(cell, OWN)) as number);
      const expected = expectedOf(cell, roster, action, success);
      if (cell.builder && expected.status < 400) allowed.push({ cell, expected });
      else refused.push({ cell, expected, scope });
    }

    const answers = new Map<string, number>();
    const count = (answer: string) => answers.set(answer, (answers.get(answer) ?? 0) + 1);
    const mismatches: string[] = [];
    // Reads and refusals first, in the matrix's own municipalities: nothing may be stored meanwhile
    // (the fresh municipalities of the allowed writes, which nothing here names, open their cycles).
    let refusalsDone = 0;
    const refusals = async () => {
      for (let i = 0; i < refused.length; i += BATCH) {
        const batch = refused.slice(i, i + BATCH);
        const before = await storedCounts(a.h.db.adminPool, FRESH);
        await Promise.all(batch.map((c) => sendRefused(c)));
        const changed = changedCounts(before, await storedCounts(a.h.db.adminPool, FRESH));
        if (changed.length > 0)
          mismatches.push(
            `stored during ${batch.map((c) => describeCell(c.cell)).join('; ')}: ${changed.join(', ')}`,
          );
      }
      refusalsDone = Date.now();
    };
    const sendRefused = async ({ cell, expected, scope }: (typeof refused)[number]) => {
      const token = cell.caller === 'none' ? undefined : await roleToken(cell.caller);
      const path = cell.builder
        ? pathOf(cell.route.url, {
            municipalityId: scope.municipalityId,
            organId: scope.organId,
            taskId: scope.taskId,
            ...cell.builder.params?.(scope),
          })
        : readPath(cell, scope.municipalityId);
      const res = await a.client.request(cell.route.method, path, { token, body: cell.builder?.body(scope) });
      const code = (res.body as { code?: string } | undefined)?.code;
      const got = `${res.status} ${code ?? ''}`.trim();
      count(got);
      if (res.status !== expected.status || (expected.code && code !== expected.code))
        mismatches.push(`${describeCell(cell)}: ${got}, väntat ${expected.status} ${expected.code ?? ''}`);
    };

    // Allowed writes, each where no other cell meets it (fresh municipality, cycle, task): success, stored.
    const done = await runAllowed(a, allowed, { own: OWN, other: OTHER }, refusals);
    mismatches.push(...done.mismatches);
    for (const status of done.statuses) count(`${status} (tillåten skrivning)`);

    expect(mismatches).toEqual([]);
    // Every kind of refusal occurs, and permitted reads and writes succeed: not one answer repeated.
    for (const answer of [
      '401 UNAUTHENTICATED',
      '404 NOT_FOUND',
      '403 FORBIDDEN',
      '403 NOT_SECRETARY_OF_ORGAN',
      '200',
      '201 (tillåten skrivning)',
      '200 (tillåten skrivning)',
    ]) {
      expect(answers.get(answer), answer).toBeGreaterThan(0);
    }
    const writes = cells.filter((c) => c.builder).length;
    console.log(
      `authorisation matrix: ${cells.length} cells (${writes} writes, ${allowed.length} allowed writes);`,
      `reads and refusals ${refusalsDone - started} ms, allowed writes ${Date.now() - refusalsDone} ms`,
      Object.fromEntries(answers),
    );
  }, 300_000);

  const roleTokens = new Map<string, Promise<string>>();
  /** The caller's token for Ale, with the one role the cell is about. */
  function roleToken(role: Role): Promise<string> {
    let token = roleTokens.get(role);
    if (!token) {
      token = signToken({ sub: USER_OF[role], municipality: OWN, roles: [role], organs: [] });
      roleTokens.set(role, token);
    }
    return token;
  }
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { signToken } from '../../api/auth';
import { requestHash } from '../../api/idempotency';
import { municipalityCommandRequest } from '../../api/routes/organisation';
import { aleTokens } from '../../demo/ale';
import { ALE_USERS, aleMunicipalityCommands } from '../../domain/examples/ale';
import { EventStore } from '../../eventstore/index';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SECRET_MARKER = 'utanför-webbappen-hemlig';
const BODY_LIMIT = 64 * 1024;

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** A GET with the path exactly as written: fetch's URL parser would resolve `%2e%2e` before sending. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * What strangers send: oversized bodies, floods from one account, tokens that are not ours, paths that
 * climb out of the web app, and idempotency keys that outlive their day. All over real HTTP.
 */
describe('the API refuses hostile input', () => {
  let db: TestDatabase;
  let connection: Connection;
  let dist: string;
  let app: FastifyInstance;
  let strict: FastifyInstance;
  let url: string;
  let strictUrl: string;
  const municipalityId = `hostile-${Date.now().toString(36)}`;
  const tokenFor = aleTokens(municipalityId);
  const eventCount = async () =>
    Number((await db.adminPool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase('hostile');
    connection = await Connection.connect({ address: serviceUrls.temporalAddress });
    const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
    // A built web app in a folder of its own, with a file next to it that must never be served.
    const root = mkdtempSync(join(tmpdir(), 'arshjul-hostile-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Årshjulet</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(root, 'secret.txt'), SECRET_MARKER);
    const deps = { pool: db.appPool, store: new EventStore(db.appPool), client };
    // The API's own cleanup runs every 0.6 s here (an hour by default).
    process.env.ARSHJUL_IDEMPOTENCY_CLEANUP_MINUTES = '0.01';
    app = await createApi({ ...deps, bodyLimit: BODY_LIMIT, web: { distDir: dist, devAuth: false } });
    delete process.env.ARSHJUL_IDEMPOTENCY_CLEANUP_MINUTES;
    strict = await createApi({ ...deps, rateLimit: { burst: 3, perSecond: 1 } });
    url = await listen(app);
    strictUrl = await listen(strict);
  });

  afterAll(async () => {
    await app?.close();
    await strict?.close();
    await connection?.close();
    await db?.drop();
    if (dist) rmSync(join(dist, '..'), { recursive: true, force: true });
  });

  it('answers a body over the limit with 413 in Swedish and stores nothing', async () => {
    const before = await eventCount();
    const [register] = aleMunicipalityCommands();
    if (!register) throw new Error('no Ale commands');
    const body = {
      ...municipalityCommandRequest(register).body,
      municipalityId,
      name: 'Å'.repeat(BODY_LIMIT),
    };
    const res = await fetch(`${url}/municipalities`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor(ALE_USERS.processOwner)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(413);
    const problem = (await res.json()) as { code: string; message: string; details: { limitBytes: number } };
    expect(problem.code).toBe('PAYLOAD_TOO_LARGE');
    expect(problem.message).toBe('Begäran är för stor: innehållet får vara högst 65536 byte');
    expect(problem.details.limitBytes).toBe(BODY_LIMIT);
    expect(await eventCount()).toBe(before);
  });

  it('limits each user: 429 with Retry-After and a Swedish message, others unaffected, then again', async () => {
    const get = async (token: string) =>
      fetch(`${strictUrl}/municipalities/${municipalityId}/cycles/2027`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const owner = await tokenFor(ALE_USERS.processOwner);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(owner)).status);
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
    const limited = await get(owner);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const problem = (await limited.json()) as { code: string; message: string };
    expect(problem.code).toBe('RATE_LIMITED');
    expect(problem.message).toMatch(/^För många förfrågningar: försök igen om \d+ sekund(er)?$/);
    // Another user of the same municipality has a bucket of their own.
    expect((await get(await tokenFor(ALE_USERS.auditor))).status).not.toBe(429);
    // Probes are never limited.
    expect((await fetch(`${strictUrl}/healthz`)).status).toBe(200);
    await delay(retryAfter * 1000 + 100);
    expect((await get(owner)).status).not.toBe(429);
  });

  it('refuses malformed and forged tokens with 401', async () => {
    const claims = { sub: ALE_USERS.processOwner, municipality: municipalityId, roles: ['process_owner'] };
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...claims, organs: [], iss: 'arshjul', aud: 'arshjul-api', iat: now, exp: now + 600 };
    const genuine = await tokenFor(ALE_USERS.processOwner);
    const [header, , signature] = genuine.split('.');
    const forged = {
      garbage: 'this-is-not-a-token',
      'three garbage parts': 'abc.def.ghi',
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`,
      'wrong signature': await signToken(claims as never, {
        secret: new TextEncoder().encode('a-secret-the-api-does-not-know'),
      }),
      'payload swapped under a genuine signature': `${header}.${b64url({ ...payload, roles: ['auditor'] })}.${signature}`,
      expired: await signToken(claims as never, { expiresIn: -60 }),
      'empty bearer': '',
    };
    for (const [what, token] of Object.entries(forged)) {
      const res = await fetch(`${url}/municipalities/${municipalityId}/cycles/2027`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, what).toBe(401);
      const problem = (await res.json()) as { status: number; message: string };
      expect(problem.status, what).toBe(401);
    }
    // And the genuine one is let through (to a 404: no such cycle yet).
    const ok = await fetch(`${url}/municipalities/${municipalityId}/cycles/2027`, {
      headers: { authorization: `Bearer ${genuine}` },
    });
    expect(ok.status).not.toBe(401);
  });

  it('never serves a file outside web/dist, however the path climbs', async () => {
    expect((await rawGet(url, '/assets/app.js')).status).toBe(200);
    const climbs = [
      '/..%2f..%2fpackage.json',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/../secret.txt',
      '/assets/../../secret.txt',
    ];
    for (const path of climbs) {
      const res = await rawGet(url, path);
      expect(res.body, path).not.toContain(SECRET_MARKER);
      expect(res.body, path).not.toContain('"name": "arshjul"');
      // Either refused, or the path resolved inside dist (the app's own index).
      if (res.status === 200) expect(res.body, path).toContain('<title>Årshjulet</title>');
      else expect([400, 403, 404], path).toContain(res.status);
    }
  });

  it('forgets an idempotency key after 24 h: the key acts anew, and the cleanup shrinks the table', async () => {
    const token = await tokenFor(ALE_USERS.processOwner);
    const [register, addOrgan] = aleMunicipalityCommands();
    if (!register || !addOrgan) throw new Error('no Ale commands');
    const post = (path: string, body: unknown, key: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
    const registration = { ...municipalityCommandRequest(register).body, municipalityId };
    const first = await post('/municipalities', registration, 'nyckel-1');
    expect(first.status).toBe(201);
    const again = await post('/municipalities', registration, 'nyckel-1');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const organ = municipalityCommandRequest(addOrgan);
    // Within the day, the same key for another request is refused.
    expect(
      (await post(`/municipalities/${municipalityId}${organ.path}`, organ.body, 'nyckel-1')).status,
    ).toBe(422);

    // A day and an hour later the key is free again: the other request acts.
    await db.adminPool.query(
      `update api_idempotency_keys set created_at = now() - interval '25 hours' where key = 'nyckel-1'`,
    );
    const reused = await post(`/municipalities/${municipalityId}${organ.path}`, organ.body, 'nyckel-1');
    expect(reused.status).toBe(201);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();

    // Old keys go: the API's periodic cleanup deletes them, fresh ones stay.
    for (let i = 0; i < 5; i++) {
      await db.adminPool.query(
        `insert into api_idempotency_keys (principal, key, method, path, request_hash, status_code, created_at)
         values ($1, $2, 'POST', '/x', 'h', 201, now() - interval '30 hours')`,
        [`${municipalityId}/someone`, `gammal-${i}`],
      );
    }
    const count = async () =>
      Number(
        (await db.adminPool.query<{ n: string }>('select count(*) as n from api_idempotency_keys')).rows[0]
          ?.n,
      );
    const grown = await count();
    expect(grown).toBeGreaterThanOrEqual(6);
    const deadline = Date.now() + 10_000;
    while ((await count()) > grown - 5 && Date.now() < deadline) await delay(200);
    expect(await count()).toBe(grown - 5);
    const { rows } = await db.adminPool.query<{ key: string }>('select key from api_idempotency_keys');
    expect(rows.map((r) => r.key)).toContain('nyckel-1');
  });

  it('frees the key of a request that died with the API (no answer stored) once it is stale, not before', async () => {
    const token = await tokenFor(ALE_USERS.processOwner);
    const [, , , third, fourth] = aleMunicipalityCommands();
    if (!third || !fourth) throw new Error('no Ale commands');
    const principal = `${municipalityId}/${ALE_USERS.processOwner}`;
    const send = (command: typeof third, key: string) => {
      const { path, body } = municipalityCommandRequest(command);
      return fetch(`${url}/municipalities/${municipalityId}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
    };
    // What a kill -9 leaves behind: the key taken, no answer stored. Postgres keeps microseconds.
    const diedWithTheApi = async (command: typeof third, key: string, age: string) => {
      const { path, body } = municipalityCommandRequest(command);
      const at = `/municipalities/${municipalityId}${path}`;
      await db.adminPool.query(
        `insert into api_idempotency_keys (principal, key, method, path, request_hash, created_at)
         values ($1, $2, 'POST', $3, $4, now() - $5::interval + interval '123 microseconds')`,
        [principal, key, at, requestHash('POST', at, body), age],
      );
    };
    await diedWithTheApi(third, 'dog-nyss', '1 second');
    const fresh = await send(third, 'dog-nyss');
    expect(fresh.status).toBe(409);
    expect(((await fresh.json()) as { code: string }).code).toBe('IDEMPOTENCY_IN_PROGRESS');

    await diedWithTheApi(fourth, 'dog-for-länge-sedan', '6 minutes');
    const before = await eventCount();
    const retried = await send(fourth, 'dog-for-länge-sedan');
    expect(retried.status).toBe(201);
    expect(await eventCount()).toBe(before + 1);
  });
});

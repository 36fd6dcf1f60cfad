import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { signToken } from '../../api/auth';
import { executeMunicipalityCommand } from '../../application/municipality';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityCommands } from '../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';
import { municipalityStream } from '../../domain/streams';
import { EventStore } from '../../eventstore/index';
import { KoladaClient } from '../../kolada/client';
import { type KoladaDevServer, sampleValues, startKoladaDevServer } from '../../kolada/dev-server';
import { KoladaError } from '../../kolada/errors';
import { koladaValues } from '../../kolada/projection';
import { refreshKolada } from '../../kolada/refresh';
import { executeKoladaCommand } from '../../kolada/store';
import { applyBatch, readCheckpoint } from '../../projections/index';
import { createTestDatabase, type TestDatabase } from '../support/database';

const M = `kolada-${Date.now().toString(36)}`;
const AT = '2026-11-30T08:00:00.000Z';
const COMPARE = ['1441', '1462'];
let db: TestDatabase;
let store: EventStore;
let kolada: KoladaDevServer;
const client = (o: Partial<ConstructorParameters<typeof KoladaClient>[0]> = {}) =>
  new KoladaClient({ baseUrl: kolada.url, timeoutMs: 2000, retries: 2, backoffMs: 10, perPage: 5000, ...o });
const version = () => store.streamVersion(municipalityStream(M));
const recordedValues = async () =>
  (await store.readStream(municipalityStream(M))).filter((e) => e.type === 'KoladaValueRecorded');

beforeAll(async () => {
  db = await createTestDatabase('kolada');
  store = new EventStore(db.appPool);
  kolada = await startKoladaDevServer({ values: sampleValues() });
  const setup: MunicipalityCommandInput[] = [
    ...aleMunicipalityCommands(AT).map((c) =>
      c.type === 'RegisterMunicipality' ? { ...c, municipalityId: M, municipalityCode: '1440' } : c,
    ),
    {
      type: 'AdoptOrganGoal',
      at: AT,
      actor: ALE_USERS.processOwner,
      goalId: 'bun-behorighet',
      organId: ALE_ORGAN.bun,
      year: 2027,
      title: 'Fler elever är behöriga till gymnasiet',
      councilGoalIds: ['rm-livslangt-larande'],
    },
    {
      type: 'AddIndicator',
      at: AT,
      actor: ALE_USERS.processOwner,
      indicatorId: 'bun-behorighet-ind',
      organGoalId: 'bun-behorighet',
      name: 'Andel behöriga elever',
      unit: '%',
      target: 80,
      period: { from: '2027-01-01', to: '2027-12-31' },
    },
  ];
  for (const command of setup) await executeMunicipalityCommand(store, M, command, { causationId: 'test' });
  await executeKoladaCommand(
    store,
    M,
    {
      type: 'BindIndicatorToKolada',
      at: AT,
      actor: ALE_USERS.secretaries[ALE_ORGAN.bun] as string,
      indicatorId: 'bun-behorighet-ind',
      kpiId: 'N00945',
      years: [2021, 2022, 2023, 2024, 2025],
      comparisonMunicipalityCodes: COMPARE,
    },
    { causationId: 'test' },
  );
});

afterAll(async () => {
  await kolada?.close();
  await db?.drop();
});

describe('Kolada refresh against the local Kolada server and the real event store', () => {
  it('fetches Ale and the comparison municipalities and records every value with its source', async () => {
    const result = await refreshKolada(store, client(), M, { now: () => new Date('2026-12-01T06:00:00Z') });
    expect(result).toMatchObject({ fetched: 45, recorded: 45, bindings: 1 });
    const events = await recordedValues();
    expect(events).toHaveLength(45);
    const ale2024 = events.find(
      (e) =>
        (e.data as { municipalityCode: string; period: number; gender: string }).municipalityCode ===
          '1440' &&
        (e.data as { period: number }).period === 2024 &&
        (e.data as { gender: string }).gender === 'T',
    );
    expect(ale2024?.data).toMatchObject({
      source: 'Kolada',
      kpiId: 'N00945',
      municipalityCode: '1440',
      period: 2024,
      gender: 'T',
      value: 73.6,
      status: null,
      fetchedAt: '2026-12-01T06:00:00.000Z',
    });
    expect((ale2024?.data as { url?: string } | undefined)?.url).toContain(
      '/v3/data/kpi/N00945/municipality/1440,1441,1462/year/',
    );
  });

  it('records only changes on the next refresh', async () => {
    const before = await version();
    expect((await refreshKolada(store, client(), M)).recorded).toBe(0);
    expect(await version()).toBe(before);
    kolada.setValues(
      sampleValues().map((v) =>
        v.municipality === '1440' && v.period === 2025 && v.gender === 'T' ? { ...v, value: 99.9 } : v,
      ),
    );
    const changed = await refreshKolada(store, client(), M);
    expect(changed.recorded).toBe(1);
    expect(await version()).toBe(before + 1);
  });

  it('retries a 5xx and then records nothing new', async () => {
    const requestsBefore = kolada.requests.length;
    kolada.failNext(503, 2);
    const result = await refreshKolada(store, client(), M);
    expect(result.recorded).toBe(0);
    expect(kolada.requests.length - requestsBefore).toBe(3);
  });

  it('gives up on a timeout with a Swedish message and loses nothing recorded before', async () => {
    const before = await version();
    const valuesBefore = (await recordedValues()).length;
    kolada.setValues(sampleValues().map((v) => ({ ...v, value: 1 })));
    kolada.hangNext(2);
    const error = await refreshKolada(store, client({ timeoutMs: 300, retries: 1 }), M).catch((e) => e);
    expect(error).toBeInstanceOf(KoladaError);
    expect(error.message).toBe('Kolada svarade inte inom 0,3 s; inga värden har ändrats');
    expect(await version()).toBe(before);
    expect((await recordedValues()).length).toBe(valuesBefore);
    kolada.setValues(
      sampleValues().map((v) =>
        v.municipality === '1440' && v.period === 2025 && v.gender === 'T' ? { ...v, value: 99.9 } : v,
      ),
    );
  });

  it('does not retry a 4xx', async () => {
    const requestsBefore = kolada.requests.length;
    kolada.failNext(404, 1);
    const error = await refreshKolada(store, client(), M).catch((e) => e);
    expect(error).toBeInstanceOf(KoladaError);
    expect(error.message).toMatch(/^Kolada avvisade frågan \(HTTP 404\)/);
    expect(kolada.requests.length - requestsBefore).toBe(1);
  });

  it('follows next_page through every page', async () => {
    const requestsBefore = kolada.requests.length;
    const values = await client({ perPage: 4 }).fetchValues({
      kpiId: 'N00945',
      municipalityCodes: ['1440', ...COMPARE],
      years: [2021, 2022, 2023, 2024, 2025],
    });
    expect(values).toHaveLength(45);
    const pages = kolada.requests.slice(requestsBefore);
    expect(pages).toHaveLength(4); // 15 rows of (municipality, year), 4 per page
    expect(pages.at(-1)).toContain('page=4');
  });
});

describe('Kolada values in the API', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    for (;;) {
      const after = await readCheckpoint(db.appPool, koladaValues.name);
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      await applyBatch(db.appPool, store, koladaValues, page);
    }
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await createApi({ pool: db.appPool, store, client: temporal });
  });
  afterAll(async () => app?.close());

  it('shows each value with "Källa: Kolada", the KPI, the fetch date and the recording event', async () => {
    const token = await signToken({ sub: ALE_USERS.auditor, municipality: M, roles: ['auditor'] });
    const res = await app.inject({
      method: 'GET',
      url: `/municipalities/${M}/kolada/values`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const binding = body.bindings[0];
    expect(binding).toMatchObject({
      indicator_id: 'bun-behorighet-ind',
      kpi_id: 'N00945',
      comparison_codes: COMPARE,
    });
    expect(binding.source).toMatch(/^Källa: Kolada \(N00945, hämtat \d+ [a-z]+ 2026\)$/);
    const ale2025 = binding.values.find(
      (v: { municipality_code: string; period: number; gender: string }) =>
        v.municipality_code === '1440' && v.period === 2025 && v.gender === 'T',
    );
    expect(ale2025).toMatchObject({ value: 99.9, source: 'Kolada', revisions: 2 });
    const event = (await store.readStream(municipalityStream(M))).find((e) => e.eventId === ale2025.event_id);
    expect(event?.data).toMatchObject({ value: 99.9, kpiId: 'N00945', municipalityCode: '1440' });
    console.log(JSON.stringify({ event, api: ale2025 }, null, 2));
  });
});

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { aleTokens } from '../../demo/ale';
import { closePdfBrowser } from '../../documents/render/pdf';
import { ALE_USERS } from '../../domain/examples/ale';
import { municipalityStream } from '../../domain/streams';
import { EventStore } from '../../eventstore';
import { serviceUrls } from '../../services/config';
import { aleScenario, appendScenario } from '../projections/scenario';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { docxText, pdfReadBack } from './support';

/** The document routes over real HTTP, on Ale's scenario events in a real Postgres store. */
describe('GET …/documents/:kind, …/charts/:chart and …/workbook', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let base = '';
  let owner = '';
  let auditor = '';
  let secretary = '';

  beforeAll(async () => {
    db = await createTestDatabase('documents_api');
    const store = new EventStore(db.appPool);
    await appendScenario(store, aleScenario('ale'));
    // The scenario has no roster: the process owner and the auditor the tokens name.
    const at = '2026-01-10T09:59:00.000Z';
    await store.append(
      municipalityStream('ale'),
      'any',
      [
        {
          eventId: randomUUID(),
          type: 'ProcessOwnerAssigned',
          schemaVersion: 1,
          data: { at, by: 'x', userId: ALE_USERS.processOwner },
        },
        {
          eventId: randomUUID(),
          type: 'AuditorAssigned',
          schemaVersion: 1,
          data: { at, by: 'x', userId: ALE_USERS.auditor },
        },
      ],
      { actor: 'test', occurredAt: at, correlationId: 'test', causationId: 'test' },
    );
    // The document routes never call Temporal; the lazy connection is never opened.
    const client = new Client({ connection: Connection.lazy({ address: serviceUrls.temporalAddress }) });
    app = await createApi({ pool: db.appPool, store, client });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/municipalities/ale/cycles/2027`;
    const tokens = aleTokens('ale');
    owner = await tokens(ALE_USERS.processOwner);
    auditor = await tokens(ALE_USERS.auditor);
    secretary = await tokens(Object.values(ALE_USERS.secretaries)[0] as string);
  });
  afterAll(async () => {
    await app?.close();
    await closePdfBrowser();
    await db?.drop();
  });

  const get = (path: string, token: string, accept?: string) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } });

  it('lists every document with its formats', async () => {
    const res = await get('/documents', owner);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { documents: { kind: string; formats: string[] }[] };
    expect(body.documents.map((d) => d.kind)).toEqual([
      'verksamhetsplan',
      'delarsrapport',
      'arsredovisning',
      'tillitsdialoger',
      'revision',
    ]);
  });

  it('the Accept header chooses Word; the format parameter chooses PDF', async () => {
    const word = await get(
      '/documents/arsredovisning',
      owner,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(word.status).toBe(200);
    expect(word.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.docx"/);
    const docx = await docxText('api.docx', Buffer.from(await word.arrayBuffer()));
    expect(docx.headings[0]).toMatch(/^Årsredovisning 2027/);

    const pdfRes = await get('/documents/revision?format=pdf', auditor);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = await pdfReadBack('api.pdf', Buffer.from(await pdfRes.arrayBuffer()));
    expect(pdf.info).toMatch(/Tagged:\s+yes/);
    expect(pdf.text).toContain('Kontroll av hashkedjan');
  });

  it('as of a date before the cycle started: 404 naming the budget year', async () => {
    const res = await get('/documents/delarsrapport?format=html&asOf=2026-01-10T08:03:00.000Z', owner);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe(
      'Cykel 2027 hade inte startat vid det datumet',
    );
  });

  it('bad input is refused in Swedish, naming the field', async () => {
    const format = await get('/documents/delarsrapport?format=odt', owner);
    expect(format.status).toBe(400);
    expect(JSON.stringify(await format.json())).toContain('format ska vara pdf, docx eller html');
    const date = await get('/documents/delarsrapport?asOf=31/12/2027', owner);
    expect(date.status).toBe(400);
    expect(JSON.stringify(await date.json())).toContain('asOf');
    const accept = await get('/documents/delarsrapport', owner, 'image/png');
    expect(accept.status).toBe(400);
    expect(JSON.stringify(await accept.json())).toContain('format');
    const organ = await get('/documents/verksamhetsplan?format=html&organ=ks', owner);
    expect(organ.status).toBe(422);
    expect(JSON.stringify(await organ.json())).toContain('organ');
  });

  it('a secretary may not read the auditors’ report', async () => {
    expect((await get('/documents/revision?format=html', secretary)).status).toBe(403);
  });

  it('serves a chart as SVG and the workbook as xlsx', async () => {
    const chart = await get('/charts/sista-dag', owner);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await chart.text()).toMatch(/<title id=[^>]*>Uppgifter mot sista dag per fas/);
    const xlsx = await get('/workbook', owner);
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});

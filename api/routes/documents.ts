import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storeKeyRing, verifyMunicipalityChain } from '../../application/chain-check';
import { buildDocument } from '../../documents/build';
import { CHART_NAMES, cycleChart } from '../../documents/chart-set';
import { cycleWorkbook } from '../../documents/excel';
import {
  CONTENT_TYPE,
  DOCUMENT_FORMATS,
  DOCUMENT_KINDS,
  DOCUMENT_LABEL_SV,
  type DocumentFormat,
  formatFromAccept,
  isAuditDocument,
} from '../../documents/kinds';
import { renderDocument } from '../../documents/render/index';
import { type CycleSnapshot, loadCycleSnapshot } from '../../documents/snapshot';
import { asOfInstant } from '../../domain/calendar/dates';
import { Id } from '../../domain/primitives';
import { authorizeNow } from '../access';
import { type ApiContext, claimsOf } from '../context';
import { ApiError } from '../errors';
import { AsOfQuery, CycleParams } from '../schemas';

const TAG = 'Dokument';
const ALL = ['process_owner', 'secretary', 'auditor'] as const;

const DocumentParams = CycleParams.extend({
  kind: z.enum(DOCUMENT_KINDS, { error: `kind ska vara ett av: ${DOCUMENT_KINDS.join(', ')}` }),
});
const DocumentQuery = AsOfQuery.extend({
  format: z.enum(DOCUMENT_FORMATS, { error: 'format ska vara pdf, docx eller html' }).optional(),
  /** The nämnd whose verksamhetsplan is asked for. */
  organ: Id.optional(),
});
const ChartParams = CycleParams.extend({
  chart: z.enum(CHART_NAMES, { error: `chart ska vara ett av: ${CHART_NAMES.join(', ')}` }),
});

const badRequest = (field: string, message: string) =>
  new ApiError(400, 'VALIDATION_FAILED', message, 'api.documents', { issues: [{ path: [field], message }] });

/** The snapshot as of the date asked for (everything recorded when none is given). */
async function snapshotFor(ctx: ApiContext, m: string, year: number, asOf: string | undefined) {
  const s = await loadCycleSnapshot(ctx.deps.pool, m, year, asOf ? asOfInstant(asOf) : undefined);
  if (!s)
    throw new ApiError(404, 'NOT_FOUND', 'Kommunen fanns inte vid det datumet', 'api.documents.as-of', {
      field: 'asOf',
    });
  if (!s.cycle) {
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Cykel ${year} hade inte startat vid det datumet`,
      'api.documents.cycle',
      {
        field: 'budgetYear',
      },
    );
  }
  return s;
}

function chosenFormat(request: FastifyRequest, format: DocumentFormat | undefined): DocumentFormat {
  if (format) return format;
  const fromAccept = formatFromAccept(request.headers.accept);
  if (!fromAccept)
    throw badRequest(
      'format',
      'Accept ska vara application/pdf, Word (docx) eller text/html; eller ange format',
    );
  return fromAccept;
}

function checkOrgan(s: CycleSnapshot, organ: string | undefined): string {
  if (!organ) throw badRequest('organ', 'organ krävs för en verksamhetsplan (t.ex. organ=ale-bun)');
  const o = s.cycle?.organs[organ];
  if (o?.kind !== 'committee') {
    throw new ApiError(422, 'INVALID_CONTENT', `${organ} är ingen nämnd i cykeln`, 'api.documents.organ', {
      issues: [{ path: ['organ'], message: 'Ange en nämnd som deltar i cykeln' }],
    });
  }
  return organ;
}

export function documentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear/documents',
    {
      config: { roles: ALL },
      schema: { tags: [TAG], summary: 'Dokumenten som kan tas fram för cykeln', params: CycleParams },
    },
    async (request) => {
      const { municipalityId, budgetYear } = request.params;
      const base = `/municipalities/${municipalityId}/cycles/${budgetYear}`;
      return {
        documents: DOCUMENT_KINDS.map((kind) => ({
          kind,
          title: DOCUMENT_LABEL_SV[kind],
          href: `${base}/documents/${kind}`,
          formats: DOCUMENT_FORMATS,
        })),
        charts: CHART_NAMES.map((chart) => ({ chart, href: `${base}/charts/${chart}` })),
        workbook: `${base}/workbook`,
      };
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear/documents/:kind',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Ett dokument ur händelserna per ett datum, som PDF, Word eller HTML (format eller Accept)',
        params: DocumentParams,
        querystring: DocumentQuery,
      },
    },
    async (request, reply) => {
      const { municipalityId, budgetYear, kind } = request.params;
      const format = chosenFormat(request, request.query.format);
      const organId = kind === 'verksamhetsplan' ? (request.query.organ ?? null) : null;
      await authorizeNow(ctx, claimsOf(request), municipalityId, {
        type: 'document.read',
        organId,
        audit: isAuditDocument(kind),
      });
      const s = await snapshotFor(ctx, municipalityId, budgetYear, request.query.asOf);
      const started = performance.now();
      const doc = await buildDocument(s, {
        kind,
        budgetYear,
        organId: kind === 'verksamhetsplan' ? checkOrgan(s, request.query.organ) : undefined,
        verify: () =>
          verifyMunicipalityChain(
            ctx.deps.pool,
            ctx.deps.store,
            municipalityId,
            ctx.deps.signingKeys ?? storeKeyRing(),
          ),
      });
      const body = await renderDocument(doc, format);
      reply.header('server-timing', `generate;dur=${(performance.now() - started).toFixed(0)}`);
      reply.header(
        'content-disposition',
        `${format === 'html' ? 'inline' : 'attachment'}; filename="${doc.fileName}.${format}"`,
      );
      return reply.type(CONTENT_TYPE[format]).send(body);
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear/charts/:chart',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Ett diagram som SVG (med titel och textalternativ)',
        params: ChartParams,
        querystring: AsOfQuery,
      },
    },
    async (request, reply) => {
      const { municipalityId, budgetYear, chart } = request.params;
      await authorizeNow(ctx, claimsOf(request), municipalityId, {
        type: 'document.read',
        organId: null,
        audit: false,
      });
      const s = await snapshotFor(ctx, municipalityId, budgetYear, request.query.asOf);
      const rendered = await cycleChart(s, chart, budgetYear);
      return reply.type(CONTENT_TYPE.svg).send(rendered.svg);
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear/workbook',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Budgetramar, planer och indikatorvärden som Excel (xlsx)',
        params: CycleParams,
        querystring: AsOfQuery,
      },
    },
    async (request, reply) => {
      const { municipalityId, budgetYear } = request.params;
      await authorizeNow(ctx, claimsOf(request), municipalityId, {
        type: 'document.read',
        organId: null,
        audit: false,
      });
      const s = await snapshotFor(ctx, municipalityId, budgetYear, request.query.asOf);
      reply.header(
        'content-disposition',
        `attachment; filename="${municipalityId}-${budgetYear}-budget.xlsx"`,
      );
      return reply.type(CONTENT_TYPE.xlsx).send(await cycleWorkbook(s, budgetYear));
    },
  );
}

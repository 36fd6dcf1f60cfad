import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadMunicipality } from '../../application/municipality';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { MunicipalityParams } from '../schemas';

const TAG = 'Tillgänglighet';
const SV = new Intl.Collator('sv');

/** A reported shortcoming in accessibility: where, what, and (optionally) how to answer. */
export const AccessibilityReportBody = z.object({
  page: z
    .string({ error: 'Fältet page (sidan) ska vara text' })
    .trim()
    .max(500, { error: 'Fältet page (sidan) får vara högst 500 tecken' })
    .default(''),
  description: z
    .string({ error: 'Beskriv bristen (fältet description)' })
    .trim()
    .min(1, { error: 'Beskriv bristen (fältet description)' })
    .max(5000, { error: 'Beskrivningen (fältet description) får vara högst 5 000 tecken' }),
  contact: z
    .union([
      z.literal(''),
      z.email({ error: 'Fältet contact ska vara en e-postadress, t.ex. namn@kommun.se, eller tomt' }),
    ])
    .nullable()
    .default(null),
});

/**
 * `POST /municipalities/:municipalityId/accessibility/reports`: anyone, signed in or not, reports a
 * shortcoming in a municipality's service, as lag (2018:1937) requires; stored in the API's own table
 * (not a domain fact) with the municipality, whose process owners answer it.
 */
export function accessibilityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/municipalities/:municipalityId/accessibility/reports',
    {
      config: { roles: 'public' },
      schema: {
        tags: [TAG],
        summary: 'Anmäl en brist i tillgängligheten i en kommuns tjänst (ingen inloggning krävs)',
        params: MunicipalityParams,
        body: AccessibilityReportBody,
        security: [],
      },
    },
    async (request, reply) => {
      const { municipalityId } = request.params;
      const { state } = await loadMunicipality(ctx.deps.store, municipalityId);
      if (state.status !== 'registered') throw notFound('Kommunen');
      const { page, description, contact } = request.body;
      const { rows } = await ctx.deps.pool.query<{ report_id: string; reported_at: Date }>(
        `insert into api_accessibility_reports (municipality_id, page, description, contact)
         values ($1, $2, $3, $4) returning report_id, reported_at`,
        [municipalityId, page, description, contact || null],
      );
      const row = rows[0];
      return reply.code(201).send({
        reportId: Number(row?.report_id),
        reportedAt: row?.reported_at.toISOString(),
      });
    },
  );

  /** The registered municipalities, for a visitor who reports a shortcoming without signing in. */
  r.get(
    '/accessibility/municipalities',
    {
      config: { roles: 'public' },
      schema: {
        tags: [TAG],
        summary: 'Kommunerna som använder Årshjulet (för anmälan av brister, ingen inloggning krävs)',
        security: [],
      },
    },
    async () => {
      const { rows } = await ctx.deps.pool.query<{ stream_id: string }>(
        `select distinct stream_id from events where stream_id like 'municipality-%'`,
      );
      const municipalities: { municipalityId: string; name: string }[] = [];
      for (const { stream_id } of rows) {
        const { state } = await loadMunicipality(ctx.deps.store, stream_id.slice('municipality-'.length));
        if (state.status === 'registered')
          municipalities.push({ municipalityId: state.municipalityId, name: state.name });
      }
      return { municipalities: municipalities.sort((a, b) => SV.compare(a.name, b.name)) };
    },
  );

  /**
   * The municipality's reports, newest first, for its process owners who answer them.
   */
  r.get(
    '/municipalities/:municipalityId/accessibility/reports',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Anmälda brister i tillgängligheten, nyast först (processägare)',
        params: MunicipalityParams,
      },
    },
    async (request) => {
      const { rows } = await ctx.deps.pool.query<{
        report_id: string;
        page: string;
        description: string;
        contact: string | null;
        reported_at: Date;
      }>(
        `select report_id, page, description, contact, reported_at
         from api_accessibility_reports where municipality_id = $1
         order by reported_at desc, report_id desc limit 500`,
        [request.params.municipalityId],
      );
      return {
        reports: rows.map((row) => ({
          reportId: Number(row.report_id),
          page: row.page,
          description: row.description,
          contact: row.contact,
          reportedAt: row.reported_at.toISOString(),
        })),
      };
    },
  );
}

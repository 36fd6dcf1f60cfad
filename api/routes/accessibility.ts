import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { MunicipalityParams } from '../schemas';

const TAG = 'Tillgänglighet';

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
 * `POST /accessibility/reports`: anyone, signed in or not, reports a shortcoming, as lag (2018:1937)
 * requires; stored in the API's own table (not a domain fact of a municipality).
 */
export function accessibilityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/accessibility/reports',
    {
      config: { roles: 'public' },
      schema: {
        tags: [TAG],
        summary: 'Anmäl en brist i tillgängligheten (ingen inloggning krävs)',
        body: AccessibilityReportBody,
        security: [],
      },
    },
    async (request, reply) => {
      const { page, description, contact } = request.body;
      const { rows } = await ctx.deps.pool.query<{ report_id: string; reported_at: Date }>(
        `insert into api_accessibility_reports (page, description, contact)
         values ($1, $2, $3) returning report_id, reported_at`,
        [page, description, contact || null],
      );
      const row = rows[0];
      return reply.code(201).send({
        reportId: Number(row?.report_id),
        reportedAt: row?.reported_at.toISOString(),
      });
    },
  );

  /**
   * The reports, newest first, for the process owners who answer them. The reports belong to the
   * service (a reporter need not sign in, nor say which municipality), so every process owner sees all.
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
    async () => {
      const { rows } = await ctx.deps.pool.query<{
        report_id: string;
        page: string;
        description: string;
        contact: string | null;
        reported_at: Date;
      }>(
        `select report_id, page, description, contact, reported_at
         from api_accessibility_reports order by reported_at desc, report_id desc limit 500`,
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

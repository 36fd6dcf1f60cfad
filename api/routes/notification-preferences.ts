import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { executeMunicipalityCommand, loadMunicipality } from '../../application/municipality';
import { wantsReminders } from '../../domain/municipality/state';
import { type ApiContext, claimsOf } from '../context';
import { notFound } from '../errors';
import { MunicipalityParams } from '../schemas';

const TAG = 'E-post';
const PreferencesBody = z.object({
  reminders: z.boolean({ error: 'Ange om du vill ha påminnelser (ja eller nej)' }),
});

/** A person's own e-mail choices: reminders on or off. Escalations to process owners always go out. */
export function notificationPreferenceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = '/municipalities/:municipalityId/notification-preferences/me';

  r.get(
    path,
    {
      config: { roles: ['process_owner', 'secretary', 'auditor'] },
      schema: { tags: [TAG], summary: 'Mina e-postinställningar', params: MunicipalityParams },
    },
    async (request) => {
      const { state } = await loadMunicipality(ctx.deps.store, request.params.municipalityId);
      if (state.status !== 'registered') throw notFound('Kommunen');
      return { userId: claimsOf(request).sub, reminders: wantsReminders(state, claimsOf(request).sub) };
    },
  );

  r.put(
    path,
    {
      config: { roles: ['process_owner', 'secretary', 'auditor'] },
      schema: {
        tags: [TAG],
        summary: 'Slå på eller av påminnelser per e-post (eskaleringar skickas alltid)',
        params: MunicipalityParams,
        body: PreferencesBody,
      },
    },
    async (request) => {
      const claims = claimsOf(request);
      const result = await executeMunicipalityCommand(
        ctx.deps.store,
        request.params.municipalityId,
        {
          type: 'SetNotificationPreferences',
          at: ctx.now(),
          actor: claims.sub,
          userId: claims.sub,
          reminders: request.body.reminders,
        },
        { causationId: `api:${request.id}` },
      );
      return { userId: claims.sub, reminders: request.body.reminders, version: result.version };
    },
  );
}

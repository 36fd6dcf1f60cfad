import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadMunicipality } from '../../application/municipality';
import { authorize, isAuditor, isProcessOwner, isSecretaryOf, rosterOf } from '../../domain/access/authorize';
import { Id } from '../../domain/primitives';
import { authorizeNow } from '../access';
import type { FeedScope } from '../calendar/entries';
import { type FeedSubject, findFeed, renewFeedToken, type StoredFeed } from '../calendar/feed-tokens';
import { renderFeed } from '../calendar/ical';
import { loadFeedEntries } from '../calendar/load-feed';
import { type ApiContext, claimsOf } from '../context';
import { ApiError, notFound } from '../errors';
import { MunicipalityParams } from '../schemas';

const ALL = ['process_owner', 'secretary', 'auditor'] as const;
const TAG = 'Kalenderflöden';

const FeedBody = z
  .object({
    /** The organ's feed; without it, the signed-in person's own. */
    organId: Id.optional(),
  })
  .strict();

/**
 * Calendar feeds (iCalendar): the signed-in person creates or renews a feed URL for themself or an
 * organ they may read; the URL's secret token is the credential, and renewing it revokes the old one.
 */
export function calendarFeedRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, store } = ctx.deps;

  r.post(
    '/municipalities/:municipalityId/calendar-feeds',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary:
          'Skapa eller förnya kalenderflödet för dig eller ett organ (den gamla adressen slutar gälla)',
        params: MunicipalityParams,
        body: FeedBody,
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      const { municipalityId } = request.params;
      const { organId } = request.body;
      let subject: FeedSubject;
      if (organId) {
        const state = await authorizeNow(ctx, claims, municipalityId, { type: 'organ.read', organId });
        if (!state.organs[organId]) throw notFound('Organet');
        subject = { kind: 'organ', organId };
      } else {
        const { state } = await loadMunicipality(store, municipalityId);
        if (!scopeOf(rosterOf(state), claims.sub)) {
          throw new ApiError(403, 'FORBIDDEN', 'Du har ingen roll i kommunen', 'calendar.person');
        }
        subject = { kind: 'person', userId: claims.sub };
      }
      const token = await renewFeedToken(pool, municipalityId, subject, claims.sub);
      const path = `/calendar/${token}.ics`;
      reply.code(201).header('cache-control', 'no-store');
      return { subject, path, url: `${baseUrl(request)}${path}` };
    },
  );

  r.get(
    '/calendar/:file',
    {
      config: { roles: 'public' },
      schema: {
        tags: [TAG],
        summary: 'Kalenderflödet (iCalendar); token i adressen är behörigheten',
        security: [],
        params: z.object({ file: z.string().regex(/^[\w-]{20,}\.ics$/) }),
      },
    },
    async (request, reply) => {
      const feed = await findFeed(pool, request.params.file.replace(/\.ics$/, ''));
      const resolved = feed ? await resolveScope(ctx, feed) : null;
      if (!feed || !resolved) throw notFound('Kalenderflödet');
      const entries = await loadFeedEntries(pool, store, feed.municipalityId, resolved.scope);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(renderFeed(resolved.name, entries, new Date(ctx.now())));
    },
  );
}

function scopeOf(roster: ReturnType<typeof rosterOf>, userId: string): FeedScope | null {
  const organs = Object.keys(roster.secretaries).filter((o) => isSecretaryOf(roster, userId, o));
  const everything = isProcessOwner(roster, userId);
  const auditor = isAuditor(roster, userId);
  return everything || auditor || organs.length > 0 ? { organs, everything, auditor } : null;
}

/** What the feed shows now, from the municipality's current state; null once its person lost access. */
async function resolveScope(
  ctx: ApiContext,
  feed: StoredFeed,
): Promise<{ scope: FeedScope; name: string } | null> {
  const { state } = await loadMunicipality(ctx.deps.store, feed.municipalityId);
  if (state.status !== 'registered') return null;
  const roster = rosterOf(state);
  if (feed.subject.kind === 'person') {
    const scope = scopeOf(roster, feed.subject.userId);
    return scope && { scope, name: `Årshjulet – ${state.name} – ${feed.subject.userId}` };
  }
  const organ = state.organs[feed.subject.organId];
  if (!organ) return null;
  try {
    authorize(roster, feed.createdBy, { type: 'organ.read', organId: organ.organId });
  } catch {
    return null;
  }
  return {
    scope: { organs: [organ.organId], everything: false, auditor: false },
    name: `Årshjulet – ${state.name} – ${organ.name}`,
  };
}

function baseUrl(request: FastifyRequest): string {
  return (process.env.ARSHJUL_PUBLIC_URL || `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

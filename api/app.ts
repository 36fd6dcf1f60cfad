import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { koladaRoutes } from '../kolada/api-routes';
import { registerWeb } from '../web/server';
import { jwtSecret } from './auth';
import { createAuthenticator } from './authenticate';
import { type ApiDeps, createContext } from './context';
import { ApiError, MAX_PARAM_LENGTH, notFound, toProblem, urlProblem } from './errors';
import { loadGroupMapping } from './group-mapping';
import { registerIdempotency, scheduleIdempotencyCleanup } from './idempotency';
import { createOidcVerifier, OidcProviders, oidcSettingsFromEnv } from './oidc';
import { registerOperations } from './operations';
import { bodyLimitFromEnv, bodyTooLarge, rateLimitFromEnv, registerRateLimit } from './rate-limit';
import { claimsOfRequest } from './request-auth';
import { registerRequestLog, requestLogFromEnv } from './request-log';
import { documentResponses, jsonSerializerCompiler } from './responses';
import { recordRoutes } from './route-table';
import { accessibilityRoutes } from './routes/accessibility';
import { auditRoutes } from './routes/audit';
import { calendarFeedRoutes } from './routes/calendar-feeds';
import { cycleRoutes } from './routes/cycles';
import { documentRoutes } from './routes/documents';
import { draftRoutes } from './routes/drafts';
import { notificationPreferenceRoutes } from './routes/notification-preferences';
import { organisationRoutes } from './routes/organisation';
import { planningRoutes } from './routes/planning';
import { readModelRoutes } from './routes/read-models';
import { taskRoutes } from './routes/tasks';
import { SessionStore } from './sessions';
import { registerRequestTracing } from './tracing';

export type { ApiDeps } from './context';

const DESCRIPTION = `Årshjulet: kommunens planerings- och uppföljningscykel.

Autentisering: \`Authorization: Bearer <JWT>\`: kommunens OpenID-leverantörs access token (grupperna ger roll,
config/idp-groups.json), eller utanför produktion en utvecklingstoken (HS256) med claims \`sub\` (användare), \`municipality\` (kommun),
\`roles\` (\`process_owner\` | \`secretary\` | \`auditor\`) och \`organs\` (för sekreterare).
En annan kommuns resurser svarar alltid 404. POST tar emot \`Idempotency-Key\`.
Fel: \`{ status, code, rule, message, details }\`; 400 ogiltig begäran (zod-issues i details.issues),
401 ingen/ogiltig token, 403 roll eller organ saknas, 404 finns inte, 409 otillåten övergång eller
versionskonflikt, 422 ogiltigt innehåll (domänens regel i \`rule\`).`;

/**
 * The HTTP API: Fastify with zod schemas, OpenAPI 3.1 at /openapi.json and docs at /docs. Every route
 * under /municipalities/{municipalityId} checks the bearer token's municipality (another tenant's
 * data answers 404) and the route's roles (403).
 */
export async function createApi(deps: ApiDeps): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? bodyLimitFromEnv();
  const app = Fastify({
    logger: deps.logger ?? false,
    // Fastify's two info lines per request cost as much as a small read: registerRequestLog instead.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: undefined,
    bodyLimit,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // The router's own refusals (a path segment too long, a malformed URL) get the same Swedish body.
    frameworkErrors: (error, _request, reply) => {
      const problem = toProblem(urlProblem(error));
      void (reply as FastifyReply).code(problem.status).type('application/json; charset=utf-8').send(problem);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(jsonSerializerCompiler);
  recordRoutes(app);
  documentResponses(app);
  const ctx = createContext(deps);
  const secret = deps.jwtSecret ?? jwtSecret();
  const shared = deps.oidc === undefined ? oidcSettingsFromEnv() : deps.oidc;
  const oidcProviders = new OidcProviders(shared, deps.groupMapping ?? loadGroupMapping());
  const verifyAccessToken = oidcProviders.enabled ? createOidcVerifier(oidcProviders) : undefined;
  const authenticate = createAuthenticator({ devSecret: secret, oidc: verifyAccessToken });
  const sessions = deps.sessions ?? new SessionStore(deps.pool);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'arshjul API', description: DESCRIPTION, version: '0.1.0' },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((error, request, reply) => {
    const tooLarge = (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    const problem = toProblem(tooLarge ? bodyTooLarge(bodyLimit) : error);
    if (problem.status === 503) reply.header('retry-after', String(problem.details.retryAfterSeconds ?? 1));
    else if (problem.status >= 500) request.log.error(error);
    return reply.code(problem.status).type('application/json; charset=utf-8').send(problem);
  });
  app.setNotFoundHandler((_request, reply) => {
    const problem = toProblem(notFound());
    return reply.code(404).send(problem);
  });

  registerRequestTracing(app);
  if (deps.logger) registerRequestLog(app, requestLogFromEnv());
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const roles = request.routeOptions.config?.roles;
    if (roles === undefined || roles === 'public') return;
    const claims = await claimsOfRequest(request, authenticate, sessions);
    request.claims = claims;
    const tenant = (request.params as { municipalityId?: string } | undefined)?.municipalityId;
    if (tenant !== undefined && tenant !== claims.municipality) throw notFound();
    if (!roles.some((role) => claims.roles.includes(role))) {
      throw new ApiError(403, 'FORBIDDEN', 'Din roll får inte göra detta', 'api.role', {
        required: roles,
        roles: claims.roles,
      });
    }
  });
  registerRateLimit(app, deps.rateLimit === undefined ? rateLimitFromEnv() : deps.rateLimit);
  registerIdempotency(app, deps.pool);
  scheduleIdempotencyCleanup(app, deps.pool);
  registerOperations(app, deps);

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/openapi.json', { config: { roles: 'public' }, schema: { hide: true } }, async () => app.swagger());
  r.get(
    '/health',
    { config: { roles: 'public' }, schema: { tags: ['Drift'], summary: 'Lever API:et?' } },
    async () => {
      await deps.pool.query('select 1');
      return { ok: true };
    },
  );

  if (deps.web) {
    const webDeps = { ...deps, jwtSecret: secret, sessions, oidcProviders, verifyAccessToken };
    await registerWeb(app, webDeps, deps.web === true ? {} : deps.web);
  }
  organisationRoutes(app, ctx);
  cycleRoutes(app, ctx);
  planningRoutes(app, ctx);
  taskRoutes(app, ctx);
  draftRoutes(app, ctx);
  readModelRoutes(app, ctx);
  auditRoutes(app, ctx);
  accessibilityRoutes(app, ctx);
  koladaRoutes(app, ctx);
  calendarFeedRoutes(app, ctx);
  notificationPreferenceRoutes(app, ctx);
  documentRoutes(app, ctx);
  await app.ready();
  return app;
}

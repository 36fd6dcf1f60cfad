import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { TimeSource } from '../application/temporal-cycle-port';
import { WorkflowService } from '../application/workflow-service';
import type { EventStore, KeyRing } from '../eventstore/index';
import type { Role, TokenClaims } from './auth';
import { ApiError } from './errors';
import { createInboxReader, type InboxAnswer, type InboxQuery } from './inbox-reads';

declare module 'fastify' {
  interface FastifyRequest {
    claims?: TokenClaims;
  }
  interface FastifyContextConfig {
    /** Roles that may call the route; 'public' needs no token. */
    roles?: readonly Role[] | 'public';
  }
}

export interface ApiDeps {
  /** Pool of the application role (`arshjul`) on the event store's database. */
  pool: pg.Pool;
  store: EventStore;
  /** Keys to sign the chain head with in each audit export (without: only the heads signed before). */
  signingKeys?: KeyRing;
  /** Temporal client in the namespace the worker runs in. */
  client: Client;
  taskQueue?: string;
  /** HS256 key for bearer tokens (default: ARSHJUL_JWT_SECRET, or the dev secret). */
  jwtSecret?: Uint8Array;
  /**
   * Allow `clock` (startAt, speedup) when starting a cycle: for the demo and tests only; a real
   * deployment runs cycles in real time.
   */
  allowClockOverride?: boolean;
  /** Time stamp of commands the API decides itself (municipality commands). Default: the system clock. */
  now?: () => Date;
  /**
   * Workflow time as the Temporal server sees it, which a cycle's clock maps to its dates: a stored
   * submission is decided at it. Default: the wall clock; tests give the time-skipping server's.
   */
  workflowTime?: TimeSource;
  /** Fastify's logger option (default off). */
  logger?: boolean;
  /** The OpenID provider trusted for access tokens and sign-in (default: ARSHJUL_OIDC_*; null: none). */
  oidc?: import('./oidc').OidcSettings | null;
  /** Groups to roles per municipality, and municipalities' own providers (default: config/idp-groups.json). */
  groupMapping?: import('./group-mapping').GroupMapping;
  /** The web interface's sessions (default: in the API's database). */
  sessions?: import('./sessions').SessionStore;
  /** Largest request body in bytes (default ARSHJUL_API_BODY_LIMIT_BYTES or 1 MiB); larger is 413. */
  bodyLimit?: number;
  /** Per-user rate limit (default from ARSHJUL_RATE_LIMIT_*; null: none). */
  rateLimit?: import('./rate-limit').RateLimitSettings | null;
  /** Serve the web app (web/dist) under `/`, and the dev sign-in when enabled (web/server.ts). */
  web?: boolean | import('../web/server').WebOptions;
}

export interface ApiContext {
  deps: ApiDeps;
  workflows: WorkflowService;
  /** Organs' inboxes, read together while the database is busy (inbox-reads.ts). */
  inboxes: (query: InboxQuery) => Promise<InboxAnswer>;
  now(): string;
}

export function createContext(deps: ApiDeps): ApiContext {
  return {
    deps,
    workflows: new WorkflowService({
      client: deps.client,
      store: deps.store,
      taskQueue: deps.taskQueue,
      ...(deps.workflowTime ? { time: deps.workflowTime } : {}),
    }),
    inboxes: createInboxReader(deps.pool),
    now: () => (deps.now?.() ?? new Date()).toISOString(),
  };
}

/** The verified claims of the request (the auth hook has run for every non-public route). */
export function claimsOf(request: FastifyRequest): TokenClaims {
  if (!request.claims) throw new ApiError(401, 'UNAUTHENTICATED', 'Inloggning krävs', 'api.bearer-token');
  return request.claims;
}

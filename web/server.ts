import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { EventStore } from '../eventstore/index';
import { devAuthEnabled, registerDevAuth } from './dev-auth';

/** The built web app (`npm run build:web`). */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), 'dist');

export interface WebOptions {
  /** Where the built app is (default web/dist). */
  distDir?: string;
  /**
   * `POST /dev/token` and `GET /dev/municipalities` for the demo's sign-in. Default: on when
   * ARSHJUL_DEV_AUTH=1, and never when NODE_ENV=production.
   */
  devAuth?: boolean;
  /** Build web/dist with Vite first when it is missing or stale (default: unless NODE_ENV=production). */
  build?: boolean;
}

export interface WebDeps {
  pool: pg.Pool;
  store: EventStore;
  /** The API's HS256 key (default: ARSHJUL_JWT_SECRET, or the dev secret). */
  jwtSecret?: Uint8Array;
  /** The OpenID providers the web interface signs people in with (absent or none enabled: no sign-in). */
  oidcProviders?: import('../api/oidc').OidcProviders;
  verifyAccessToken?: import('../api/oidc').AccessTokenVerifier;
  sessions?: import('../api/sessions').SessionStore;
}

/**
 * Serves the web app (web/dist) under `/` of the API's Fastify instance, before `app.ready()`.
 * The app routes with the URL's hash (`/#/inkorg/…`), so the API's own paths stay untouched; asset
 * names carry a content hash and are cached, index.html is not.
 */
export async function registerWeb(app: FastifyInstance, deps: WebDeps, options: WebOptions = {}) {
  const root = options.distDir ?? WEB_DIST;
  if (!options.distDir && (options.build ?? process.env.NODE_ENV !== 'production')) {
    const { ensureWebBuilt } = await import('./build');
    await ensureWebBuilt((line) => app.log.info(line));
  }
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`webbappen är inte byggd (${root}/index.html saknas): kör npm run build:web`);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    decorateReply: false,
    index: ['index.html'],
    setHeaders(reply, path) {
      reply.header(
        'cache-control',
        path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  if (options.devAuth ?? devAuthEnabled()) registerDevAuth(app, deps);
  if (deps.oidcProviders?.enabled && deps.verifyAccessToken && deps.sessions) {
    const { registerOidcSignIn } = await import('./oidc-routes');
    registerOidcSignIn(app, {
      providers: deps.oidcProviders,
      verifyAccessToken: deps.verifyAccessToken,
      sessions: deps.sessions,
      store: deps.store,
      publicUrl: process.env.ARSHJUL_PUBLIC_URL || undefined,
    });
  }
}

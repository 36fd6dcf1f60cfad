import type { FastifyInstance } from 'fastify';
import type { Role } from './auth';

/** One route as registered: its method, URL pattern and the roles that may call it. */
export interface RouteEntry {
  method: string;
  url: string;
  /** Roles that may call it; 'public' needs no token. */
  roles: readonly Role[] | 'public';
}

const TABLES = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Keeps the app's route table as Fastify registers it (an `onRoute` hook, added before any route), so
 * tests can enumerate the routes themselves instead of a hand-kept list.
 */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  TABLES.set(app, table);
  app.addHook('onRoute', (route) => {
    const roles = (route.config as { roles?: RouteEntry['roles'] } | undefined)?.roles ?? 'public';
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      table.push({ method: String(method), url: route.url, roles });
    }
  });
}

/** Every route of the app (without the HEAD twins of GET routes). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  const table = TABLES.get(app);
  if (!table) throw new Error('routeTable: the app was not created by createApi');
  return table;
}

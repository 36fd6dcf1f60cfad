/**
 * The small HTTP port of a process without an API of its own (worker, relay, projections, mail):
 * GET /healthz (the process lives), GET /readyz (its dependencies answer), GET /metrics (Prometheus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ReadinessCheck } from './checks';
import { collectProcessMetrics, metricsRegistry } from './metrics';

export const HEALTH_PROCESSES = ['worker', 'relay', 'projections', 'mail'] as const;
export type HealthProcess = (typeof HEALTH_PROCESSES)[number];

/** Default ports; ARSHJUL_<NAME>_HEALTH_PORT overrides (0: any free port). */
export const DEFAULT_HEALTH_PORTS: Record<HealthProcess, number> = {
  worker: 9471,
  relay: 9472,
  projections: 9473,
  mail: 9474,
};

export function healthPortEnv(name: HealthProcess): string {
  return `ARSHJUL_${name.toUpperCase()}_HEALTH_PORT`;
}

export function healthPort(name: HealthProcess): number {
  const variable = healthPortEnv(name);
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return DEFAULT_HEALTH_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${variable} must be a TCP port (0-65535), got '${raw}'`);
  }
  return port;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** Runs the checks side by side; ready when every one answers. */
export async function readiness(checks: Record<string, ReadinessCheck>): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

export interface HealthServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  name: HealthProcess;
  checks: Record<string, ReadinessCheck>;
  /** Default: healthPort(name). */
  port?: number;
  host?: string;
  /** False while the process is starting or stopping: /readyz then answers 503 whatever the checks say. */
  running?: () => boolean;
  /** More exposition text for /metrics (e.g. Temporal core's own exporter in the worker). */
  extraMetrics?: () => Promise<string>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  collectProcessMetrics();
  const running = options.running ?? (() => true);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'Endast GET' });
    if (path === '/healthz') return json(200, { ok: true, process: options.name });
    if (path === '/readyz') {
      const report = await readiness(options.checks);
      const ready = report.ready && running();
      return json(ready ? 200 : 503, { ...report, ready, process: options.name });
    }
    if (path === '/metrics') {
      const extra = options.extraMetrics ? await options.extraMetrics() : '';
      const body = `${await metricsRegistry.metrics()}${extra ? `\n${extra}` : ''}`;
      response.writeHead(200, { 'content-type': metricsRegistry.contentType });
      return response.end(body);
    }
    return json(404, { error: 'Finns inte' });
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  const host = options.host ?? process.env.ARSHJUL_HEALTH_HOST ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? healthPort(options.name), host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

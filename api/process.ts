import { stopOnSignal } from '../ops/lifecycle';
import { startApi } from './main';

/**
 * `arshjul api`: the HTTP API on ARSHJUL_API_PORT with /healthz, /readyz and /metrics on the same port,
 * until SIGINT or SIGTERM; requests still running get a moment, then their connections are cut.
 */
export async function runApiProcess(
  options: { port?: number; web?: boolean; migrate?: boolean } = {},
): Promise<never> {
  const api = await startApi({ port: options.port, web: options.web, migrate: options.migrate });
  console.log(`arshjul API: ${api.url} (dokumentation ${api.url}/docs, OpenAPI ${api.url}/openapi.json)`);
  return stopOnSignal('API', async () => {
    const cut = setTimeout(() => api.app.server.closeAllConnections(), 3_000);
    await api.close();
    clearTimeout(cut);
  });
}

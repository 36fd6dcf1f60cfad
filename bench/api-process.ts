import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../services/free-port';
import { processTreeCpuSeconds } from './postgres-cpu';

export interface ApiProcess {
  url: string;
  pid: number;
  /** CPU seconds used so far by the API process (and any children). */
  cpuSeconds(): number;
  /** SIGTERM (graceful stop, writes the CPU profile when asked for), then waits for the exit. */
  stop(): Promise<void>;
}

export interface ApiProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** Write a V8 CPU profile (node --cpu-prof) of each process here when set. */
  cpuProfileDir?: string;
  /** `arshjul api --processes` (default: the API's own default). */
  processes?: number;
  /** The CLI entry to run `api` with (default this checkout's cli/main.ts; another checkout's for a baseline). */
  main?: string;
}

// `arshjul api`, as production starts it (api/main.ts run directly stops at its import cycle with process.ts).
const CLI_MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/**
 * The API as production runs it (`arshjul api`), in a process of its own on the bench's
 * database and Temporal test server, so what is measured (and profiled) is the API alone, not the
 * bench's worker and harness sharing its event loop and pool.
 */
export async function startApiProcess(o: ApiProcessOptions): Promise<ApiProcess> {
  const port = await freePort();
  const args = [
    ...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : []),
    '--import',
    'tsx',
    o.main ?? CLI_MAIN,
    'api',
    ...(o.processes ? ['--processes', String(o.processes)] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      TEMPORAL_ADDRESS: o.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      ARSHJUL_TASK_QUEUE: o.taskQueue,
      ARSHJUL_API_PORT: String(port),
    },
    // The request log goes nowhere, but it is still written as in production.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: a checkout started for the first time compiles its code (tsx) on a possibly busy machine.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the API process did not answer within 180 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    cpuSeconds: () => processTreeCpuSeconds(pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import type { Command } from 'commander';
import { DEFAULT_HEALTH_PORTS, HEALTH_PROCESSES, healthPortEnv } from '../ops/health-server';
import { untilSignal } from '../ops/lifecycle';
import { APP_PROCESSES, superviseProcesses } from '../ops/supervisor';
import { servicesUp } from '../services/index';

/** `arshjul api` and `arshjul up`. */
export function registerProcessCommands(program: Command): void {
  program
    .command('api')
    .description('run the HTTP API (ARSHJUL_API_PORT; /healthz, /readyz, /metrics) until Ctrl-C')
    .option('--web', 'serve the Swedish web interface under / too')
    .option('--port <n>', 'HTTP port (default ARSHJUL_API_PORT or 8080)')
    .option('--processes <n>', 'API processes sharing the port (default ARSHJUL_API_PROCESSES, else 1)')
    .action(async (o: { web?: boolean; port?: string; processes?: string }) => {
      const { apiProcessesFrom, runApiCluster } = await import('../api/cluster');
      await runApiCluster({
        processes: apiProcessesFrom(o.processes),
        web: o.web,
        port: o.port === undefined ? undefined : Number(o.port),
      });
    });

  program
    .command('up')
    .description(
      'start the services, then api, worker, relay, projections and mail as separate processes (Ctrl-C stops them)',
    )
    .option('--no-services', 'use services that already run (do not start them)')
    .option('--only <names>', `a comma-separated subset of ${APP_PROCESSES.map((p) => p.name).join(',')}`)
    .action(async (o: { services: boolean; only?: string }) => {
      const wanted = o.only?.split(',').map((n) => n.trim());
      const unknown = wanted?.filter((n) => !APP_PROCESSES.some((p) => p.name === n)) ?? [];
      if (unknown.length) throw new Error(`okänd process: ${unknown.join(', ')}`);
      const chosen = APP_PROCESSES.filter((p) => !wanted || wanted.includes(p.name));
      if (o.services && process.env.ARSHJUL_EXTERNAL_SERVICES !== '1') {
        console.log('up: startar tjänsterna …');
        await servicesUp([], (line) => console.log(`up: ${line}`));
      }
      for (const name of HEALTH_PROCESSES) {
        if (!chosen.some((p) => p.name === name)) continue;
        const port = process.env[healthPortEnv(name)] || DEFAULT_HEALTH_PORTS[name];
        console.log(`up: ${name} – /healthz, /readyz och /metrics på port ${port}`);
      }
      const supervisor = superviseProcesses(chosen);
      const signal = await untilSignal();
      console.log(`up: ${signal}, stoppar ${chosen.map((p) => p.name).join(', ')} …`);
      const codes = await supervisor.stop();
      const failed = [...codes].filter(([, code]) => code !== 0);
      for (const [name, code] of failed) console.log(`up: ${name} slutade med ${code ?? 'SIGKILL'}`);
      console.log('up: allt stoppat (tjänsterna fortsätter köra; `services down` stoppar dem)');
      process.exit(failed.length ? 1 : 0);
    });
}

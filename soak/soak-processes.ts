/** The processes a soak run's CPU account watches: the app processes, the services and the driver. */
import { readFileSync } from 'node:fs';
import { readPid } from '../services/proc';
import type { SoakDeployment } from './deployment';
import type { WatchedProcess } from './process-cpu';

/** Postgres's postmaster: the parent of one of the run's own backends (a restart gives a new one). */
async function postmasterPid(deployment: SoakDeployment): Promise<number | undefined> {
  const { rows } = await deployment.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  const backend = rows[0]?.pid;
  if (backend === undefined) return undefined;
  const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

export function soakProcesses(deployment: SoakDeployment): WatchedProcess[] {
  const child = (name: string) => () => deployment.supervisor.children.get(name)?.pid;
  let postmaster: number | undefined;
  return [
    { name: 'temporal', pid: () => readPid('temporal') },
    { name: 'worker', pid: child('worker') },
    { name: 'api', pid: child('api') },
    { name: 'relay', pid: child('relay') },
    { name: 'projections', pid: child('projections') },
    { name: 'mail', pid: child('mail') },
    {
      name: 'postgres',
      // While Postgres restarts, the last postmaster seen (its samples stop until a new one answers).
      pid: async () => {
        postmaster = (await postmasterPid(deployment).catch(() => undefined)) ?? postmaster;
        return postmaster;
      },
    },
    { name: 'kafka', pid: () => readPid('kafka') },
    { name: 'mailpit', pid: () => readPid('mail') },
    { name: 'soak-driver', pid: () => process.pid, withDescendants: false },
  ];
}

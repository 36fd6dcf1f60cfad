import { createServer } from 'node:net';
import { host, type PortName, portSettings, ports } from './config';
import { sleep } from './proc';
import { run } from './shell';

/** One socket on a port, as `ss -tanp` shows it. */
export interface PortHolder {
  state: string;
  local: string;
  peer: string;
  processes: { command: string; pid: number }[];
}

/** Whether this process could listen on host:port right now (as the service would, with SO_REUSEADDR). */
export function canListen(port: number, address = host): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: address }, () => probe.close(() => resolve(true)));
  });
}

/** Parses `ss -Htanp` lines: state, queues, local address, peer address, then users:((…)). */
export function parseSsLines(output: string, port: number): PortHolder[] {
  const holders: PortHolder[] = [];
  for (const line of output.split('\n')) {
    const columns = line.trim().split(/\s+/);
    const [state, , , local, peer] = columns;
    if (!state || !local || !peer || !local.endsWith(`:${port}`)) continue;
    const users = columns.slice(5).join(' ');
    const processes = [...users.matchAll(/\("([^"]*)",pid=(\d+)/g)].map((m) => ({
      command: m[1] ?? '?',
      pid: Number(m[2]),
    }));
    holders.push({ state, local, peer, processes });
  }
  return holders;
}

/** Every socket whose local end is the port, in any state (a listener, or an outgoing connection). */
export async function portHolders(port: number): Promise<PortHolder[]> {
  try {
    return parseSsLines(await run('ss', ['-Htanp', `sport = :${port}`]), port);
  } catch {
    return []; // no ss (iproute2): the error then names the port without its holder
  }
}

function describeHolder(holder: PortHolder): string {
  // A closed connection's end lingers ownerless for up to 60 s and blocks the port all that time.
  if (holder.state === 'TIME-WAIT')
    return `en stängd anslutning från ${holder.local} till ${holder.peer} (TIME-WAIT, högst 60 s)`;
  const who = holder.processes.length
    ? holder.processes
        .filter((p, i, all) => all.findIndex((q) => q.pid === p.pid) === i)
        .map((p) => `${p.command} (pid ${p.pid})`)
        .join(', ')
    : 'en process som ss inte visar (annan användare?)';
  return holder.state === 'LISTEN'
    ? `${who} lyssnar på ${holder.local}`
    : `${who} har en anslutning från ${holder.local} till ${holder.peer} (${holder.state})`;
}

/** A listener says it all (its accepted connections share its port); otherwise the first few sockets. */
function relevantHolders(holders: PortHolder[]): PortHolder[] {
  const listeners = holders.filter((h) => h.state === 'LISTEN');
  return listeners.length ? listeners : holders.slice(0, 3);
}

/** The Swedish message for a port another process holds: which port, for what, who holds it, what to do. */
export function portTakenMessage(service: string, name: PortName, port: number, holders: PortHolder[]) {
  const relevant = relevantHolders(holders);
  const who = relevant.length
    ? relevant.map(describeHolder).join('; ')
    : 'ss visar ingen ägare (kontrollera med `ss -tanp`)';
  return (
    `Porten ${port} (${service}) är upptagen av en annan process: ${who}. ` +
    `Stoppa den processen eller välj en annan port med ${portSettings[name].env}.`
  );
}

const TIME_WAIT_MS = 65_000;

/** True once the port can be bound; waits out ownerless TIME-WAIT ends, nothing else. */
async function portFreed(port: number, log: (line: string) => void): Promise<boolean> {
  if (await canListen(port)) return true;
  const deadline = Date.now() + TIME_WAIT_MS;
  let logged = false;
  for (;;) {
    const holders = await portHolders(port);
    if (holders.length === 0 || holders.some((h) => h.state !== 'TIME-WAIT')) return canListen(port);
    if (!logged) log(`port ${port}: waiting for a closed connection's TIME-WAIT to pass`);
    logged = true;
    await sleep(1000);
    if (await canListen(port)) return true;
    if (Date.now() > deadline) return false;
  }
}

/**
 * Called just before a service starts its server (after its own earlier process, if any, is stopped):
 * a port that cannot be bound now belongs to a foreign process, and saying who beats a timeout later.
 */
export async function ensurePortsFree(
  service: string,
  names: readonly PortName[],
  options: { portOf?: Partial<Record<PortName, number>>; log?: (line: string) => void } = {},
): Promise<void> {
  const taken: string[] = [];
  for (const name of names) {
    const port = options.portOf?.[name] ?? ports[name];
    if (await portFreed(port, options.log ?? (() => {}))) continue;
    taken.push(portTakenMessage(service, name, port, await portHolders(port)));
  }
  if (taken.length) throw new Error(taken.join('\n'));
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_PORTS } from '../../ops/health-server';
import { portSettings } from '../../services/config';
import { canListen, ensurePortsFree, parseSsLines, portTakenMessage } from '../../services/port-check';

/** Linux's range for the local end of outgoing connections (and listen(0)); read, not assumed. */
function ephemeralRange(): [number, number] {
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  return [Number(low), Number(high)];
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A foreign process running `script`, which prints one line (a port) when ready. */
async function foreignProcess(script: string): Promise<{ pid: number; port: number }> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { pid: child.pid as number, port: Number(chunk.toString().trim()) };
}

describe('default ports', () => {
  const defaults = [
    ...Object.entries(portSettings).map(([name, s]) => [name, s.fallback] as const),
    ...Object.entries(DEFAULT_HEALTH_PORTS).map(([name, port]) => [`${name} health`, port] as const),
  ];

  it('lie below the ephemeral range, where no outgoing connection can take them', () => {
    const [low] = ephemeralRange();
    for (const [name, port] of defaults) expect(port, name).toBeLessThan(Math.min(low, 32768));
  });

  it('are all different', () => {
    const numbers = defaults.map(([, port]) => port);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('a port held by a foreign process', () => {
  it('names the listener, its pid and the variable that moves the port', async () => {
    const holder = await foreignProcess(
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    );
    expect(await canListen(holder.port)).toBe(false);
    const error = await ensurePortsFree('postgres', ['postgres'], {
      portOf: { postgres: holder.port },
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`Porten ${holder.port} (postgres) är upptagen av en annan process`);
    expect(message).toContain(`(pid ${holder.pid}) lyssnar på 127.0.0.1:${holder.port}`);
    expect(message).toContain('ARSHJUL_PG_PORT');
  });

  it('names an outgoing connection whose local end took the port (what stopped Postgres)', async () => {
    // The child connects to its own server; the connection's local port is an ephemeral one.
    const holder = await foreignProcess(
      "const n=require('net');const s=n.createServer(()=>{});s.listen(0,'127.0.0.1',()=>{const c=n.connect(s.address().port,'127.0.0.1',()=>console.log(c.localPort))})",
    );
    expect(await canListen(holder.port)).toBe(false);
    const message = await ensurePortsFree('temporal', ['temporalUi'], {
      portOf: { temporalUi: holder.port },
    }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(
      new RegExp(
        `\\(pid ${holder.pid}\\) har en anslutning från 127\\.0\\.0\\.1:${holder.port} till 127\\.0\\.0\\.1:\\d+ \\(ESTAB\\)`,
      ),
    );
    expect(message).toContain('ARSHJUL_TEMPORAL_UI_PORT');
  });

  it('passes a port nobody holds', async () => {
    const holder = await foreignProcess(
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{const p=s.address().port;s.close(()=>console.log(p))})",
    );
    await expect(ensurePortsFree('idp', ['idp'], { portOf: { idp: holder.port } })).resolves.toBeUndefined();
  });
});

describe('ss output', () => {
  const output = [
    'LISTEN 0 4096 127.0.0.1:15432 0.0.0.0:* users:(("postgres",pid=71,fd=6))',
    'ESTAB 0 0 127.0.0.1:15432 127.0.0.1:17233 users:(("temporal",pid=99,fd=12),("temporal",pid=99,fd=13))',
    'TIME-WAIT 0 0 127.0.0.1:15432 127.0.0.1:19092',
    'ESTAB 0 0 127.0.0.1:154320 127.0.0.1:1',
  ].join('\n');

  it('keeps every socket whose local end is the port, with its processes', () => {
    const holders = parseSsLines(output, 15432);
    expect(holders.map((h) => h.state)).toEqual(['LISTEN', 'ESTAB', 'TIME-WAIT']);
    expect(holders[0]?.processes).toEqual([{ command: 'postgres', pid: 71 }]);
    expect(holders[1]?.peer).toBe('127.0.0.1:17233');
    expect(holders[1]?.processes.map((p) => p.pid)).toEqual([99, 99]);
    expect(holders[2]?.processes).toEqual([]);
  });

  it('names a listener alone, else the connections, one process once', () => {
    const holders = parseSsLines(output, 15432);
    expect(portTakenMessage('postgres', 'postgres', 15432, holders)).toBe(
      'Porten 15432 (postgres) är upptagen av en annan process: postgres (pid 71) lyssnar på 127.0.0.1:15432. ' +
        'Stoppa den processen eller välj en annan port med ARSHJUL_PG_PORT.',
    );
    expect(portTakenMessage('postgres', 'postgres', 15432, holders.slice(1))).toContain(
      'temporal (pid 99) har en anslutning från 127.0.0.1:15432 till 127.0.0.1:17233 (ESTAB); ' +
        'en stängd anslutning från 127.0.0.1:15432 till 127.0.0.1:19092 (TIME-WAIT, högst 60 s)',
    );
  });
});

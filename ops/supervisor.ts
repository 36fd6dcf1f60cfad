/**
 * `arshjul up`: the app processes as children of one terminal, each line of their output prefixed
 * with the process's name; SIGINT or SIGTERM stops them all with SIGTERM (SIGKILL after the deadline).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoRoot } from '../services/config';
import { PROCESS_STOP_DEADLINE_MS } from './lifecycle';

export interface AppProcess {
  name: string;
  /** Arguments of `arshjul` (cli/main.ts). */
  args: string[];
  /** Environment of this process only, over the supervisor's (e.g. a profiler for one process). */
  env?: NodeJS.ProcessEnv;
  /** Node's own options for this process (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** CommonJS modules loaded with --require: before tsx, and again in every thread the process starts. */
  preloads?: string[];
}

/**
 * The worker's workflow threads without the SDK's per-promise stack traces (worker/promise-stacks-off.cjs)
 * and with one deadlock watchdog per activation instead of one per call (worker/activation-watchdog.cjs).
 */
export const WORKFLOW_PROCESS_PRELOADS = [
  './worker/promise-stacks-off.cjs',
  './worker/activation-watchdog.cjs',
];

export const APP_PROCESSES: readonly AppProcess[] = [
  { name: 'api', args: ['api'] },
  { name: 'worker', args: ['worker'], preloads: WORKFLOW_PROCESS_PRELOADS },
  { name: 'relay', args: ['relay', 'run'] },
  { name: 'projections', args: ['projections', 'run'] },
  { name: 'mail', args: ['mail', 'run'] },
];

export interface Supervisor {
  /** The current child of each process (a restarted one replaces the one that died). */
  children: ReadonlyMap<string, ChildProcess>;
  /** How often each process was started again after dying (only with `restart`). */
  restarts: ReadonlyMap<string, number>;
  /** Resolves when every child has exited; the values are their exit codes (null: killed by a signal). */
  stop(): Promise<Map<string, number | null>>;
}

export interface SuperviseOptions {
  /** Start a process again when it dies without stop() (the soak's kill -9); default false, as in `up`. */
  restart?: boolean;
  /** The children's environment (default this process's). */
  env?: NodeJS.ProcessEnv;
}

/** Pause before a dead process is started again, so one that fails at once does not spin. */
const RESTART_DELAY_MS = 500;

export function superviseProcesses(
  processes: readonly AppProcess[],
  log: (line: string) => void = (line) => console.log(line),
  options: SuperviseOptions = {},
): Supervisor {
  const width = Math.max(...processes.map((p) => p.name.length));
  const children = new Map<string, ChildProcess>();
  const exits = new Map<string, Promise<number | null>>();
  const restarts = new Map<string, number>();
  let stopping = false;

  /** Starts the process; its promise resolves with the exit code of its last child, once not restarted. */
  const start = (p: AppProcess): Promise<number | null> => {
    const child = spawn(
      process.execPath,
      [
        ...(p.nodeArgs ?? []),
        '--import',
        'tsx',
        ...(p.preloads ?? []).flatMap((module) => ['--require', module]),
        'cli/main.ts',
        ...p.args,
      ],
      {
        cwd: repoRoot,
        env: { ...(options.env ?? process.env), ...p.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: Ctrl-C in the terminal reaches `up` only, which stops each child once.
        detached: true,
      },
    );
    const prefix = `[${p.name.padEnd(width)}]`;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => log(`${prefix} ${line}`));
    }
    log(`${prefix} startad (pid ${child.pid})`);
    children.set(p.name, child);
    return new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (stopping) return resolve(code);
        log(`${prefix} slutade utan att up stoppade den (${signal ?? `kod ${code}`})`);
        if (!options.restart) return resolve(code);
        restarts.set(p.name, (restarts.get(p.name) ?? 0) + 1);
        setTimeout(() => {
          if (stopping) resolve(code);
          else start(p).then(resolve);
        }, RESTART_DELAY_MS);
      }),
    );
  };
  for (const p of processes) exits.set(p.name, start(p));
  return {
    children,
    restarts,
    async stop() {
      stopping = true;
      for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
      // A child that hangs past its own deadline is killed: `up` itself never hangs.
      const kill = setTimeout(() => {
        for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
      }, PROCESS_STOP_DEADLINE_MS + 2_000);
      const codes = new Map<string, number | null>();
      for (const [name, exit] of exits) codes.set(name, await exit);
      clearTimeout(kill);
      return codes;
    },
  };
}

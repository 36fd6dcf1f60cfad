import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors';

type Register = (program: Command) => void;

/**
 * Each top-level command's module, loaded only when asked for: a process that `arshjul up` or the soak
 * restarts after a crash (`relay run`, `mail run` …) loads what it runs, not every command's code
 * (the whole CLI cost 4–5 s of CPU to load; `relay` now 0.8 s). In help order.
 */
const COMMANDS: [names: string[], load: () => Promise<Register>][] = [
  [['services'], async () => (await import('./services-command')).registerServicesCommand],
  [['db'], async () => (await import('./db-command')).registerDbCommand],
  [['worker'], async () => (await import('./worker-command')).registerWorkerCommand],
  [['api', 'up'], async () => (await import('./up-command')).registerProcessCommands],
  [['cycle'], async () => (await import('./cycle-command')).registerCycleCommands],
  [['relay'], async () => (await import('./relay-command')).registerRelayCommand],
  [['mail'], async () => (await import('./mail-command')).registerMailCommand],
  [['projections'], async () => (await import('./projections-command')).registerProjectionsCommand],
  [['audit'], async () => (await import('./audit-command')).registerAuditCommand],
  [['token'], async () => (await import('./token-command')).registerTokenCommand],
  [['kolada'], async () => (await import('../kolada/cli')).registerKoladaCommand],
  [['soak'], async () => (await import('../soak/cli')).registerSoakCommand],
  [['demo'], async () => registerDemoCommand],
];

function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'provision the stack, run the Ale acceptance scenario through the API, print the reports, keep the API running',
    )
    .option(
      '--speedup <n>',
      'a uniform clock: domain ms per wall ms (default: planned, slow where people act and timers fire)',
    )
    .option('--port <n>', 'HTTP port of the API')
    .action(async (o: { speedup?: string; port?: string }) => {
      const number = (raw: string | undefined, flag: string) => {
        if (raw === undefined) return undefined;
        const n = Number(raw);
        if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: '${raw}' är inget positivt tal`);
        return n;
      };
      const { runDemo } = await import('../demo/index');
      // The API keeps running afterwards; Ctrl-C or SIGTERM stops what the demo started and exits.
      await runDemo({ speedup: number(o.speedup, '--speedup'), port: number(o.port, '--port') });
    });
}

const program = new Command()
  .name('arshjul')
  .description('Årshjulet: the annual planning cycle of a Swedish municipality')
  .showHelpAfterError()
  .exitOverride();

// A known command loads its own module only; anything else (help, a typo) all of them, for the
// overview and commander's suggestions.
const asked = COMMANDS.find(([names]) => names.includes(process.argv[2] ?? ''));
for (const [, load] of asked ? [asked] : COMMANDS) (await load())(program);

/** How long a failed command may take to close what it opened before it is made to exit. */
const EXIT_GRACE_MS = 2_000;

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    console.error(`arshjul: ${describeError(error)}`);
    process.exitCode = 1;
    // What a process opened before it failed (its health server, a pool) would keep it running, failed
    // and unready, where `arshjul up` or a supervisor cannot see it to start it again: a projections
    // process started while Kafka was away stayed so for the rest of a soak.
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  }
}

/** A domain rejection names its rule and, for invalid input, each field; anything else its message. */
function describeError(error: unknown): string {
  if (error instanceof DomainError) {
    const issues = (error.details.issues as { path: string[]; message: string }[] | undefined) ?? [];
    return [
      `${error.message} (${error.code}, ${error.rule})`,
      ...issues.map((i) => `  ${i.path.join('.')}: ${i.message}`),
    ].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

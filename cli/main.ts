import { Command, CommanderError } from 'commander';
import { runDemo } from '../demo/index';
import { DomainError } from '../domain/errors';
import { registerKoladaCommand } from '../kolada/cli';
import { registerSoakCommand } from '../soak/cli';
import { registerAuditCommand } from './audit-command';
import { registerCycleCommands } from './cycle-command';
import { registerDbCommand } from './db-command';
import { registerMailCommand } from './mail-command';
import { registerProjectionsCommand } from './projections-command';
import { registerRelayCommand } from './relay-command';
import { registerServicesCommand } from './services-command';
import { registerTokenCommand } from './token-command';
import { registerProcessCommands } from './up-command';
import { registerWorkerCommand } from './worker-command';

const program = new Command()
  .name('arshjul')
  .description('Årshjulet: the annual planning cycle of a Swedish municipality')
  .showHelpAfterError()
  .exitOverride();

registerServicesCommand(program);
registerDbCommand(program);
registerWorkerCommand(program);
registerProcessCommands(program);
registerCycleCommands(program);
registerRelayCommand(program);
registerMailCommand(program);
registerProjectionsCommand(program);
registerAuditCommand(program);
registerTokenCommand(program);
registerKoladaCommand(program);
registerSoakCommand(program);

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
    // The API keeps running afterwards; Ctrl-C or SIGTERM stops what the demo started and exits.
    await runDemo({ speedup: number(o.speedup, '--speedup'), port: number(o.port, '--port') });
  });

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

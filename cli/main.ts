import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors';
import { servicesStatus, servicesUp } from '../services/index';
import { registerAuditCommand } from './audit-command';
import { registerCycleCommands } from './cycle-command';
import { registerDbCommand } from './db-command';
import { registerProjectionsCommand } from './projections-command';
import { registerRelayCommand } from './relay-command';
import { printStatus, registerServicesCommand } from './services-command';
import { registerTokenCommand } from './token-command';
import { registerWorkerCommand } from './worker-command';

const program = new Command()
  .name('arshjul')
  .description('Årshjulet: the annual planning cycle of a Swedish municipality')
  .showHelpAfterError()
  .exitOverride();

registerServicesCommand(program);
registerDbCommand(program);
registerWorkerCommand(program);
registerCycleCommands(program);
registerRelayCommand(program);
registerProjectionsCommand(program);
registerAuditCommand(program);
registerTokenCommand(program);

program
  .command('demo')
  .description(
    'start the stack and run the acceptance scenario (for now: start the services and show their status)',
  )
  .action(async () => {
    await servicesUp([], (line) => console.log(line));
    printStatus(await servicesStatus());
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    console.error(`arshjul: ${describeError(error)}`);
    process.exitCode = 1;
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

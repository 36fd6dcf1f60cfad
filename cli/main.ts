import { Command, CommanderError } from 'commander';
import { servicesStatus, servicesUp } from '../services/index';
import { registerAuditCommand } from './audit-command';
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
    console.error(`arshjul: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

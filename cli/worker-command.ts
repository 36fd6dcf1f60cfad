import type { Command } from 'commander';
import { runWorker } from '../worker/main';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the Temporal worker (workflows and activities) until Ctrl-C')
    .action(async () => {
      await runWorker();
    });
}

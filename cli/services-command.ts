import type { Command } from 'commander';
import { servicesDown, servicesStatus, servicesUp } from '../services/index';
import type { ServiceStatus } from '../services/types';

const say = (line: string) => console.log(line);

export function printStatus(statuses: ServiceStatus[]): void {
  const width = Math.max(...statuses.map((s) => s.name.length));
  for (const s of statuses) {
    const state = s.answers ? 'svarar' : 'svarar inte';
    console.log(
      `${s.name.padEnd(width)}  ${s.answers ? '✔' : '✘'} ${state.padEnd(11)}  ${s.endpoint}${s.detail ? `  ${s.detail}` : ''}`,
    );
  }
}

export function registerServicesCommand(program: Command): void {
  const services = program
    .command('services')
    .description('provision, start, stop and inspect the local services');
  services
    .command('up')
    .argument('[names...]', 'postgres, temporal, temporal-test-server, kafka (default: all)')
    .description('install (cached) and start the services, waiting until each answers')
    .action(async (names: string[]) => {
      await servicesUp(names, say);
      printStatus(await servicesStatus(names));
    });
  services
    .command('down')
    .argument('[names...]')
    .description('stop the services (data is kept)')
    .action(async (names: string[]) => {
      await servicesDown(names, say);
    });
  services
    .command('status')
    .argument('[names...]')
    .description('each service, its endpoint, and whether it answers')
    .action(async (names: string[]) => {
      const statuses = await servicesStatus(names);
      printStatus(statuses);
      if (statuses.some((s) => !s.answers)) process.exitCode = 1;
    });
}

import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { WorkflowService } from '../application/workflow-service';
import { defaultCalendar } from '../domain/calendar/defaults';
import { CycleCalendar, PHASES } from '../domain/calendar/schema';
import { phaseLabel } from '../domain/cycle/guards';
import { phaseStatusLabel, taskStatusLabel } from '../domain/status-labels';
import { EventStore } from '../eventstore/index';
import { serviceUrls } from '../services/config';
import { withPool } from './pool';

const phaseStatus = (s: string) => phaseStatusLabel(s).toLowerCase();
const taskStatus = (s: string) => taskStatusLabel(s).toLowerCase();

/** Opens the Temporal client and the event store for one command, and closes them after. */
async function withService<T>(run: (service: WorkflowService) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  try {
    const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
    return await withPool((pool) => run(new WorkflowService({ client, store: new EventStore(pool) })));
  } finally {
    await connection.close();
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${what}: kan inte läsa ${file} (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: ${file} är inte giltig JSON (${(error as Error).message})`);
  }
}

function parseYear(raw: string): number {
  const year = Number(raw);
  if (!Number.isInteger(year) || year < 1990 || year > 2200)
    throw new Error(`--year: '${raw}' är inget budgetår`);
  return year;
}

export function registerCycleCommands(program: Command): void {
  const cycle = program.command('cycle').description("start and follow a municipality's annual cycle");
  cycle
    .command('start')
    .description('start the cycle for budget year N (the municipality must be registered)')
    .requiredOption('-m, --municipality <id>', 'municipality id, e.g. ale')
    .requiredOption('-y, --year <N>', 'budget year')
    .requiredOption('--as <user>', 'the process owner starting it')
    .option('-c, --calendar <file>', "JSON calendar (default: the law's latest dates)")
    .action(async (o: { municipality: string; year: string; as: string; calendar?: string }) => {
      const budgetYear = parseYear(o.year);
      const parsed = CycleCalendar.safeParse(
        o.calendar ? readJson(o.calendar, '--calendar') : defaultCalendar(budgetYear),
      );
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(kalendern)'}: ${i.message}`);
        throw new Error(`--calendar: kalendern är ogiltig\n${issues.join('\n')}`);
      }
      await withService(async (service) => {
        await service.startCycle(
          { municipalityId: o.municipality, budgetYear, calendar: parsed.data, actor: o.as },
          new Date().toISOString(),
        );
      });
      console.log(`Cykel ${budgetYear} för ${o.municipality} är startad.`);
    });
  cycle
    .command('status')
    .description('phases and tasks of a cycle')
    .requiredOption('-m, --municipality <id>', 'municipality id')
    .requiredOption('-y, --year <N>', 'budget year')
    .action(async (o: { municipality: string; year: string }) => {
      const budgetYear = parseYear(o.year);
      const status = await withService((service) => service.cycleStatus(o.municipality, budgetYear));
      if (!status || status.cycle.status === 'not_started') {
        console.log(`Ingen cykel ${budgetYear} för ${o.municipality}.`);
        process.exitCode = 1;
        return;
      }
      const c = status.cycle;
      console.log(
        `Cykel ${c.budgetYear} – ${c.municipalityId} (${c.status === 'closed' ? 'avslutad' : 'pågår'})`,
      );
      for (const phase of PHASES) {
        const tasks = status.plannedTasks.find((p) => p.phase === phase)?.tasks ?? [];
        console.log(
          `  ${phaseLabel(phase).padEnd(14)} ${phaseStatus(c.phases[phase]).padEnd(11)} ${tasks.length} ${tasks.length === 1 ? 'uppgift' : 'uppgifter'}`,
        );
      }
      console.log(`  Beslut: ${c.decisions.length}`);
    });

  const task = program
    .command('task')
    .description('act on a task (uppgift) as its secretary or a process owner');
  task
    .command('show')
    .argument('<taskId>')
    .action(async (taskId: string) => {
      const t = await withService((service) => service.task(taskId));
      if (!t) throw new Error(`uppgiften ${taskId} finns inte`);
      console.log(
        `${t.title}\n  organ: ${t.organId}\n  status: ${taskStatus(t.status)}\n  sista dag: ${t.dueDate}`,
      );
      for (const r of t.returns)
        console.log(`  returnerad för komplettering (version ${r.revision}): ${r.reason}`);
    });
  task
    .command('submit')
    .argument('<taskId>')
    .requiredOption('--as <user>', 'the organ secretary submitting')
    .requiredOption('--content <file>', 'JSON content for the task kind')
    .action(async (taskId: string, o: { as: string; content: string }) => {
      const content = readJson(o.content, '--content');
      await withService((service) => service.submitTask(taskId, o.as, content));
      console.log(`Uppgiften ${taskId} är inlämnad.`);
    });
  task
    .command('return')
    .argument('<taskId>')
    .requiredOption('--as <user>', 'the process owner')
    .requiredOption('--reason <text>', 'why it goes back for revision')
    .action(async (taskId: string, o: { as: string; reason: string }) => {
      await withService((service) => service.returnTask(taskId, o.as, o.reason));
      console.log(`Uppgiften ${taskId} är returnerad för komplettering.`);
    });
  task
    .command('approve')
    .argument('<taskId>')
    .requiredOption('--as <user>', 'the process owner')
    .action(async (taskId: string, o: { as: string }) => {
      await withService((service) => service.approveTask(taskId, o.as));
      console.log(`Uppgiften ${taskId} är godkänd.`);
    });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/decider';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS, aleStartCycle2027 } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import type { MailConfig } from '../../mail/config';
import { mailConfig } from '../../mail/config';
import { type RunningMailSender, startMailSender } from '../../mail/sender';
import { smtpTransport } from '../../mail/transport';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { repoRoot } from '../../services/config';
import { humanTaskWorkflow } from '../../workflows/index';
import { approveTaskUpdate, returnTaskUpdate, submitTaskUpdate } from '../../workflows/messages';
import { bunAnalysisTask } from '../support/task-input';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';
import { messageDetail, messagesTagged, until } from './mailpit';

const DAY = 24 * 60 * 60 * 1000;
const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;
const PUBLIC_URL = 'http://arshjul.test';
const config: MailConfig = { ...mailConfig(), publicUrl: PUBLIC_URL };
const withId = (e: { type: string; schemaVersion: number; data: unknown }) => ({
  ...e,
  eventId: randomUUID(),
});

describe('e-mail from the events to Mailpit (time-skipping server, real Postgres, real SMTP)', () => {
  let h: WorkflowHarness;
  let sender: RunningMailSender | undefined;
  const transport = smtpTransport(config.smtpUrl);
  const tag = randomUUID().slice(0, 8);

  const startSender = async (t = transport) => {
    sender = startMailSender({ pool: h.db.appPool, transport: t, config, idleMs: 100 });
    await sender.ready;
  };
  const stopSender = async () => {
    await sender?.stop();
    sender = undefined;
  };

  beforeAll(async () => {
    h = await createWorkflowHarness('mail');
    await h.registerAle();
    const { events } = decideWith(cycleDecider, cycleDecider.initialState(), aleStartCycle2027());
    await h.store.append(cycleStream('ale', 2027), 'no_stream', events.map(withId), {
      actor: 'system',
      occurredAt: '2026-01-12T08:00:00.000Z',
      correlationId: 'cycle-ale-2027',
      causationId: 'test',
    });
    await h.startWorker();
    await startSender();
  });
  afterAll(async () => {
    await stopSender();
    transport.close();
    await h?.teardown();
  });

  /** A nulägesanalys of BUN due 29 March 2027, its domain clock starting on 1 March at 08:00. */
  async function startTask(name: string) {
    const taskId = `mail-${tag}-${name}`;
    const now = await h.env.currentTimeMs();
    const handle = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: taskStream(taskId),
      args: [
        bunAnalysisTask(taskId, {
          title: `Nulägesanalys ${tag}-${name}`,
          dueDate: '2027-03-29',
          clock: {
            anchorDomainMs: Date.parse('2027-03-01T08:00:00+01:00'),
            anchorWorkflowMs: now,
            speedup: 1,
          },
        }),
      ],
    });
    await h.port('ale', 2027).waitForTask(taskId);
    return { taskId, handle };
  }

  const occurredAtOf = async (eventId: string, taskId: string) =>
    (await h.store.readStream(taskStream(taskId))).find((e) => e.eventId === eventId)?.occurredAt;

  it('tells each fact once: given out, reminders at 08:00 on 22 and 28 March (summer time), escalation after the 29th', async () => {
    const { taskId, handle } = await startTask('dst');
    await h.env.sleep(31 * DAY); // to 1 April: both reminders and the escalation have fired
    const mails = await until('four e-mails', async () => {
      const found = await messagesTagged(`${tag}-dst`);
      return found.length >= 4 ? found : undefined;
    });
    const details = await Promise.all(mails.map(async (m) => ({ ...m, ...(await messageDetail(m.ID)) })));
    const byKind = (kind: string) => details.filter((d) => d.kind === kind);
    expect(details.map((d) => d.kind).sort()).toEqual(['assigned', 'escalation', 'reminder', 'reminder']);

    const [assigned] = byKind('assigned');
    expect(assigned?.Subject).toBe(`Ny uppgift: Nulägesanalys ${tag}-dst`);
    expect(assigned?.To.map((t) => t.Address)).toEqual([secretary]);
    expect(assigned?.text).toContain('senast 29 mars 2027');
    expect(assigned?.text).toContain(`${PUBLIC_URL}/#/uppgift/${taskId}`);
    const assignedEvent = (await h.store.readStream(taskStream(taskId)))[0];
    const latencyMs = Date.parse(assigned?.Created ?? '') - Date.parse(assignedEvent?.recordedAt ?? '');
    console.log(`e-mail latency, event stored → Mailpit: ${latencyMs} ms`);

    const reminders = byKind('reminder');
    expect(reminders.map((r) => r.Subject)).toEqual([
      `Påminnelse: Nulägesanalys ${tag}-dst ska lämnas in senast 29 mars 2027`,
      `Påminnelse: Nulägesanalys ${tag}-dst ska lämnas in senast 29 mars 2027`,
    ]);
    // 08:00 Stockholm: normal time (UTC+1) on 22 March, summer time (UTC+2) on 28 March.
    const reminderTimes = (await Promise.all(reminders.map((r) => occurredAtOf(r.fact, taskId)))).sort();
    const near = (iso: string | undefined, expected: string) =>
      Math.abs(Date.parse(iso ?? '') - Date.parse(expected)) < 1000;
    expect(near(reminderTimes[0], '2027-03-22T08:00:00+01:00')).toBe(true);
    expect(near(reminderTimes[1], '2027-03-28T08:00:00+02:00')).toBe(true);

    const [escalation] = byKind('escalation');
    expect(escalation?.To.map((t) => t.Address)).toEqual([owner]);
    expect(escalation?.Subject).toBe(
      `Försenad uppgift: Nulägesanalys ${tag}-dst (Barn- och utbildningsnämnden)`,
    );
    const escalatedAt = await occurredAtOf(escalation?.fact ?? '', taskId);
    expect(near(escalatedAt, '2027-03-30T00:00:00+02:00')).toBe(true); // the first instant after 23:59 on the 29th

    // A return with its reason, then the approval.
    await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    await handle.executeUpdate(returnTaskUpdate, {
      args: [{ actor: owner, reason: 'Elevhälsan saknas i analysen' }],
    });
    await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    const later = await until('the return and the approval', async () => {
      const found = await messagesTagged(`${tag}-dst`);
      return found.length >= 6 ? found : undefined;
    });
    const returned = later.find((m) => m.Subject.startsWith('Returnerad för komplettering'));
    expect(returned && (await messageDetail(returned.ID)).text).toContain(
      'Skäl: Elevhälsan saknas i analysen',
    );
    expect(later.some((m) => m.Subject === `Godkänd: Nulägesanalys ${tag}-dst`)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await messagesTagged(`${tag}-dst`)).toHaveLength(6);
  });

  it('sends no reminders to a person who turned them off, but the escalation still goes out', async () => {
    await h.runMunicipalityCommands('ale', [
      {
        type: 'SetNotificationPreferences',
        at: new Date().toISOString(),
        actor: secretary,
        userId: secretary,
        reminders: false,
      },
    ]);
    await startTask('off');
    await h.env.sleep(31 * DAY);
    const mails = await until('the assignment and the escalation', async () => {
      const found = await messagesTagged(`${tag}-off`);
      return found.length >= 2 ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    const subjects = (await messagesTagged(`${tag}-off`)).map((m) => m.Subject).sort();
    expect(subjects).toEqual([
      `Försenad uppgift: Nulägesanalys ${tag}-off (Barn- och utbildningsnämnden)`,
      `Ny uppgift: Nulägesanalys ${tag}-off`,
    ]);
    expect(mails).toHaveLength(2);
  });

  it('tells the process owners once when a decision the cycle waits for is late', async () => {
    await h.registerAle('ale-late');
    const port = h.port('ale-late', 2027);
    await port.startCycle({ ...aleCycleInput(), municipalityId: 'ale-late' });
    // KS's budget proposal is due in October 2026; nobody proposes one.
    await port.advanceTo('2026-11-05T09:00:00+01:00');
    const overdue = await until('DecisionOverdue on the cycle stream', async () => {
      const events = await h.store.readStream(cycleStream('ale-late', 2027));
      const found = events.filter((e) => e.type === 'DecisionOverdue');
      return found.length ? found : undefined;
    });
    expect(overdue.map((e) => (e.data as { gateId: string }).gateId)).toEqual(['budget-proposed']);
    const row = await until('the e-mail sent', async () => {
      const { rows } = await h.db.appPool.query<{ recipient: string; subject: string; message_id: string }>(
        `select recipient, subject, message_id from mail_outbox
         where municipality_id = 'ale-late' and kind = 'decision-overdue' and status = 'sent'`,
      );
      return rows.length ? rows : undefined;
    });
    expect(row.map((r) => [r.recipient, r.subject])).toEqual([
      [owner, 'Försenat beslut: Kommunstyrelsens budgetförslag'],
    ]);
    const inbox = await until('the e-mail in Mailpit', async () => {
      const found = (await messagesTagged('Försenat beslut')).filter(
        (m) => `<${m.MessageID}>` === row[0]?.message_id,
      );
      return found.length ? found : undefined;
    });
    expect(inbox).toHaveLength(1);
    expect((await messageDetail(inbox[0]?.ID ?? '')).text).toContain('Cykeln väntar på beslutet');
  });

  /** Facts appended straight to the store: `count` tasks given out to BUN's secretary. */
  async function assignTasks(name: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const taskId = `mail-${tag}-${name}-${i}`;
      await h.store.append(
        taskStream(taskId),
        'no_stream',
        [
          withId({
            type: 'TaskAssigned',
            schemaVersion: 1,
            data: {
              at: '2027-03-01T07:00:00.000Z',
              by: owner,
              taskId,
              municipalityId: 'ale',
              budgetYear: 2027,
              organId: ALE_ORGAN.bun,
              phase: 'nulagesanalys',
              kind: 'nulagesanalys',
              title: `Uppgift ${tag}-${name} nr ${i}`,
              dueDate: '2027-03-29',
            },
          }),
        ],
        { actor: owner, occurredAt: '2027-03-01T07:00:00.000Z', correlationId: 'test', causationId: 'test' },
      );
    }
  }

  it('keeps an e-mail while the SMTP server is down and sends it once it answers', async () => {
    await stopSender();
    const dead = smtpTransport('smtp://127.0.0.1:9'); // nothing listens on the discard port
    await startSender(dead);
    await assignTasks('down', 1);
    const waiting = await until('a failed attempt', async () => {
      const { rows } = await h.db.appPool.query<{
        attempts: number;
        last_error: string | null;
        status: string;
      }>(`select attempts, last_error, status from mail_outbox where subject like $1`, [`%${tag}-down%`]);
      return rows[0]?.last_error ? rows[0] : undefined;
    });
    expect(waiting.status).toBe('pending');
    await stopSender();
    dead.close();
    await startSender();
    const arrived = await until('the e-mail after the retry', async () => {
      const found = await messagesTagged(`${tag}-down`);
      return found.length ? found : undefined;
    });
    expect(arrived).toHaveLength(1);
  });

  it('delivers every e-mail once when the sender process is killed (SIGKILL) mid-batch', async () => {
    await stopSender();
    const count = 120;
    await assignTasks('kill', count);
    const run = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'mail', 'run'], {
        cwd: repoRoot,
        // Health port 0: any free one, so two runs side by side never collide.
        env: {
          ...process.env,
          DATABASE_URL: h.db.appUrl,
          ARSHJUL_PUBLIC_URL: PUBLIC_URL,
          ARSHJUL_MAIL_HEALTH_PORT: '0',
        },
        stdio: 'ignore',
      });
    const first = run();
    await until(
      'a third of the batch',
      async () => ((await messagesTagged(`${tag}-kill`)).length >= 40 ? true : undefined),
      90_000,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const { rows: left } = await h.db.appPool.query<{ n: string }>(
      `select count(*) as n from mail_outbox where status <> 'sent' and subject like $1`,
      [`%${tag}-kill%`],
    );
    expect(Number(left[0]?.n)).toBeGreaterThan(0); // killed mid-batch, not after it

    const second = run();
    try {
      await until(
        'the whole batch',
        async () => ((await messagesTagged(`${tag}-kill`)).length >= count ? true : undefined),
        90_000,
      );
      await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would show by now
    } finally {
      second.kill('SIGTERM');
    }
    const inbox = await messagesTagged(`${tag}-kill`);
    expect(inbox).toHaveLength(count);
    expect(new Set(inbox.map((m) => m.Subject)).size).toBe(count);
    const { rows } = await h.db.appPool.query<{ sent: string; resent: string }>(
      `select count(*) filter (where status = 'sent') as sent, count(*) filter (where attempts > 1) as resent
       from mail_outbox where subject like $1`,
      [`%${tag}-kill%`],
    );
    expect(Number(rows[0]?.sent)).toBe(count);
    // What the kill interrupted was handed over again with its Message-ID; at most the batch in flight.
    console.log(`kill -9: ${rows[0]?.resent} of ${count} e-mails were claimed again after the kill`);
  });
});

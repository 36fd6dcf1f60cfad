/**
 * What each domain fact tells whom, in Swedish: pure, from the event and the state it concerns. The
 * sender stores the result in its sent log before anything goes out (mail/planner.ts).
 */
import { swedishDate } from '../documents/format';
import { TASK_KIND_LABEL, type TaskKind } from '../domain/task/kinds';

export type MailKind =
  | 'assigned'
  | 'reminder'
  | 'escalation'
  | 'returned'
  | 'approved'
  | 'cancelled'
  | 'decision-overdue';

/** The task a fact is about, as its TaskAssigned says. */
export interface TaskFacts {
  taskId: string;
  organId: string;
  organName: string;
  kind: TaskKind;
  title: string;
}

/** The people who hold the roles now, and who turned reminders off. */
export interface Recipients {
  secretariesOf(organId: string): readonly string[];
  processOwners: readonly string[];
  wantsReminders(userId: string): boolean;
}

export interface MailFact {
  type: string;
  data: Record<string, unknown>;
}

/** One e-mail to one person. */
export interface PlannedMail {
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string;
  html: string;
}

interface Draft {
  kind: MailKind;
  to: readonly string[];
  subject: string;
  /** Paragraphs of the body. */
  lines: string[];
  link: { label: string; url: string } | null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A person's id is their e-mail address; anything else cannot be mailed and is left out. */
export const isMailAddress = (userId: string): boolean => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(userId);

function taskDraft(fact: MailFact, task: TaskFacts, people: Recipients, taskUrl: string): Draft | null {
  // Titles usually name the kind and the organ already ("Nulägesanalys 2027 – Socialnämnden").
  const named = task.title.includes(task.organName) && task.title.includes(TASK_KIND_LABEL[task.kind]);
  const what = named ? task.title : `${task.title} (${TASK_KIND_LABEL[task.kind]}, ${task.organName})`;
  const secretaries = people.secretariesOf(task.organId);
  const link = { label: 'Öppna uppgiften', url: taskUrl };
  const due = swedishDate(str(fact.data.dueDate));
  switch (fact.type) {
    case 'TaskAssigned':
      return {
        kind: 'assigned',
        to: secretaries,
        subject: `Ny uppgift: ${task.title}`,
        lines: [
          `${task.organName} har fått en ny uppgift i årshjulet: ${what}.`,
          `Den ska lämnas in senast ${due}.`,
        ],
        link,
      };
    case 'TaskReminderSent':
      return {
        kind: 'reminder',
        to: secretaries.filter((u) => people.wantsReminders(u)),
        subject: `Påminnelse: ${task.title} ska lämnas in senast ${due}`,
        lines: [
          `Det här är en påminnelse om uppgiften ${what}.`,
          `Den ska lämnas in senast ${due}.`,
          'Du kan stänga av påminnelser på sidan E-post i årshjulet.',
        ],
        link,
      };
    case 'TaskEscalated':
      return {
        kind: 'escalation',
        to: Array.isArray(fact.data.escalatedTo) ? fact.data.escalatedTo.map(str) : people.processOwners,
        subject: `Försenad uppgift: ${task.title} (${task.organName})`,
        lines: [`Uppgiften ${what} skulle ha lämnats in senast ${due} och är inte inlämnad.`],
        link,
      };
    case 'TaskReturnedForRevision':
      return {
        kind: 'returned',
        to: secretaries,
        subject: `Returnerad för komplettering: ${task.title}`,
        lines: [
          `Inlämningen av ${what} har returnerats för komplettering.`,
          `Skäl: ${str(fact.data.reason)}`,
        ],
        link,
      };
    case 'TaskApproved':
      return {
        kind: 'approved',
        to: secretaries,
        subject: `Godkänd: ${task.title}`,
        lines: [`Inlämningen av ${what} är godkänd.`],
        link,
      };
    case 'TaskCancelled':
      return {
        kind: 'cancelled',
        to: secretaries,
        subject: `Avbruten: ${task.title}`,
        lines: [`Uppgiften ${what} har avbrutits och ska inte lämnas in.`, `Skäl: ${str(fact.data.reason)}`],
        link,
      };
    default:
      return null;
  }
}

function cycleDraft(fact: MailFact, people: Recipients, cycleUrl: string): Draft | null {
  if (fact.type !== 'DecisionOverdue') return null;
  const label = str(fact.data.label);
  return {
    kind: 'decision-overdue',
    to: people.processOwners,
    subject: `Försenat beslut: ${label}`,
    lines: [
      `Beslutet ”${label}” skulle ha fattats senast ${swedishDate(str(fact.data.deadline))} och är inte registrerat.`,
      'Cykeln väntar på beslutet. Registrera det när det är fattat; ett sent beslut registreras med sin avvikelse.',
    ],
    link: { label: 'Öppna årshjulet', url: cycleUrl },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function render(draft: Draft): PlannedMail[] {
  const link = draft.link ? [`${draft.link.label}: ${draft.link.url}`] : [];
  const text = `${[...draft.lines, ...link].join('\n\n')}\n\n— Årshjulet\n`;
  const html = [
    '<!doctype html><html lang="sv"><body>',
    ...draft.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    draft.link ? `<p><a href="${escapeHtml(draft.link.url)}">${escapeHtml(draft.link.label)}</a></p>` : '',
    '<p>— Årshjulet</p></body></html>',
  ].join('');
  return [...new Set(draft.to)]
    .filter(isMailAddress)
    .map((recipient) => ({ kind: draft.kind, recipient, subject: draft.subject, text, html }));
}

/** The e-mails a task fact sends (none for facts nobody is told of). */
export function mailsForTaskFact(
  fact: MailFact,
  task: TaskFacts,
  people: Recipients,
  publicUrl: string,
): PlannedMail[] {
  const draft = taskDraft(fact, task, people, `${publicUrl}/#/uppgift/${encodeURIComponent(task.taskId)}`);
  return draft ? render(draft) : [];
}

/** The e-mails a cycle fact sends: a decision the cycle waits for that is late, to the process owners. */
export function mailsForCycleFact(fact: MailFact, people: Recipients, publicUrl: string): PlannedMail[] {
  const draft = cycleDraft(fact, people, `${publicUrl}/#/arshjul`);
  return draft ? render(draft) : [];
}

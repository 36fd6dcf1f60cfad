import { describe, expect, it } from 'vitest';
import { isMailAddress, mailsForTaskFact, type Recipients, type TaskFacts } from '../../mail/messages';
import { messageIdOf } from '../../mail/planner';

const task: TaskFacts = {
  taskId: 'ale.2027.nulagesanalys.ale-sn',
  organId: 'ale-sn',
  organName: 'Socialnämnden',
  kind: 'nulagesanalys',
  title: 'Nulägesanalys 2027 – Socialnämnden',
};
const people: Recipients = {
  secretariesOf: () => ['maria.svensson@ale.se', 'vikarie@ale.se', 'system'],
  processOwners: ['karin.holm@ale.se'],
  wantsReminders: (u) => u !== 'vikarie@ale.se',
};
const url = 'https://arshjul.ale.se';

describe('mail messages (pure)', () => {
  it('reminds only those who want reminders, and only real addresses', () => {
    const mails = mailsForTaskFact(
      { type: 'TaskReminderSent', data: { dueDate: '2027-03-29' } },
      task,
      people,
      url,
    );
    expect(mails.map((m) => m.recipient)).toEqual(['maria.svensson@ale.se']);
    expect(mails[0]?.subject).toBe(
      'Påminnelse: Nulägesanalys 2027 – Socialnämnden ska lämnas in senast 29 mars 2027',
    );
    expect(mails[0]?.text).toContain(`${url}/#/uppgift/ale.2027.nulagesanalys.ale-sn`);
  });

  it('gives the task out to every secretary, escalates to the ones the event names', () => {
    const given = mailsForTaskFact(
      { type: 'TaskAssigned', data: { dueDate: '2027-03-29' } },
      task,
      people,
      url,
    );
    expect(given.map((m) => m.recipient)).toEqual(['maria.svensson@ale.se', 'vikarie@ale.se']);
    const escalated = mailsForTaskFact(
      { type: 'TaskEscalated', data: { dueDate: '2027-03-29', escalatedTo: ['karin.holm@ale.se'] } },
      task,
      people,
      url,
    );
    expect(escalated.map((m) => [m.kind, m.recipient])).toEqual([['escalation', 'karin.holm@ale.se']]);
  });

  it('quotes the reason of a return and escapes it in HTML; facts nobody is told of send nothing', () => {
    const [returned] = mailsForTaskFact(
      { type: 'TaskReturnedForRevision', data: { reason: 'Saknar <b>mål</b> & mått' } },
      task,
      people,
      url,
    );
    expect(returned?.text).toContain('Skäl: Saknar <b>mål</b> & mått');
    expect(returned?.html).toContain('Skäl: Saknar &lt;b&gt;mål&lt;/b&gt; &amp; mått');
    expect(mailsForTaskFact({ type: 'TaskSubmitted', data: {} }, task, people, url)).toEqual([]);
  });

  it('keys the Message-ID by the fact and recipient, the same on every retry', () => {
    expect(messageIdOf('e1:a@ale.se')).toBe(messageIdOf('e1:a@ale.se'));
    expect(messageIdOf('e1:a@ale.se')).not.toBe(messageIdOf('e1:b@ale.se'));
    expect(isMailAddress('karin.holm@ale.se')).toBe(true);
    expect(isMailAddress('system')).toBe(false);
  });
});

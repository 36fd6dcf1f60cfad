/** Moving a date of a running cycle's calendar (a meeting moved, a report later): checked against the law. */

import type { CycleCalendar } from '../../../../domain/calendar/schema';
import {
  CALENDAR_MILESTONES,
  type CalendarMilestone,
  MILESTONE_LABELS_SV,
  milestoneDate,
} from '../../../../domain/calendar/schema';
import { formatDate } from '../../format';
import { useApp } from '../../lib';
import { QuickForm } from './form-kit';
import { send } from './model';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function CalendarChangeForm(props: {
  year: number;
  calendar: CycleCalendar;
  phases: Record<string, string>;
  done(): void;
}) {
  const { session } = useApp();
  // A closed phase's dates are history: only the open and coming phases' dates can move.
  const movable = CALENDAR_MILESTONES.filter((ms) => props.phases[ms.split('.')[0] ?? ''] !== 'closed');
  if (movable.length === 0) return null;
  const current = (ms: CalendarMilestone) => milestoneDate(props.calendar, ms);
  return (
    <QuickForm
      title="Flytta ett datum i cykelns kalender"
      intro={
        <p>
          Till exempel när fullmäktiges sammanträde flyttas. Servern prövar det nya datumet mot lagens och
          ordningens regler.
        </p>
      }
      submitLabel="Flytta datumet"
      fields={[
        {
          name: 'milestone',
          label: 'Vilket datum ska flyttas?',
          requiredMessage: 'Välj vilket datum som ska flyttas',
          kind: 'select',
          options: movable.map((ms) => {
            const date = current(ms);
            return {
              value: ms,
              label: `${capital(MILESTONE_LABELS_SV[ms])} (nu ${date ? formatDate(date) : 'inget datum'})`,
            };
          }),
        },
        { name: 'date', label: 'Nytt datum', kind: 'date' },
        { name: 'reason', label: 'Skäl till flytten', kind: 'textarea' },
      ]}
      build={(v) => ({
        ok: true,
        body: { milestone: v.milestone, date: v.date, reason: (v.reason ?? '').trim() },
      })}
      send={(body) => send(session, 'POST', `/cycles/${props.year}/calendar-changes`, body)}
      done={(v) => {
        props.done();
        const label = MILESTONE_LABELS_SV[v.milestone as CalendarMilestone] ?? v.milestone;
        return `${capital(label)} är nu ${formatDate(v.date)}.`;
      }}
    />
  );
}

import ical, { ICalAlarmType } from 'ical-generator';
import { DateTime } from 'luxon';
import type { FeedEntry } from './entries';
import { STOCKHOLM_TZID, stockholmVtimezone } from './vtimezone';

/** When a due date shows in the day (08:00, when the reminders go out), and a decision's slot. */
const DUE_AT = { hour: 8, minute: 0 };
const DUE_MINUTES = 15;
const DECISION_AT = { hour: 9, minute: 0 };
const DECISION_MINUTES = 60;
/** A tillitsdialog is planned as a two-hour meeting. */
const MEETING_MINUTES = 120;
/** Påminnelser: 7 and 1 days before sista dag (docs/glossary.md), 1 day before a decision. */
const DUE_ALARMS_DAYS = [7, 1];
const DECISION_ALARMS_DAYS = [1];

function at(date: string, time: { hour: number; minute: number }): DateTime {
  return DateTime.fromISO(date, { zone: STOCKHOLM_TZID }).set({ ...time, second: 0, millisecond: 0 });
}

function clockTime(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/**
 * The feed as iCalendar (RFC 5545): Europe/Stockholm times with its VTIMEZONE, periods as whole days,
 * a VALARM per reminder, and each entry's stable UID.
 */
export function renderFeed(name: string, entries: readonly FeedEntry[], stamp: Date): string {
  const calendar = ical({
    name,
    prodId: { company: 'arshjul', product: 'arshjulet', language: 'SV' },
    // No calendar-wide zone: ical-generator would then write DTSTAMP as local time, which RFC 5545
    // forbids (§3.8.7.2, UTC); the events carry TZID and the VTIMEZONE is added below.
    ttl: 3600,
    x: { 'X-WR-TIMEZONE': STOCKHOLM_TZID },
  });
  for (const entry of entries) {
    const base = {
      id: entry.uid,
      summary: entry.summary,
      description: entry.description,
      stamp: DateTime.fromJSDate(stamp, { zone: 'utc' }),
    };
    if (entry.kind === 'period') {
      const end = DateTime.fromISO(entry.endDate ?? entry.date).plus({ days: 1 });
      calendar.createEvent({
        ...base,
        allDay: true,
        start: DateTime.fromISO(entry.date, { zone: STOCKHOLM_TZID }),
        end: DateTime.fromISO(end.toISODate() as string, { zone: STOCKHOLM_TZID }),
        timezone: STOCKHOLM_TZID,
      });
      continue;
    }
    const due = entry.kind === 'due';
    const start = at(entry.date, entry.time ? clockTime(entry.time) : due ? DUE_AT : DECISION_AT);
    const minutes = entry.kind === 'meeting' ? MEETING_MINUTES : due ? DUE_MINUTES : DECISION_MINUTES;
    const event = calendar.createEvent({
      ...base,
      start,
      end: start.plus({ minutes }),
      timezone: STOCKHOLM_TZID,
      location: entry.location ?? null,
    });
    for (const days of due ? DUE_ALARMS_DAYS : DECISION_ALARMS_DAYS) {
      event.createAlarm({
        type: ICalAlarmType.display,
        trigger: days * 86_400,
        description: `Påminnelse: ${entry.summary}`,
      });
    }
  }
  const text = calendar.toString();
  const insertAt = text.search(/BEGIN:VEVENT|END:VCALENDAR/);
  return `${text.slice(0, insertAt)}${stockholmVtimezone(STOCKHOLM_TZID)}\r\n${text.slice(insertAt)}`;
}

import { DateTime } from 'luxon';
import { type IsoDate, type IsoInstant, ZONE } from '../primitives';

/** Helpers over ISO calendar dates in Europe/Stockholm. All pure: "now" is always passed in. */

function day(date: IsoDate): DateTime {
  const d = DateTime.fromISO(date, { zone: ZONE });
  if (!d.isValid) throw new RangeError(`Invalid ISO date: ${date}`);
  return d;
}

function instant(value: IsoInstant): DateTime {
  const d = DateTime.fromISO(value, { setZone: true });
  if (!d.isValid) throw new RangeError(`Invalid ISO instant: ${value}`);
  return d;
}

function toIsoDate(d: DateTime): IsoDate {
  return d.toISODate() as IsoDate;
}

/** 'YYYY-MM-DD' for a year, month (1–12) and day. */
export function isoDate(year: number, month: number, dayOfMonth: number): IsoDate {
  return toIsoDate(DateTime.fromObject({ year, month, day: dayOfMonth }, { zone: ZONE }));
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isOnOrBefore(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) <= 0;
}

export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) >= 0;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(day(date).plus({ days }));
}

/** Adds calendar months; the day is clamped to the month's end (31 Aug + 2 months = 31 Oct). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return toIsoDate(day(date).plus({ months }));
}

/** End of the given day in Europe/Stockholm as a UTC ISO instant (the moment a deadline passes). */
export function deadlineInstant(date: IsoDate): IsoInstant {
  return day(date).endOf('day').toUTC().toISO() as IsoInstant;
}

/**
 * An as-of point (audit replay, read models as of a date) as an instant: a bare date means the end
 * of that day in Europe/Stockholm, so the whole day is included.
 */
export function asOfInstant(value: string): IsoInstant {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? deadlineInstant(value) : new Date(value).toISOString();
}

/** Start of the given day in Europe/Stockholm as a UTC ISO instant. */
export function startOfDayInstant(date: IsoDate): IsoInstant {
  return day(date).startOf('day').toUTC().toISO() as IsoInstant;
}

/** The given local time (Europe/Stockholm) on a date, as a UTC ISO instant. */
export function localTimeInstant(date: IsoDate, hour: number, minute = 0): IsoInstant {
  return day(date).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO() as IsoInstant;
}

/** The Stockholm calendar date an instant falls on. */
export function dateOf(at: IsoInstant): IsoDate {
  return toIsoDate(instant(at).setZone(ZONE));
}

/** Milliseconds since the epoch for an instant. */
export function epochMillis(at: IsoInstant): number {
  return instant(at).toMillis();
}

/** Negative when a is earlier than b, 0 when the same moment, positive when later (any offsets). */
export function compareInstants(a: IsoInstant, b: IsoInstant): number {
  return epochMillis(a) - epochMillis(b);
}

/** True once `now` is after the end of `due` in Europe/Stockholm. */
export function isPastDeadline(due: IsoDate, now: IsoInstant): boolean {
  return compareInstants(now, deadlineInstant(due)) > 0;
}

/** Reminders before a due date go out this many days before it (the one default; a task may set its own). */
export const REMINDER_DAYS_BEFORE: readonly number[] = [7, 1];
/** …at this hour, Europe/Stockholm. */
export const REMINDER_HOUR = 8;

/** The instant of the reminder `daysBefore` days before a due date, at REMINDER_HOUR Stockholm time. */
export function reminderInstant(due: IsoDate, daysBefore: number, hour = REMINDER_HOUR): IsoInstant {
  return localTimeInstant(addDays(due, -daysBefore), hour);
}

/**
 * Instants to send reminders before a due date: `daysBefore` days before it at `hour`:00
 * Stockholm time, earliest first, skipping those not after `now`.
 */
export function reminderInstants(
  due: IsoDate,
  now: IsoInstant,
  daysBefore: readonly number[] = REMINDER_DAYS_BEFORE,
  hour = REMINDER_HOUR,
): IsoInstant[] {
  return [...new Set(daysBefore)]
    .sort((a, b) => b - a)
    .map((n) => reminderInstant(due, n, hour))
    .filter((at) => compareInstants(at, now) > 0);
}

/** An ISO date as Swedish users read it, `20 mars 2026`, for messages (the web has its own formatter). */
export function formatDateSv(date: IsoDate): string {
  return day(date).setLocale('sv').toFormat('d MMMM yyyy');
}

import { DateTime } from 'luxon';
import { type IsoDate, type IsoInstant, isCalendarDate, ZONE } from '../primitives';

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

/**
 * Remembers a pure conversion's results: luxon's zone arithmetic (Intl offsets) cost a workflow more
 * than its own logic, and a task recomputes the same deadlines and reminders on every turn of its
 * loop. Only results are kept (a rejected input throws again); the oldest half goes when it is full.
 */
function remembered<A extends unknown[], R>(convert: (...args: A) => R): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A): R => {
    const key = args.join('|');
    const known = results.get(key);
    if (known !== undefined) return known;
    const result = convert(...args);
    if (results.size >= 2_000) {
      let drop = 1_000;
      for (const old of results.keys()) {
        if (drop-- === 0) break;
        results.delete(old);
      }
    }
    results.set(key, result);
    return result;
  };
}

function toIsoDate(d: DateTime): IsoDate {
  return d.toISODate() as IsoDate;
}

/**
 * 'YYYY-MM-DD' for a year, month (1–12) and day. Formatted and checked without luxon: a calendar date
 * has no zone, and luxon's zone lookup made the legal limits a hot spot of every cycle step.
 */
export function isoDate(year: number, month: number, dayOfMonth: number): IsoDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
  if (!(year >= 1 && year <= 9999) || !isCalendarDate(text))
    throw new RangeError(`Invalid date: ${year}-${month}-${dayOfMonth}`);
  return text as IsoDate;
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

export const addDays: (date: IsoDate, days: number) => IsoDate = remembered((date, days) =>
  toIsoDate(day(date).plus({ days })),
);

/** Adds calendar months; the day is clamped to the month's end (31 Aug + 2 months = 31 Oct). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return toIsoDate(day(date).plus({ months }));
}

/** End of the given day in Europe/Stockholm as a UTC ISO instant (the moment a deadline passes). */
export const deadlineInstant: (date: IsoDate) => IsoInstant = remembered(
  (date) => day(date).endOf('day').toUTC().toISO() as IsoInstant,
);

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

const localTime = remembered(
  (date: IsoDate, hour: number, minute: number) =>
    day(date).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO() as IsoInstant,
);

/** The given local time (Europe/Stockholm) on a date, as a UTC ISO instant. */
export function localTimeInstant(date: IsoDate, hour: number, minute = 0): IsoInstant {
  return localTime(date, hour, minute);
}

/** The Stockholm calendar date an instant falls on. */
export function dateOf(at: IsoInstant): IsoDate {
  return toIsoDate(instant(at).setZone(ZONE));
}

/** Milliseconds since the epoch for an instant. */
export const epochMillis: (at: IsoInstant) => number = remembered((at) => instant(at).toMillis());

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

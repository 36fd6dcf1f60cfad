import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../domain/calendar/dates';
import { IsoDate, isCalendarDate, ZONE } from '../../domain/primitives';

describe('isCalendarDate (IsoDate without luxon)', () => {
  it('accepts the days of the calendar and refuses the others, as luxon does in Europe/Stockholm', () => {
    const samples = [
      '2026-02-28',
      '2026-02-29',
      '2028-02-29',
      '2100-02-29',
      '2000-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-03-29',
      '2026-10-25',
      '0099-05-05',
      '2026-12-31',
      '2026-12-32',
    ];
    for (const s of samples) {
      expect(isCalendarDate(s), s).toBe(DateTime.fromISO(s, { zone: ZONE }).isValid);
    }
    expect(samples.filter(isCalendarDate)).toEqual([
      '2026-02-28',
      '2028-02-29',
      '2000-02-29',
      '2026-03-29',
      '2026-10-25',
      '0099-05-05',
      '2026-12-31',
    ]);
  });

  it('IsoDate still names the error in Swedish', () => {
    const result = IsoDate.safeParse('2026-02-30');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Datumet finns inte');
  });
});

describe('isoDate (a date from its parts, without luxon)', () => {
  it('formats the days of the calendar as luxon does and refuses the others', () => {
    for (const [y, m, d] of [
      [2026, 2, 28],
      [2028, 2, 29],
      [2000, 2, 29],
      [2026, 10, 25],
      [2026, 12, 31],
      [99, 5, 5],
    ] as const) {
      const luxon = DateTime.fromObject({ year: y, month: m, day: d }, { zone: ZONE }).toISODate();
      expect(isoDate(y, m, d)).toBe(luxon);
    }
    for (const [y, m, d] of [
      [2026, 2, 29],
      [2100, 2, 29],
      [2026, 4, 31],
      [2026, 13, 1],
      [2026, 0, 10],
      [2026, 1, 0],
      [2026, 1, 1.5],
    ] as const)
      expect(() => isoDate(y, m, d)).toThrow(RangeError);
  });
});

/**
 * VTIMEZONE for Europe/Stockholm (RFC 5545 §3.6.5): CET in winter, CEST from the last Sunday of March
 * 02:00 to the last Sunday of October 03:00 (EU rules since 1996), so clients without the zone database
 * still place the feed's times right.
 */
export const STOCKHOLM_TZID = 'Europe/Stockholm';

export function stockholmVtimezone(tzid: string): string | null {
  if (tzid !== STOCKHOLM_TZID) return null;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${STOCKHOLM_TZID}`,
    'X-LIC-LOCATION:Europe/Stockholm',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
}

import { describe, expect, it } from 'vitest';
import {
  compareSv,
  DATE_HINT,
  DATE_INPUT,
  formatDate,
  formatDateTime,
  formatSek,
  isIsoDateText,
  parseSek,
  phaseLabel,
  sortSv,
  taskStatusLabel,
} from '../../web/src/format';

describe('the web app speaks Swedish', () => {
  it('formats öre as 1 234 567,89 kr (sv-SE, non-breaking spaces), exactly beyond 2^53', () => {
    expect(formatSek(123_456_789).replace(/\s/g, ' ')).toBe('1 234 567,89 kr');
    expect(formatSek('25000000000').replace(/\s/g, ' ')).toBe('250 000 000,00 kr');
    expect(formatSek(-5).replace(/\s/g, ' ')).toBe('−0,05 kr');
    expect(formatSek('1234567890123456789').replace(/\s/g, ' ')).toBe('12 345 678 901 234 567,89 kr');
  });
  it("reads amounts typed the Swedish way as the API's kronor text, or says what is wrong", () => {
    expect(parseSek('1 234 567,89')).toEqual({ ok: true, kronor: '1234567.89' });
    expect(parseSek('1\u00a0234\u00a0567,5 kr')).toEqual({ ok: true, kronor: '1234567.50' });
    expect(parseSek('−12')).toEqual({ ok: true, kronor: '-12.00' });
    expect(parseSek('12,345')).toEqual({ ok: false, message: expect.stringMatching(/två decimaler/) });
    expect(parseSek('')).toEqual({ ok: false, message: 'Ange ett belopp i kronor' });
  });
  it('writes dates the Swedish way and names phases and statuses in DOMAIN.md terms', () => {
    expect(formatDate('2026-04-17')).toBe('17 april 2026');
    expect(phaseLabel('nulagesanalys')).toBe('Nulägesanalys');
    expect(phaseLabel('delarsbokslut')).toBe('Delårsbokslut');
    expect(taskStatusLabel('returned')).toBe('Returnerad');
  });
});

describe('Swedish order, dates and date fields', () => {
  it('sorts organs, people and goals in Swedish order: z, Å, Ä, Ö last, case-insensitively', () => {
    const names = ['Östra nämnden', 'Ärendenämnden', 'Åldrenämnden', 'Zonnämnden', 'arbetsnämnden', 'Barn'];
    expect(sortSv(names, (n) => n)).toEqual([
      'arbetsnämnden',
      'Barn',
      'Zonnämnden',
      'Åldrenämnden',
      'Ärendenämnden',
      'Östra nämnden',
    ]);
    expect(compareSv('Å', 'Ä')).toBeLessThan(0);
    expect(compareSv('Ä', 'Ö')).toBeLessThan(0);
    // A plain sort gets it wrong (Ä, Å by code point): the reason for the collator.
    expect(['Å', 'Ä'].sort()).toEqual(['Ä', 'Å']);
  });
  it('shows an instant as 20 mars 2026 kl. 09:00 in Stockholm time (summer time too)', () => {
    expect(formatDateTime('2026-03-20T08:00:00Z')).toBe('20 mars 2026 kl. 09:00');
    expect(formatDateTime('2026-06-30T22:30:00Z')).toBe('1 juli 2026 kl. 00:30');
    expect(formatDate('2026-03-20T23:30:00Z')).toBe('21 mars 2026');
  });
  it('takes dates typed as ÅÅÅÅ-MM-DD, whole and real, in a text field (not type=date)', () => {
    expect(DATE_INPUT.type).toBe('text');
    expect(DATE_INPUT.inputMode).toBe('numeric');
    expect(new RegExp(`^${DATE_INPUT.pattern}$`).test('2026-03-20')).toBe(true);
    expect(isIsoDateText('2026-03-20')).toBe(true);
    expect(isIsoDateText('2026-02-30')).toBe(false);
    expect(isIsoDateText('2026-3-20')).toBe(false);
    expect(isIsoDateText('20/03/2026')).toBe(false);
    expect(DATE_HINT).toContain('ÅÅÅÅ-MM-DD');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDate, formatSek, parseSek, phaseLabel, taskStatusLabel } from '../../web/src/format';

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

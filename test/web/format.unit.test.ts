import { describe, expect, it } from 'vitest';
import { formatDate, formatSek, phaseLabel, taskStatusLabel } from '../../web/src/format';

describe('the web app speaks Swedish', () => {
  it('formats kronor as 1 234 567 kr (sv-SE, non-breaking spaces)', () => {
    expect(formatSek(1_234_567).replace(/\s/g, ' ')).toBe('1 234 567 kr');
    expect(formatSek('250000000').replace(/\s/g, ' ')).toBe('250 000 000 kr');
  });
  it('writes dates the Swedish way and names phases and statuses in DOMAIN.md terms', () => {
    expect(formatDate('2026-04-17')).toBe('17 april 2026');
    expect(phaseLabel('nulagesanalys')).toBe('Nulägesanalys');
    expect(phaseLabel('delarsbokslut')).toBe('Delårsbokslut');
    expect(taskStatusLabel('returned')).toBe('Returnerad');
  });
});

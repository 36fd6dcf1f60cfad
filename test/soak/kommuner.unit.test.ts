import { describe, expect, it } from 'vitest';
import { Id } from '../../domain/primitives';
import { allKommuner, chooseKommuner, parseKommuner, slugOf } from '../../soak/kommuner';

/** The county codes of SCB's list: the first two digits of every municipality code. */
const COUNTY_CODES: Record<string, string> = {
  '01': 'Stockholms län',
  '03': 'Uppsala län',
  '04': 'Södermanlands län',
  '05': 'Östergötlands län',
  '06': 'Jönköpings län',
  '07': 'Kronobergs län',
  '08': 'Kalmar län',
  '09': 'Gotlands län',
  '10': 'Blekinge län',
  '12': 'Skåne län',
  '13': 'Hallands län',
  '14': 'Västra Götalands län',
  '17': 'Värmlands län',
  '18': 'Örebro län',
  '19': 'Västmanlands län',
  '20': 'Dalarnas län',
  '21': 'Gävleborgs län',
  '22': 'Västernorrlands län',
  '23': 'Jämtlands län',
  '24': 'Västerbottens län',
  '25': 'Norrbottens län',
};

describe("Sweden's municipalities as data", () => {
  const all = allKommuner();

  it('holds exactly 290, with unique four-digit codes and unique ids', () => {
    expect(all).toHaveLength(290);
    expect(new Set(all.map((k) => k.code)).size).toBe(290);
    expect(new Set(all.map((k) => k.id)).size).toBe(290);
    for (const k of all) expect(k.code).toMatch(/^\d{4}$/);
  });

  it("each code's first two digits name its county, and all 21 counties occur", () => {
    for (const k of all) expect(COUNTY_CODES[k.code.slice(0, 2)], `${k.code} ${k.name}`).toBe(k.county);
    expect(new Set(all.map((k) => k.county)).size).toBe(21);
  });

  it('has the codes SCB gives for well-known municipalities', () => {
    const code = (name: string) => all.find((k) => k.name === name)?.code;
    expect(code('Ale')).toBe('1440');
    expect(code('Stockholm')).toBe('0180');
    expect(code('Göteborg')).toBe('1480');
    expect(code('Malmö')).toBe('1280');
    expect(code('Uppsala')).toBe('0380');
    expect(code('Gotland')).toBe('0980');
    expect(code('Kiruna')).toBe('2584');
  });

  it("ids follow the domain's id rule; Ale is 'ale' as in the examples, Habo and Håbo keep apart", () => {
    for (const k of all) expect(Id.safeParse(k.id).success, k.id).toBe(true);
    expect(all.find((k) => k.code === '1440')?.id).toBe('ale');
    expect(all.find((k) => k.code === '0114')?.id).toBe('upplands-vasby');
    expect(all.find((k) => k.code === '0643')?.id).toBe('habo-0643');
    expect(all.find((k) => k.code === '0305')?.id).toBe('habo-0305');
    expect(slugOf('Malung-Sälen')).toBe('malung-salen');
  });

  it('a short run takes Ale and then one municipality per county before any second', () => {
    const ten = chooseKommuner(10);
    expect(ten[0]?.code).toBe('1440');
    expect(new Set(ten.map((k) => k.county)).size).toBe(10);
    expect(chooseKommuner(25).length).toBe(25);
    expect(new Set(chooseKommuner(290).map((k) => k.code)).size).toBe(290);
  });

  it('refuses a malformed file', () => {
    expect(() => parseKommuner('kod,namn\n1440,Ale')).toThrow(/header/);
    expect(() => parseKommuner('code,name,county\n1440,Ale')).toThrow(/line 2/);
  });
});

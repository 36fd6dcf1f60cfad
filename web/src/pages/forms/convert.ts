import { parseSek } from '../../format';
import type { PathIssue } from './issues';

/**
 * What the form's text fields become in a submission. A value the schema would misread (a malformed
 * amount or number) becomes an issue here, with the path of the field, in Swedish.
 */
export class Conversion {
  readonly issues: PathIssue[] = [];

  /** One item per non-empty line. */
  lines(text: string): string[] {
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** "12,5" → 12.5; empty → undefined (the schema then asks for it) or null when optional. */
  number(text: string, path: PropertyKey[], empty: undefined | null = undefined): number | null | undefined {
    const compact = text
      .replace(/[\s\u00a0\u202f]/g, '')
      .replace(/^[\u2212]/, '-')
      .replace(',', '.');
    if (compact === '') return empty;
    if (!/^-?\d+(\.\d+)?$/.test(compact)) {
      this.issues.push({ path, message: 'Ange ett tal, t.ex. 12 eller 12,5' });
      return empty;
    }
    return Number(compact);
  }

  /** "1 234 567,89" → "1234567.89" (kronor text for `<name>Sek`); empty → undefined or null. */
  kronor(text: string, path: PropertyKey[], empty: undefined | null = undefined): string | null | undefined {
    if (text.trim() === '') return empty;
    const parsed = parseSek(text);
    if (parsed.ok) return parsed.kronor;
    this.issues.push({ path, message: parsed.message });
    return empty;
  }

  /** A date as typed, ÅÅÅÅ-MM-DD (the schema checks it); empty → undefined or null. */
  date(text: string, empty: undefined | null = undefined): string | null | undefined {
    return text.trim() === '' ? empty : text.trim();
  }
}

/** Öre (from a submission) back to what a person types: 123456789 → "1 234 567,89". */
export function kronorText(ore: unknown): string {
  if (typeof ore !== 'number') return '';
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const whole = new Intl.NumberFormat('sv-SE').format(Math.trunc(abs / 100));
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}

/** A number back to Swedish text: 12.5 → "12,5". */
export const numberText = (n: unknown) => (typeof n === 'number' ? String(n).replace('.', ',') : '');

import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { emptyTextError } from './validation/swedish';

/** The one time zone the domain reasons in. */
export const ZONE = 'Europe/Stockholm';

/** Identifier of an entity (organ, goal, task …): letters, digits and `_ . : -`. */
export const Id = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, {
    error: 'Ogiltigt id (tillåtna tecken: A–Z, a–z, 0–9, _ . : -)',
  }),
);
export type Id = z.infer<typeof Id>;

/** A user's id as issued by the identity provider (may be an e-mail address). */
export const UserId = lazySchema(() => z.string().min(1).max(200));
export type UserId = z.infer<typeof UserId>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Whether 'YYYY-MM-DD' names a day of the calendar (2026-02-30 does not). Plain arithmetic, neither
 * luxon nor a Date: every stored event's dates are checked on each read (a rebuild reads them all),
 * and a day exists in every time zone. Gregorian leap years, as Date counts them.
 */
export function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/** A calendar date 'YYYY-MM-DD', read in Europe/Stockholm. */
export const IsoDate = lazySchema(() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Datum ska skrivas ÅÅÅÅ-MM-DD' })
    .refine(isCalendarDate, { error: 'Datumet finns inte' }),
);
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant with an explicit offset, e.g. '2026-10-31T22:59:59.999Z'. */
export const IsoInstant = lazySchema(() => z.iso.datetime({ offset: true }));
export type IsoInstant = z.infer<typeof IsoInstant>;

/** A calendar year the domain handles. */
export const Year = lazySchema(() => z.number().int().min(1990).max(2200));
export type Year = z.infer<typeof Year>;

/** One of Agenda 2030's 17 global goals (globala målen), numbered 1–17. */
export const Agenda2030Goal = lazySchema(() => z.number().int().min(1).max(17));
export type Agenda2030Goal = z.infer<typeof Agenda2030Goal>;

/** A non-empty text after trimming. */
export const Text = lazySchema(() => z.string().trim().min(1, { error: emptyTextError }));

/** Fields every command carries: when it was issued and by whom. Time is passed in, never read. */
export const CommandMeta = { at: IsoInstant, actor: UserId };

/** Fields every event carries: when it happened and who caused it. */
export const EventMeta = { at: IsoInstant, by: UserId };

/** Compile-time exhaustiveness check for tagged unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

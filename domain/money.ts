import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Money is integer öre (1 kr = 100 öre) in commands, events and state; never a float.
 *
 * Why JSON numbers and not strings: the event store hashes RFC 8785 canonical JSON, where a number is
 * an IEEE double; every integer up to Number.MAX_SAFE_INTEGER (2^53 − 1 öre ≈ 90 000 miljarder kr)
 * is exact there. No Swedish municipality's budget is within a factor 100 of that, so öre stay plain
 * integers, checked against the bound with a clear error. Sums of many amounts (read models) use
 * bigint and SQL numeric, and go out as strings.
 */
export const MAX_ORE = Number.MAX_SAFE_INTEGER;

const TOO_LARGE = 'Beloppet är för stort (högst 90 071 992 547 409,91 kr)';

/** The field an issue is about, as the request names it: `frames[0].amountOre`. */
const fieldOf = (path: readonly PropertyKey[] | undefined): string =>
  (path ?? []).reduce<string>(
    (name, key) =>
      typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key),
    '',
  );
const inField = (path: readonly PropertyKey[] | undefined): string => {
  const field = fieldOf(path);
  return field ? ` i fältet ${field}` : '';
};

/** An amount in öre; may be negative (a deficit). */
export const Ore = lazySchema(() =>
  z
    // A missing amount falls through to the Swedish messages naming the field ("Ange budget").
    .number({
      error: (iss) =>
        iss.input === undefined ? undefined : `Beloppet${inField(iss.path)} ska vara ett tal (hela öre)`,
    })
    .min(-MAX_ORE, { error: TOO_LARGE })
    .max(MAX_ORE, { error: TOO_LARGE })
    // Not .int(): it would also refuse 2^53 as "not an integer" instead of "too large".
    .refine(Number.isInteger, {
      error: (iss) =>
        `Beloppet ${String(iss.input).replace('.', ',')}${inField(iss.path)} har för många decimaler: belopp anges i hela öre`,
    }),
);
export type Ore = z.infer<typeof Ore>;

/** An amount in öre that cannot be negative (a frame, ram). */
export const NonNegativeOre = lazySchema(() => Ore.nonnegative({ error: 'Beloppet får inte vara negativt' }));

/** Kronor as text: optional minus, digits, optionally a point and one or two öre digits. */
const KRONOR_TEXT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Kronor → öre, exactly: a decimal string ("1234567.89") or a whole number of kronor (1234567, the
 * shape recorded before öre). A fractional number is refused: a double cannot carry öre exactly.
 */
export function kronorToOre(value: unknown): { ok: true; ore: number } | { ok: false; message: string } {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      return {
        ok: false,
        message: Number.isFinite(value)
          ? `${String(value).replace('.', ',')} kr är inte hela kronor: belopp med öre anges som text i kronor, t.ex. "1234567.89"`
          : 'Beloppet är för stort',
      };
    }
    return checked(BigInt(value) * 100n);
  }
  if (typeof value !== 'string')
    return { ok: false, message: 'Belopp i kronor anges som text, t.ex. "1234567.89"' };
  const match = KRONOR_TEXT.exec(value.trim());
  if (!match) return { ok: false, message: 'Belopp i kronor anges som "1234567.89" (högst två decimaler)' };
  const [, minus, whole = '0', fraction = ''] = match;
  const ore = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return checked(minus ? -ore : ore);
}

function checked(ore: bigint): { ok: true; ore: number } | { ok: false; message: string } {
  if (ore > BigInt(MAX_ORE) || ore < -BigInt(MAX_ORE)) return { ok: false, message: TOO_LARGE };
  return { ok: true, ore: Number(ore) };
}

/** Öre → kronor as an exact decimal string with two decimals: 123456789 → "1234567.89". */
export function oreToKronorText(ore: number | bigint | string): string {
  const value = BigInt(ore);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const GROUPED = new Intl.NumberFormat('sv-SE', { useGrouping: true });

/**
 * Kronor as exact text ("1234567.89", from oreToKronorText) in Swedish: "1 234 567,89". The whole
 * kronor are grouped as a bigint, so no amount is rounded through a double.
 */
export function formatKronorText(kronor: string): string {
  const match = KRONOR_TEXT.exec(kronor);
  if (!match) return kronor;
  const [, minus, whole = '0', fraction = ''] = match;
  const grouped = GROUPED.format(BigInt(whole));
  return `${minus ? '−' : ''}${grouped},${fraction.padEnd(2, '0')}`;
}

/** The exact sum of amounts in öre (bigint: no rounding however many or large). */
export function sumOre(amounts: readonly (number | bigint)[]): bigint {
  return amounts.reduce<bigint>((sum, a) => sum + BigInt(a), 0n);
}

/**
 * An object whose money fields `<name>Ore` may also be given as `<name>Sek` (kronor, see
 * kronorToOre), never both; the parsed object has only `<name>Ore`. Commands from the API and the
 * recorded workflow histories (whole kronor in `<name>Sek`) go through this.
 */
export function acceptingKronor<S extends z.ZodType>(schema: S, names: readonly string[]) {
  return z.preprocess(
    (raw, ctx) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
      const input = raw as Record<string, unknown>;
      const out: Record<string, unknown> = { ...input };
      for (const name of names) {
        const sekKey = `${name}Sek`;
        const oreKey = `${name}Ore`;
        if (!Object.hasOwn(input, sekKey)) continue;
        delete out[sekKey];
        if (Object.hasOwn(input, oreKey)) {
          ctx.addIssue({
            code: 'custom',
            path: [sekKey],
            message: `Ange ${oreKey} eller ${sekKey}, inte båda`,
          });
          continue;
        }
        const kronor = input[sekKey];
        if (kronor === null) {
          out[oreKey] = null;
          continue;
        }
        const result = kronorToOre(kronor);
        if (result.ok) out[oreKey] = result.ore;
        else ctx.addIssue({ code: 'custom', path: [sekKey], message: result.message });
      }
      return out;
    },
    schema.meta({ description: moneyDescription(names) }),
  );
}

const moneyDescription = (names: readonly string[]) =>
  `Belopp: ${names.map((n) => `${n}Ore (heltal i öre) eller ${n}Sek (kronor som text, t.ex. "1234567.89")`).join('; ')}`;

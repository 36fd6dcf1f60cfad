import { describe, expect, it } from 'vitest';
import { formatKronorText, kronorToOre, MAX_ORE, oreToKronorText, sumOre } from '../../domain/money';

describe('money in öre', () => {
  it('reads kronor text and whole kronor exactly as öre', () => {
    expect(kronorToOre('1234567.89')).toEqual({ ok: true, ore: 123_456_789 });
    expect(kronorToOre('1234567.8')).toEqual({ ok: true, ore: 123_456_780 });
    expect(kronorToOre('-0.05')).toEqual({ ok: true, ore: -5 });
    expect(kronorToOre(1_234_567)).toEqual({ ok: true, ore: 123_456_700 });
    // 0.1 + 0.2 style doubles never reach öre: a fractional number is refused, not rounded.
    expect(kronorToOre(1_234_567.89)).toMatchObject({ ok: false });
    expect(kronorToOre('1234567.891')).toMatchObject({ ok: false });
    expect(kronorToOre('1 234 567')).toMatchObject({ ok: false });
  });

  it('checks the bound of 2^53 − 1 öre that keeps events exact in canonical JSON', () => {
    expect(kronorToOre(oreToKronorText(MAX_ORE))).toEqual({ ok: true, ore: MAX_ORE });
    expect(kronorToOre(oreToKronorText(BigInt(MAX_ORE) + 1n))).toEqual({
      ok: false,
      message: expect.stringMatching(/för stort/),
    });
  });

  it('sums exactly beyond 2^53 and writes öre as kronor text and in Swedish', () => {
    const total = sumOre([MAX_ORE, MAX_ORE, 1]);
    expect(total).toBe(2n * BigInt(MAX_ORE) + 1n);
    expect(oreToKronorText(total)).toBe('180143985094819.83');
    expect(formatKronorText(oreToKronorText(123_456_789)).replace(/\s/g, ' ')).toBe('1 234 567,89');
    expect(formatKronorText(oreToKronorText(-1)).replace(/\s/g, ' ')).toBe('−0,01');
  });
});

import { describe, expect, it } from 'vitest';
import {
  guidArrayLiteral,
  integerArrayLiteral,
  positionsOfText,
  textArrayLiteral,
} from '../../eventstore/append-params';

describe('append parameters as array literals', () => {
  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArrayLiteral(['GoalRevised'])).toBe('{"GoalRevised"}');
    expect(textArrayLiteral(['a,b', 'say "hej"', 'c:\\d', '{x}', 'NULL', ' '])).toBe(
      '{"a,b","say \\"hej\\"","c:\\\\d","{x}","NULL"," "}',
    );
  });

  it('writes ids and schema versions as they are', () => {
    const id = '0b7e3f2c-9a51-4c1e-8d6f-2b3a4c5d6e7f';
    expect(guidArrayLiteral([id, id])).toBe(`{${id},${id}}`);
    expect(integerArrayLiteral([1, 12])).toBe('{1,12}');
  });

  it('reads the positions of a bigint[] sent as text', () => {
    expect(positionsOfText('{5}')).toEqual([5]);
    expect(positionsOfText('{5,6,9007199254740991}')).toEqual([5, 6, 9007199254740991]);
    expect(positionsOfText('{}')).toEqual([]);
    expect(positionsOfText(null)).toEqual([]);
  });
});

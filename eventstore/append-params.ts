/**
 * The append call's parameters and reply in text, built and read here rather than by the pg driver.
 * The driver turns a JS array into an array literal element by element (prepareValue, escapeElement)
 * and parses a bigint[] reply with a general array parser; for a single-event append that was a fair
 * part of the client's CPU beyond a plain INSERT's. Postgres reads these literals with the same
 * array_in either way, so the rows stored do not change.
 */

/** `{id,id}`: the ids are GUIDs (checked by parseNewEvent), which need no quotes. */
export function guidArrayLiteral(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** `{"a","b"}`: every element quoted, `"` and `\` escaped, as array_in reads them. */
export function textArrayLiteral(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string;
    const escaped = item.includes('"') || item.includes('\\') ? item.replace(/["\\]/g, '\\$&') : item;
    out += `${i ? ',' : ''}"${escaped}"`;
  }
  return `${out}}`;
}

/** `{1,2}`: safe integers (checked by parseNewEvent). */
export function integerArrayLiteral(items: readonly number[]): string {
  return `{${items.join(',')}}`;
}

/** The positions of a bigint[] sent as text (`{5,6,7}`); global positions stay below 2^53. */
export function positionsOfText(text: string | null): number[] {
  if (text === null || text.length <= 2) return [];
  const inner = text.slice(1, -1);
  return inner.includes(',') ? inner.split(',').map(Number) : [Number(inner)];
}

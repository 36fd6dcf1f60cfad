/**
 * The canonical JSON (RFC 8785) of a value as jsonb will store it, in one walk over the value: the same
 * text as canonicalJson(JSON.parse(JSON.stringify(value))) with toStoredForm's checks (eventstore/hash.ts),
 * without building the intermediate text and object. The append path needs only this text (for the
 * content digest and the jsonb parameter); the object form is parsed from it when it is needed (a retry).
 * Follows JSON.stringify's rules: toJSON (Dates), boxed primitives unwrapped, undefined, functions and
 * symbols dropped from objects and written as null in arrays, only own enumerable string keys.
 */
export function storedCanonicalJson(value: unknown, what: string): string {
  const out = member(value, '', what, []);
  if (out === undefined) throw new TypeError(`${what}: not a JSON value`);
  return out;
}

// String.prototype.isWellFormed (ES2024, in Node 20).
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A string as canonical JSON writes it, refused where jsonb would refuse it. */
export function text(s: string, what: string): string {
  if (!wellFormed(s)) throw new TypeError('lone surrogate is not allowed in canonical JSON');
  if (s.includes('\u0000')) throw new TypeError(`${what}: jsonb cannot store the NUL character`);
  return JSON.stringify(s);
}

function hasToJson(v: object): v is { toJSON(key: string): unknown } {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

/** One value in a JSON.stringify holder; undefined when JSON.stringify would leave the member out. */
function member(raw: unknown, key: string, what: string, ancestors: object[]): string | undefined {
  let v = raw;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    if (hasToJson(v as object)) v = (v as { toJSON(key: string): unknown }).toJSON(key);
  }
  // toStoredForm's replacer sees the value at this point
  if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${what}: ${v} is not valid JSON`);
  if (typeof v === 'bigint') throw new TypeError(`${what}: bigint is not valid JSON; use a string`);
  if (v instanceof Number) v = Number(v);
  else if (v instanceof String) v = String(v);
  else if (v instanceof Boolean) v = v.valueOf();
  switch (typeof v) {
    case 'string':
      return text(v, what);
    case 'number':
      // a boxed NaN slips past the replacer and becomes null, as in JSON.stringify
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (ancestors.includes(v)) throw new TypeError(`${what}: circular structure is not JSON`);
      ancestors.push(v);
      try {
        return Array.isArray(v) ? array(v, what, ancestors) : object(v, what, ancestors);
      } finally {
        ancestors.pop();
      }
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt'); // a boxed BigInt, as JSON.stringify
    default:
      return undefined; // undefined, function, symbol
  }
}

function array(items: unknown[], what: string, ancestors: object[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    out += `${i ? ',' : ''}${member(items[i], String(i), what, ancestors) ?? 'null'}`;
  }
  return `${out}]`;
}

function object(record: object, what: string, ancestors: object[]): string {
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const value = member((record as Record<string, unknown>)[key], key, what, ancestors);
    if (value === undefined) continue;
    out += `${first ? '' : ','}${text(key, what)}:${value}`;
    first = false;
  }
  return `${out}}`;
}

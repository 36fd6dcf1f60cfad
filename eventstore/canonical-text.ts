/**
 * RFC 8785 (JCS) form of a JSON text straight from the text, without building the value: what
 * canonicalJson(JSON.parse(text)) returns, for the texts verify reads (jsonb's output, with ", " and
 * ": " between members, and compact JSON). jsonb writes strings with exactly JSON.stringify's escapes,
 * so strings are copied as they are; only object members are reordered (jsonb orders keys by length
 * first) and whitespace dropped. Returns undefined for anything outside that plain subset (an escape in
 * a key or string, a number that is not a short integer): the caller then takes the
 * general path, so the result is always exactly the general one. About five times faster than
 * JSON.parse plus canonicalJson on event data, which is most of verify's work per event.
 */
export function canonicalFromText(text: string): string | undefined {
  const scanner = new Scanner(text);
  const out = scanner.value();
  if (out === undefined) return undefined;
  scanner.skipSpace();
  return scanner.at === text.length ? out : undefined;
}

const QUOTE = 0x22;
const SPACE = 0x20;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.text.charCodeAt(this.at) === SPACE) this.at += 1;
  }

  value(): string | undefined {
    this.skipSpace();
    const c = this.text.charCodeAt(this.at);
    if (c === QUOTE) return this.string(false);
    if (c === OPEN_BRACE) return this.object();
    if (c === OPEN_BRACKET) return this.array();
    if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) return this.number();
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined;
    if (word === undefined || !this.text.startsWith(word, this.at)) return undefined;
    this.at += word.length;
    return word;
  }

  /** A string token as it stands (quotes included), or undefined if it holds an escape. */
  private string(isKey: boolean): string | undefined {
    const start = this.at;
    const end = this.text.indexOf('"', start + 1);
    if (end < 0) return undefined;
    const backslash = this.text.indexOf('\\', start + 1);
    if (backslash >= 0 && backslash < end) return undefined;
    this.at = end + 1;
    // A key without its quotes: the closing quote must not take part when keys are compared.
    return isKey ? this.text.slice(start + 1, end) : this.text.slice(start, end + 1);
  }

  /** Short integers only (jsonb writes them as JCS does); anything else goes the general way. */
  private number(): string | undefined {
    const start = this.at;
    if (this.text.charCodeAt(this.at) === MINUS) this.at += 1;
    const digits = this.at;
    while (this.at < this.text.length) {
      const c = this.text.charCodeAt(this.at);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      this.at += 1;
    }
    const count = this.at - digits;
    if (count === 0 || count > 15) return undefined;
    if (count > 1 && this.text.charCodeAt(digits) === DIGIT_0) return undefined;
    const next = this.text.charCodeAt(this.at);
    if (next === 0x2e || next === 0x65 || next === 0x45) return undefined; // . e E
    const token = this.text.slice(start, this.at);
    return token === '-0' ? '0' : token;
  }

  private array(): string | undefined {
    this.at += 1;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === CLOSE_BRACKET) {
      this.at += 1;
      return '[]';
    }
    let out = '[';
    for (;;) {
      const item = this.value();
      if (item === undefined) return undefined;
      out += item;
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      this.at += 1;
      if (c === CLOSE_BRACKET) return `${out}]`;
      if (c !== COMMA) return undefined;
      out += ',';
    }
  }

  private object(): string | undefined {
    this.at += 1;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === CLOSE_BRACE) {
      this.at += 1;
      return '{}';
    }
    // Members kept in key order as they come (insertion sort: objects in events are small).
    const keys: string[] = [];
    const values: string[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== QUOTE) return undefined;
      const key = this.string(true);
      if (key === undefined) return undefined;
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== COLON) return undefined;
      this.at += 1;
      const value = this.value();
      if (value === undefined) return undefined;
      let i = keys.length;
      while (i > 0 && (keys[i - 1] as string) > key) i -= 1;
      // Equal keys: JSON.parse keeps the last, jsonb never writes two; leave that to the general path.
      if (i > 0 && keys[i - 1] === key) return undefined;
      if (i === keys.length) {
        keys.push(key);
        values.push(value);
      } else {
        keys.splice(i, 0, key);
        values.splice(i, 0, value);
      }
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      this.at += 1;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return undefined;
    }
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += `${i ? ',"' : '"'}${keys[i]}":${values[i]}`;
    return `${out}}`;
  }
}

import { z } from 'zod';

/**
 * A schema built on its first use instead of when its module is evaluated.
 *
 * The workflow sandbox evaluates every module of the bundle again for each new workflow (worker/
 * create-worker.ts), and most workflows use few of domain/'s schemas: built eagerly, they cost every new
 * workflow 13 ms of CPU and 650 KiB of heap (bench/results/replay-cpu.md). The stand-in forwards every read to
 * the schema, built once per module instance, so `Schema.parse(x)`, `Schema.shape`, `z.array(Schema)`
 * and `z.infer<typeof Schema>` work as before.
 *
 * Methods are bound to the built schema: zod installs fields on `this` at first use (the compiled parse,
 * derived values), which belong on the schema, not on its stand-in. The stand-in's own target stays empty,
 * so the SDK's freeze of a shared module freezes only that empty object, never the schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
  return IN_WORKFLOW_SANDBOX ? deferredSchema(build) : build();
}

/**
 * Only in the workflow sandbox, whose bundle declares `__TEMPORAL__` as a global. Elsewhere (API,
 * projections, tests) schemas are built at once and stay plain zod objects: zod's JSON Schema output
 * (the API's OpenAPI document) keys schemas by identity, which a stand-in does not share.
 */
const IN_WORKFLOW_SANDBOX = '__TEMPORAL__' in globalThis;

/** The stand-in of lazySchema, whatever the context (exported for tests). */
export function deferredSchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => {
    built ??= build();
    return built;
  };
  const bound = new Map<PropertyKey, { fn: (...args: unknown[]) => unknown; bound: unknown }>();
  return new Proxy({} as T, {
    get(_, key) {
      const target = schema();
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || key === 'constructor') return value;
      const known = bound.get(key);
      if (known?.fn === value) return known.bound;
      const fn = value as (...args: unknown[]) => unknown;
      const entry = { fn, bound: fn.bind(target) };
      bound.set(key, entry);
      return entry.bound;
    },
    has: (_, key) => Reflect.has(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
  });
}

type Option = z.ZodObject;
const unions = new WeakMap<object, { discriminator: string; options: () => Record<string, Option> }>();

/**
 * A discriminated union built on first use, whose options are named by their discriminator's value.
 * zod builds every option of a union when it builds the union; safeParseUnion parses a value through
 * the one option it names instead, so a workflow that handles one kind of command builds that one.
 */
export function lazyDiscriminatedUnion<const D extends string, const O extends Record<string, Option>>(
  discriminator: D,
  options: () => O,
) {
  let named: O | undefined;
  const optionsOnce = () => {
    named ??= options();
    return named;
  };
  const union = lazySchema(() =>
    z.discriminatedUnion(discriminator, Object.values(optionsOnce()) as [O[keyof O], ...O[keyof O][]]),
  );
  unions.set(union, { discriminator, options: optionsOnce });
  return union;
}

/**
 * `schema.safeParse(raw)`, with the same result: a union of lazyDiscriminatedUnion parses through the
 * option that `raw`'s discriminator names (zod's union does the same once built); anything else, e.g.
 * an unknown discriminator, through the schema itself.
 */
export function safeParseUnion<T extends z.ZodType>(
  schema: T,
  raw: unknown,
): z.ZodSafeParseResult<z.output<T>> {
  const union = unions.get(schema);
  if (union && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const value = (raw as Record<string, unknown>)[union.discriminator];
    const options = union.options();
    if (typeof value === 'string' && Object.hasOwn(options, value)) {
      return (options[value] as Option).safeParse(raw) as z.ZodSafeParseResult<z.output<T>>;
    }
  }
  return schema.safeParse(raw);
}

/** The options of a lazyDiscriminatedUnion by name (for tests: each name is its discriminator's value). */
export function unionOptions(schema: object): Record<string, Option> | undefined {
  return unions.get(schema)?.options();
}

/**
 * A schema built on its first use instead of when its module is evaluated.
 *
 * The workflow sandbox evaluates every module of the bundle again for each new workflow (worker/
 * create-worker.ts), and most workflows use few of domain/'s schemas (a phase parses no command): built
 * eagerly, they cost a workflow more CPU than its own activations. The stand-in forwards every read to
 * the schema, built once per module instance, so `Schema.parse(x)`, `Schema.shape`, `z.array(Schema)`
 * and `z.infer<typeof Schema>` work as before.
 *
 * Methods are bound to the built schema: zod installs fields on `this` at first use (the compiled parse,
 * derived values), which belong on the schema, not on its stand-in. The stand-in's own target stays empty,
 * so the SDK's freeze of a shared module freezes only that empty object, never the schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
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

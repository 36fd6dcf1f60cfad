import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { EventMeta } from './primitives';

/** The type and schema version of each event schema, known without building the schema. */
const identities = new WeakMap<object, { type: string; schemaVersion: number }>();

/**
 * Builds an event schema `{ type, schemaVersion, data }`. Every event's data carries `at` and `by`
 * (see EventMeta) next to its own fields. The schema is built on first use (domain/lazy-schema.ts),
 * `data` with it: its fields may use other schemas' methods (`IsoDate.nullable()`).
 */
export function defineEvent<const T extends string, const V extends number, D extends z.ZodRawShape>(
  type: T,
  schemaVersion: V,
  data: () => D,
) {
  const schema = lazySchema(() =>
    z.object({
      type: z.literal(type),
      schemaVersion: z.literal(schemaVersion),
      data: z.object({ ...EventMeta, ...data() }),
    }),
  );
  identities.set(schema, { type, schemaVersion });
  return schema;
}

type EventSchema = { shape: { type: { value: string }; schemaVersion: { value: number } } };

function identity(schema: object): { type: string; schemaVersion: number } {
  const known = identities.get(schema);
  if (!known) throw new Error('not an event schema of defineEvent');
  return known;
}

/** The event type of a schema of defineEvent (without building it). */
export function eventTypeOf<S extends EventSchema>(schema: S): S['shape']['type']['value'] {
  return identity(schema).type;
}

/** The schema version of a schema of defineEvent (without building it). */
export function schemaVersionOf(schema: EventSchema): number {
  return identity(schema).schemaVersion;
}

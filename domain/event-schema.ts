import { z } from 'zod';
import { EventMeta } from './primitives';

/**
 * Builds an event schema `{ type, schemaVersion, data }`. Every event's data carries `at` and `by`
 * (see EventMeta) next to its own fields.
 */
export function defineEvent<const T extends string, const V extends number, D extends z.ZodRawShape>(
  type: T,
  schemaVersion: V,
  data: D,
) {
  return z.object({
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    data: z.object({ ...EventMeta, ...data }),
  });
}

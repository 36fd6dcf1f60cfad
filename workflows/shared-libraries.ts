import * as luxon from 'luxon';
import * as zod from 'zod';
import '../domain/validation/swedish';

/**
 * The libraries that the workflows of a worker thread share (worker/create-worker.ts
 * PRELOADED_MODULES), imported as domain/ imports them so that it gets the same modules. Exported so
 * that the bundler keeps the imports: both libraries declare themselves free of side effects.
 *
 * zod's settings are global and the SDK freezes a shared module's state: they are complete here, before
 * the freeze. domain/validation/swedish.ts sets the Swedish messages; zod adds its defaults (locale,
 * the memoizer of recursive schemas) when it builds its first schema, which is this one.
 */
export const SHARED_LIBRARIES = { luxon, zod, first: zod.z.object({}) };

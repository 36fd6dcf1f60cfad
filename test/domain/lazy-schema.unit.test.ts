import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { lazySchema } from '../../domain/lazy-schema';

type ZodConfig = { postProcessor?: (schema: unknown) => void };
const zodConfig = (globalThis as { __zod_globalConfig?: ZodConfig }).__zod_globalConfig as ZodConfig;

/** Counts the zod schemas constructed while `run` runs (zod calls its post-processor for each). */
async function schemasBuiltBy(run: () => Promise<unknown> | unknown): Promise<number> {
  let built = 0;
  zodConfig.postProcessor = () => {
    built++;
  };
  try {
    await run();
  } finally {
    delete zodConfig.postProcessor;
  }
  return built;
}

describe('lazySchema', () => {
  afterEach(() => vi.resetModules());

  it('builds the schema on first use, once', async () => {
    const build = vi.fn(() => z.object({ name: z.string().min(1) }));
    const Person = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(Person.parse({ name: 'Ada' })).toEqual({ name: 'Ada' });
    expect(Person.safeParse({ name: '' }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('composes like the schema itself: inside other schemas, its shape, instanceof, errors', () => {
    const Id = lazySchema(() => z.string().regex(/^[a-z]+$/, { error: 'Ogiltigt id' }));
    const Organ = lazySchema(() => z.object({ id: Id, name: z.string() }));
    const Organs = lazySchema(() => z.array(Organ).min(1));
    const Named = lazySchema(() => z.object({ ...Organ.shape, extra: Id.optional() }));
    expect(Organs.parse([{ id: 'ks', name: 'KS' }])).toEqual([{ id: 'ks', name: 'KS' }]);
    expect(Named.parse({ id: 'ks', name: 'KS' })).toEqual({ id: 'ks', name: 'KS' });
    const failed = Organs.safeParse([{ id: 'K S', name: 'KS' }]);
    expect(failed.error?.issues.map((i) => [i.path, i.message])).toEqual([[[0, 'id'], 'Ogiltigt id']]);
    expect(Organ instanceof z.ZodObject).toBe(true);
    expect(Id.optional().parse(undefined)).toBeUndefined();
    expect(Organ.parse).toBe(Organ.parse);
  });

  it('keeps working when its stand-in is frozen, as the SDK freezes shared modules', () => {
    const Year = lazySchema(() => z.number().int().min(1990));
    Object.freeze(Year);
    expect(Year.parse(2027)).toBe(2027);
    expect(Year.safeParse(1900).success).toBe(false);
    expect(z.object({ year: Year }).parse({ year: 2030 })).toEqual({ year: 2030 });
  });

  it('lets domain/ load without building a schema (workflows build only what they use)', async () => {
    const built = await schemasBuiltBy(() => import('../../domain/index'));
    expect(built).toBe(0);
    const domain = await import('../../domain/index');
    // A first use builds the schema (and what it is made of); the counter sees it.
    expect(await schemasBuiltBy(() => domain.IsoDate.parse('2027-01-31'))).toBeGreaterThan(0);
  });
});

import { describe, expect, it, vi } from 'vitest';

type ZodConfig = { postProcessor?: (schema: unknown) => void };

// As in the workflow sandbox, whose bundle declares this global, domain/'s schemas are built lazily
// (domain/lazy-schema.ts). Set before the imports below, with a count of the schemas zod builds.
const atImport = vi.hoisted(() => {
  const counter = { built: 0 };
  const global = globalThis as { __TEMPORAL__?: unknown; __zod_globalConfig?: ZodConfig };
  global.__TEMPORAL__ = undefined;
  global.__zod_globalConfig ??= {};
  global.__zod_globalConfig.postProcessor = () => {
    counter.built++;
  };
  return counter;
});

import { z } from 'zod';
import { CycleCommand } from '../../domain/cycle/commands';
import * as domain from '../../domain/index';
import { KoladaCommand } from '../../domain/kolada/commands';
import { lazyDiscriminatedUnion, lazySchema, safeParseUnion, unionOptions } from '../../domain/lazy-schema';
import { MunicipalityCommand } from '../../domain/municipality/commands';
import { TaskCommand } from '../../domain/task/commands';
import { TaskSubmission } from '../../domain/task/content';

/** Schemas built while this file's imports were evaluated (the module body runs after them). */
const builtAtImport = atImport.built;
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
    zodConfig.postProcessor = () => {};
  }
  return built;
}

describe('lazySchema', () => {
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

  it('lets domain/ load without building a schema (a workflow builds only what it uses)', async () => {
    expect(builtAtImport).toBe(0);
    // A first use builds the schema (and what it is made of); the counter sees it.
    expect(await schemasBuiltBy(() => domain.IsoDate.parse('2027-01-31'))).toBeGreaterThan(0);
  });

  const unions = { CycleCommand, TaskCommand, MunicipalityCommand, KoladaCommand, TaskSubmission };

  it.each(Object.entries(unions))(
    '%s names each option by its discriminator and has them all',
    (_, union) => {
      const options = unionOptions(union);
      expect(options).toBeDefined();
      const discriminator = union._zod.def.discriminator;
      for (const [name, option] of Object.entries(options ?? {})) {
        expect(option.shape[discriminator]?._zod.def).toMatchObject({ type: 'literal', values: [name] });
      }
      expect(union.options).toEqual(Object.values(options ?? {}));
    },
  );

  it("parses through the named option with the union's result: valid, invalid, unknown, no object", () => {
    const inputs = [
      { type: 'OpenPhase', phase: 'budget', at: '2027-01-01T10:00:00Z', actor: 'ks' },
      { type: 'OpenPhase', phase: 'sommar', at: '2027-01-01T10:00:00Z', actor: 'ks' },
      { type: 'OpenPhase', at: 'igår' },
      { type: 'NoSuchCommand', phase: 'budget' },
      { phase: 'budget' },
      ['OpenPhase'],
      null,
      'OpenPhase',
    ];
    for (const raw of inputs) {
      const direct = safeParseUnion(CycleCommand, raw);
      const whole = CycleCommand.safeParse(raw);
      expect(direct.success).toBe(whole.success);
      expect(direct.data).toEqual(whole.data);
      expect(direct.error?.issues).toEqual(whole.error?.issues);
    }
    expect(safeParseUnion(CycleCommand, inputs[0]).success).toBe(true);
    expect(safeParseUnion(CycleCommand, inputs[1]).success).toBe(false);
  });

  it('builds only the option a value names', () => {
    const built: string[] = [];
    const option = <const T extends string>(type: T) =>
      lazySchema(() => {
        built.push(type);
        return z.object({ type: z.literal(type), n: z.number() });
      });
    const Command = lazyDiscriminatedUnion('type', () => ({
      A: option('A'),
      B: option('B'),
      C: option('C'),
    }));
    expect(safeParseUnion(Command, { type: 'B', n: 1 }).data).toEqual({ type: 'B', n: 1 });
    expect(safeParseUnion(Command, { type: 'B', n: 'x' }).success).toBe(false);
    expect(built).toEqual(['B']);
    // An unknown discriminator needs the union's own error, so the union and all its options are built.
    expect(safeParseUnion(Command, { type: 'D', n: 1 }).error?.issues[0]?.code).toBe('invalid_union');
    expect(built.sort()).toEqual(['A', 'B', 'C']);
  });
});

import { z } from 'zod';
import { CYCLE_EVENT_SCHEMAS, type CycleEvent } from './cycle/events';
import { fail } from './errors';
import { eventTypeOf, schemaVersionOf } from './event-schema';
import { lazySchema } from './lazy-schema';
import { MUNICIPALITY_EVENT_SCHEMAS, type MunicipalityEvent } from './municipality/events';
import { TASK_EVENT_SCHEMAS, type TaskEvent } from './task/events';
import { UPCASTERS } from './upcasters';

const ALL_SCHEMAS = [...MUNICIPALITY_EVENT_SCHEMAS, ...CYCLE_EVENT_SCHEMAS, ...TASK_EVENT_SCHEMAS] as const;

/** Every domain event, current schema versions. */
export const DomainEvent = lazySchema(() => z.discriminatedUnion('type', ALL_SCHEMAS));
export type DomainEvent = MunicipalityEvent | CycleEvent | TaskEvent;
export type EventType = DomainEvent['type'];

/** The names of all event types. */
export const EVENT_TYPES = ALL_SCHEMAS.map(eventTypeOf) as readonly EventType[];

export const MUNICIPALITY_EVENT_TYPES = MUNICIPALITY_EVENT_SCHEMAS.map(eventTypeOf);
export const CYCLE_EVENT_TYPES = CYCLE_EVENT_SCHEMAS.map(eventTypeOf);
export const TASK_EVENT_TYPES = TASK_EVENT_SCHEMAS.map(eventTypeOf);

/** The current schema version of each event type. */
export const CURRENT_SCHEMA_VERSION = Object.fromEntries(
  ALL_SCHEMAS.map((s) => [eventTypeOf(s), schemaVersionOf(s)]),
) as Record<EventType, number>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(CURRENT_SCHEMA_VERSION, type);
}

const Envelope = lazySchema(() =>
  z.object({
    type: z.string(),
    schemaVersion: z.number().int().positive(),
    data: z.unknown(),
  }),
);

type Envelope = z.infer<typeof Envelope>;

/** The envelope as Envelope would parse it, when it plainly is one (no Zod needed); else undefined. */
function storedEnvelope(raw: unknown): Envelope | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { type, schemaVersion, data } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || !Number.isSafeInteger(schemaVersion) || (schemaVersion as number) <= 0)
    return undefined;
  return { type, schemaVersion: schemaVersion as number, data };
}

/**
 * Validates a stored event and upcasts it to the current schema version.
 * Throws DomainError: UNKNOWN_EVENT_TYPE, UNSUPPORTED_SCHEMA_VERSION, INVALID_EVENT.
 */
export function parseEvent(raw: unknown): DomainEvent {
  // The envelope of an event as stored (type text, schema version a positive integer) needs no schema:
  // a parse per event of every rebuild costs more than the check. Anything else goes through Envelope.
  const stored = storedEnvelope(raw);
  const envelope = stored ? { success: true as const, data: stored } : Envelope.safeParse(raw);
  if (!envelope.success) {
    fail('INVALID_EVENT', 'event.envelope', 'Händelsen saknar type, schemaVersion eller data', {
      issues: envelope.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  let { type, schemaVersion, data } = envelope.data;
  if (!isEventType(type)) {
    fail('UNKNOWN_EVENT_TYPE', 'event.type', `Okänd händelsetyp: ${type}`, { type });
  }
  const current = CURRENT_SCHEMA_VERSION[type];
  if (schemaVersion > current) {
    fail(
      'UNSUPPORTED_SCHEMA_VERSION',
      'event.schema-version',
      `Okänd schemaversion ${schemaVersion} för ${type}`,
      {
        type,
        schemaVersion,
        current,
      },
    );
  }
  while (schemaVersion < current) {
    const upcaster = UPCASTERS[`${type}@${schemaVersion}`];
    if (!upcaster) {
      fail(
        'UNSUPPORTED_SCHEMA_VERSION',
        'event.schema-version',
        `Ingen uppgradering från ${type} v${schemaVersion}`,
        {
          type,
          schemaVersion,
        },
      );
    }
    try {
      data = upcaster(data);
    } catch (error) {
      fail('INVALID_EVENT', 'event.upcast', `Händelsen ${type} v${schemaVersion} kunde inte uppgraderas`, {
        type,
        schemaVersion,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    schemaVersion += 1;
  }
  const parsed = DomainEvent.safeParse({ type, schemaVersion, data });
  if (!parsed.success) {
    fail('INVALID_EVENT', 'event.schema', `Händelsen ${type} är ogiltig`, {
      type,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data;
}

/** Narrowing helpers for consumers that read a mixed feed. */
export function isMunicipalityEvent(e: DomainEvent): e is MunicipalityEvent {
  return (MUNICIPALITY_EVENT_TYPES as readonly string[]).includes(e.type);
}
export function isCycleEvent(e: DomainEvent): e is CycleEvent {
  return (CYCLE_EVENT_TYPES as readonly string[]).includes(e.type);
}
export function isTaskEvent(e: DomainEvent): e is TaskEvent {
  return (TASK_EVENT_TYPES as readonly string[]).includes(e.type);
}

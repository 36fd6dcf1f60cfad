import { TRACEPARENT } from '../ops/traceparent';
import { text as jsonString } from './stored-json';
import {
  type EventMetadata,
  type EventMetadataInput,
  eventMetadataSchema,
  type NewEvent,
  newEventSchema,
} from './types';

/**
 * The append path's input checks. The schemas in types.ts are the rule; these fast paths accept only
 * input the schema certainly accepts, with the same result, and leave everything else (including every
 * error) to the schema. On a single-event append the schemas cost about as much client CPU as the hash.
 */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const METADATA_KEYS = new Set([
  'actor',
  'occurredAt',
  'correlationId',
  'causationId',
  'workflowId',
  'traceparent',
]);
const EVENT_KEYS = new Set(['eventId', 'type', 'schemaVersion', 'data']);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** occurredAt as the schema normalises it, or undefined to let the schema decide. */
function normalisedInstant(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return undefined;
  const d = new Date(v);
  return !Number.isNaN(d.getTime()) && d.toISOString() === v ? v : undefined;
}

export function parseMetadata(input: EventMetadataInput): EventMetadata {
  const m: unknown = input;
  if (isPlainRecord(m)) {
    const occurredAt = normalisedInstant(m.occurredAt);
    // Other keys (workflowCapabilities, once per task) are left to the schema.
    const keysOk = Object.keys(m).every((k) => METADATA_KEYS.has(k));
    const workflowOk = !('workflowId' in m) || nonEmpty(m.workflowId);
    const traceOk =
      !('traceparent' in m) || (typeof m.traceparent === 'string' && TRACEPARENT.test(m.traceparent));
    if (
      occurredAt &&
      keysOk &&
      workflowOk &&
      traceOk &&
      nonEmpty(m.actor) &&
      nonEmpty(m.correlationId) &&
      nonEmpty(m.causationId)
    ) {
      const out: EventMetadata = {
        actor: m.actor,
        occurredAt,
        correlationId: m.correlationId,
        causationId: m.causationId,
      };
      if ('workflowId' in m) out.workflowId = m.workflowId as string;
      if ('traceparent' in m) out.traceparent = m.traceparent as string;
      return out;
    }
  }
  return eventMetadataSchema.parse(input);
}

export interface ParsedNewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
}

export function parseNewEvent(input: NewEvent<unknown>): ParsedNewEvent {
  const e: unknown = input;
  if (
    isPlainRecord(e) &&
    'data' in e &&
    Object.keys(e).every((k) => EVENT_KEYS.has(k)) &&
    typeof e.eventId === 'string' &&
    GUID.test(e.eventId) &&
    nonEmpty(e.type) &&
    Number.isSafeInteger(e.schemaVersion) &&
    (e.schemaVersion as number) > 0
  ) {
    return {
      eventId: e.eventId.toLowerCase(),
      type: e.type,
      schemaVersion: e.schemaVersion as number,
      data: e.data,
    };
  }
  return newEventSchema.parse(input);
}

/**
 * The metadata schema's keys in canonical (UTF-16 code unit) order, taken from the schema itself so
 * that a key added there is never left out of the stored text.
 */
const METADATA_ORDER = (Object.keys(eventMetadataSchema.shape) as (keyof EventMetadata)[]).sort();

/**
 * storedCanonicalJson of parsed metadata, written member by member in canonical key order instead of
 * walking a general value (every member is a string or absent; a unit test checks the two agree).
 */
export function canonicalMetadataText(meta: EventMetadata): string {
  let out = '';
  for (const key of METADATA_ORDER) {
    const value = meta[key];
    if (value === undefined) continue;
    out += `${out ? ',' : ''}"${key}":${jsonString(value, 'metadata')}`;
  }
  return `{${out}}`;
}

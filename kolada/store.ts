import { randomUUID } from 'node:crypto';
import { handle, replay } from '../domain/decider';
import { parseEvent } from '../domain/events';
import type { KoladaCommandInput } from '../domain/kolada/commands';
import { koladaDecider } from '../domain/kolada/decider';
import type { KoladaEvent } from '../domain/kolada/events';
import { type KoladaState, koladaValueKey } from '../domain/kolada/state';
import type { MunicipalityEvent } from '../domain/municipality/events';
import { municipalityStream } from '../domain/streams';
import { type EventStore, IdempotencyConflictError, VersionConflictError } from '../eventstore/index';
import { koladaValueEventId } from './event-ids';

/** The Kolada fold of the municipality's stream, and the version it was built from. */
export async function loadKoladaState(
  store: EventStore,
  municipalityId: string,
  asOf?: string,
): Promise<{ state: KoladaState; version: number }> {
  const recorded = await store.readStream(municipalityStream(municipalityId), asOf ? { asOf } : {});
  const events = recorded.map((r) =>
    parseEvent({ type: r.type, schemaVersion: r.schemaVersion, data: r.data }),
  ) as MunicipalityEvent[];
  return { state: replay(koladaDecider, events), version: recorded.at(-1)?.streamVersion ?? 0 };
}

/** Values get ids from their identity and revision (idempotent retries); bindings a fresh one. */
function eventIdOf(municipalityId: string, state: KoladaState, event: KoladaEvent): string {
  if (event.type !== 'KoladaValueRecorded') return randomUUID();
  const key = koladaValueKey(event.data);
  return koladaValueEventId(municipalityId, key, (state.values[key]?.revision ?? 0) + 1);
}

export interface KoladaExecuted {
  events: KoladaEvent[];
  state: KoladaState;
  version: number;
  eventIds: string[];
}

/**
 * Decides a Kolada command against the freshly loaded stream and appends the events with the expected
 * version. Another writer in between (a version or id conflict) gets one retry against the new state.
 */
export async function executeKoladaCommand(
  store: EventStore,
  municipalityId: string,
  raw: KoladaCommandInput,
  options: { causationId: string; precheck?: (state: KoladaState) => void },
): Promise<KoladaExecuted> {
  const streamId = municipalityStream(municipalityId);
  for (let attempt = 1; ; attempt++) {
    const { state, version } = await loadKoladaState(store, municipalityId);
    options.precheck?.(state);
    const result = handle(koladaDecider, state, raw);
    const events = result.events as KoladaEvent[];
    if (events.length === 0) return { events, state, version, eventIds: [] };
    const eventIds = events.map((e) => eventIdOf(municipalityId, state, e));
    try {
      const appended = await store.append(
        streamId,
        version === 0 ? 'no_stream' : version,
        events.map((e, i) => ({
          eventId: eventIds[i] as string,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
        })),
        {
          actor: result.command.actor,
          occurredAt: result.command.at,
          correlationId: streamId,
          causationId: options.causationId,
        },
      );
      return { events, state: result.state, version: appended.streamVersion, eventIds };
    } catch (error) {
      const conflict = error instanceof VersionConflictError || error instanceof IdempotencyConflictError;
      if (conflict && attempt === 1) continue;
      throw error;
    }
  }
}

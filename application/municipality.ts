import { randomUUID } from 'node:crypto';
import { handle, replay } from '../domain/decider';
import { parseEvent } from '../domain/events';
import type { MunicipalityCommand, MunicipalityCommandInput } from '../domain/municipality/commands';
import { municipalityDecider } from '../domain/municipality/decider';
import type { MunicipalityEvent } from '../domain/municipality/events';
import type { MunicipalityState } from '../domain/municipality/state';
import { municipalityStream } from '../domain/streams';
import { type EventStore, VersionConflictError } from '../eventstore/index';

export interface LoadedMunicipality {
  state: MunicipalityState;
  /** The stream's version the state was built from (expected version of the next append). */
  version: number;
}

/** Replays the municipality's stream (optionally only events with occurredAt <= asOf). */
export async function loadMunicipality(
  store: EventStore,
  municipalityId: string,
  asOf?: string,
): Promise<LoadedMunicipality> {
  const recorded = await store.readStream(municipalityStream(municipalityId), asOf ? { asOf } : {});
  const events = recorded.map((r) =>
    parseEvent({ type: r.type, schemaVersion: r.schemaVersion, data: r.data }),
  ) as MunicipalityEvent[];
  return {
    state: replay(municipalityDecider, events),
    version: recorded.at(-1)?.streamVersion ?? 0,
  };
}

export interface ExecutedCommand {
  command: MunicipalityCommand;
  events: MunicipalityEvent[];
  state: MunicipalityState;
  /** Stream version after the append. */
  version: number;
  globalPositions: number[];
}

export interface ExecuteOptions {
  /** Why the command was sent (e.g. `api:<request id>`), stored as the events' causation id. */
  causationId: string;
  /**
   * Checked against the freshly loaded state before deciding (e.g. authorisation that depends on the
   * current roles). Throw to reject.
   */
  precheck?: (state: MunicipalityState) => void;
}

/**
 * Handles one command of the municipality (kommun) aggregate: load the stream, decide with the
 * municipality decider, append with the expected version. A version conflict (another writer got
 * there first) is retried once against the new state; a second conflict is thrown.
 * Throws DomainError when the decider rejects the command; nothing is written then.
 */
export async function executeMunicipalityCommand(
  store: EventStore,
  municipalityId: string,
  raw: MunicipalityCommandInput,
  options: ExecuteOptions,
): Promise<ExecutedCommand> {
  const streamId = municipalityStream(municipalityId);
  for (let attempt = 1; ; attempt++) {
    const { state, version } = await loadMunicipality(store, municipalityId);
    options.precheck?.(state);
    const result = handle(municipalityDecider, state, raw);
    if (result.command.type === 'RegisterMunicipality' && result.command.municipalityId !== municipalityId) {
      throw new RangeError(
        `RegisterMunicipality for ${result.command.municipalityId} sent to stream of ${municipalityId}`,
      );
    }
    if (result.events.length === 0) {
      return { command: result.command, events: [], state, version, globalPositions: [] };
    }
    try {
      const appended = await store.append(
        streamId,
        version === 0 ? 'no_stream' : version,
        result.events.map((e) => ({
          eventId: randomUUID(),
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
      return {
        command: result.command,
        events: result.events,
        state: result.state,
        version: appended.streamVersion,
        globalPositions: appended.globalPositions,
      };
    } catch (error) {
      if (error instanceof VersionConflictError && attempt === 1) continue;
      throw error;
    }
  }
}

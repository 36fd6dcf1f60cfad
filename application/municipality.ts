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

/**
 * The municipality's current state per store, kept between requests: each load still asks the store for
 * the stream's events after the version it was built from (one indexed query, usually no rows) and folds
 * those in, so the store stays the one authority and a change by any process shows at once, without
 * replaying the whole stream on every request. Events are immutable and versions only grow, which is
 * what makes the fold from a kept state equal to the full replay.
 */
const CURRENT = new WeakMap<EventStore, Map<string, LoadedMunicipality>>();
/** Municipalities kept per store (Sweden has 290); the least recently loaded goes first. */
const KEPT_PER_STORE = 1000;

function fold(
  from: MunicipalityState | undefined,
  recorded: { type: string; schemaVersion: number; data: unknown }[],
) {
  const events = recorded.map((r) =>
    parseEvent({ type: r.type, schemaVersion: r.schemaVersion, data: r.data }),
  ) as MunicipalityEvent[];
  return replay(municipalityDecider, events, from);
}

/** Replays the municipality's stream (optionally only events with occurredAt <= asOf). */
export async function loadMunicipality(
  store: EventStore,
  municipalityId: string,
  asOf?: string,
): Promise<LoadedMunicipality> {
  const streamId = municipalityStream(municipalityId);
  if (asOf) {
    const recorded = await store.readStream(streamId, { asOf });
    return { state: fold(undefined, recorded), version: recorded.at(-1)?.streamVersion ?? 0 };
  }
  let kept = CURRENT.get(store);
  if (!kept) {
    kept = new Map();
    CURRENT.set(store, kept);
  }
  const before = kept.get(streamId);
  const recorded = await store.readStream(streamId, { fromVersion: (before?.version ?? 0) + 1 });
  if (before && recorded.length === 0) {
    kept.delete(streamId); // re-inserted: most recently used last
    kept.set(streamId, before);
    return before;
  }
  const loaded: LoadedMunicipality = {
    state: fold(before?.state, recorded),
    version: recorded.at(-1)?.streamVersion ?? before?.version ?? 0,
  };
  kept.delete(streamId);
  kept.set(streamId, loaded);
  if (kept.size > KEPT_PER_STORE) kept.delete(kept.keys().next().value as string);
  return loaded;
}

/**
 * The municipality's current state for a caller that has just read the stream's version in the same
 * statement as its own data (e.g. api/inbox-reads.ts): the kept state when it is at that version
 * already, with no query of its own; else the events after the kept version, as loadMunicipality.
 */
export async function loadMunicipalityAtVersion(
  store: EventStore,
  municipalityId: string,
  version: number,
): Promise<LoadedMunicipality> {
  const streamId = municipalityStream(municipalityId);
  const kept = CURRENT.get(store)?.get(streamId);
  if (kept && kept.version >= version) return kept;
  // Reads that arrive together (an API just started, a burst after a change) share one load: each
  // knows the version it needs, and loads again only if the shared one came back older.
  let loads = LOADING.get(store);
  if (!loads) {
    loads = new Map();
    LOADING.set(store, loads);
  }
  const shared = loads.get(streamId);
  if (shared) {
    const loaded = await shared;
    if (loaded.version >= version) return loaded;
  }
  const loading = loadMunicipality(store, municipalityId);
  loads.set(streamId, loading);
  try {
    return await loading;
  } finally {
    if (loads.get(streamId) === loading) loads.delete(streamId);
  }
}

/** Loads of a municipality's current state under way, per store: at most one per stream. */
const LOADING = new WeakMap<EventStore, Map<string, Promise<LoadedMunicipality>>>();

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

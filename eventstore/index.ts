export { IdempotencyConflictError, type IdempotencyConflictReason, VersionConflictError } from './errors';
export { canonicalForm, canonicalJson, eventHash, GENESIS_HASH, type HashedFields } from './hash';
export {
  ensureDatabase,
  eventStoreMigrationsDir,
  type MigrateOptions,
  type MigrateResult,
  migrate,
} from './migrate';
export { EVENT_COLUMNS, type EventRow, toRecorded } from './rows';
export {
  APPEND_LOCK_KEY,
  EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './store';
export type {
  AppendResult,
  EventMetadata,
  EventMetadataInput,
  ExpectedVersion,
  JsonValue,
  NewEvent,
  RecordedEvent,
  VerifyFailure,
  VerifyResult,
} from './types';
export type { VerifyOptions } from './verify';

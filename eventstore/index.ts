export {
  type ContentFields,
  chainHash,
  chainLink,
  contentCanonicalForm,
  contentDigest,
  type LinkFields,
} from './chain-hash';
export { chainKeyOf, UNOWNED_CHAIN_PREFIX } from './chain-key';
export {
  ChainWalker,
  checkAgainstHeads,
  contentMatches,
  firstContentMismatch,
  type VerifyRow,
} from './chain-walk';
export { IdempotencyConflictError, type IdempotencyConflictReason, VersionConflictError } from './errors';
export {
  canonicalJson,
  GENESIS_HASH,
  type LegacyHashedFields,
  legacyCanonicalForm,
  legacyEventHash,
} from './hash';
export { type HashWorkers, sharedHashWorkers, startHashWorkers } from './hash-workers';
export { type KeyRingSource, loadKeyRing, rotateKeyRing, writeKeyRing } from './key-ring-store';
export {
  ensureDatabase,
  eventStoreMigrationsDir,
  type MigrateOptions,
  type MigrateResult,
  migrate,
} from './migrate';
export { checkPage, type PageCheck, type PageRow } from './page-check';
export type { Page, PagedEvent, PagedRow, PageText, ReadPageOptions, StreamPartition } from './read-page';
export { EVENT_COLUMNS, type EventRow, toRecorded } from './rows';
export { signChainHeads, storedSignedHeads } from './signed-heads';
export {
  generateSigningKey,
  headSignatureValid,
  type KeyRing,
  type KeyRingFile,
  keyRingFromFile,
  keyRingToFile,
  publicKeyPem,
  type SignedHead,
  type SigningKey,
  signedHeadPayload,
  signHead,
} from './signing';
export {
  EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './store';
export type {
  AppendResult,
  ChainHead,
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

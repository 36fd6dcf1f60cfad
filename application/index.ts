/**
 * Application services: what the HTTP API (and the CLI) do with the domain, the event store and
 * Temporal. No HTTP here.
 */
export { type AggregateKind, aggregateStateAsOf, loadCycle, loadTask } from './aggregates';
export { type AuditEvent, exportMunicipalityEvents, type HistoryQuery, municipalityEvents } from './history';
export {
  type ExecutedCommand,
  type ExecuteOptions,
  executeMunicipalityCommand,
  type LoadedMunicipality,
  loadMunicipality,
} from './municipality';
export {
  findProjection,
  jsonTypes,
  type ReadModelTables,
  readModelNow,
  readModelsAsOf,
  readProjectionTables,
  readView,
} from './read-models';
export { decodeRejection, decodingRejections } from './rejections';
export {
  type CycleStatus,
  type StartCycleRequest,
  WorkflowService,
  type WorkflowServiceDeps,
} from './workflow-service';

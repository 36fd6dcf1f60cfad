export {
  type ApplyOptions,
  applyEvents,
  foldIntoTables,
  ProjectionGapError,
  toProjectionEvent,
} from './apply';
export { applyBatch } from './batch';
export { lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoint';
export { insertDocs } from './doc-store';
export { DocMap, type Fold } from './fold';
export { type FoldedHistory, type FoldHistoryOptions, type FoldProgress, foldHistory } from './history';
export * from './read-models/index';
export {
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
  rebuildProjection,
  rebuildProjections,
} from './rebuild';
export {
  type BatchTiming,
  type ProjectionRunnerOptions,
  type RunningProjections,
  startProjections,
} from './runner';
export { type ProjectionStatus, projectionStatus } from './status';
export type { Projection, ProjectionEvent, Tx } from './types';
export { compareWithRebuild, type RebuildComparison } from './verify';

import { PROJECTIONS } from './read-models/index';
import type { Projection } from './types';

/** The projections a name selects (all when absent); throws on an unknown name. */
export function selectProjections(name?: string): Projection[] {
  if (!name) return [...PROJECTIONS];
  const found = PROJECTIONS.find((p) => p.name === name);
  if (!found) {
    throw new Error(`okänd läsmodell '${name}'; finns: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  }
  return [found];
}

/**
 * Patch ids of changes to what running workflows do (docs/versioning.md). Each workflow asks
 * `patched(id)` once, at its start: new runs take the current path, histories recorded before the
 * change replay the path they were recorded with.
 */

/**
 * 2026-12: one authority for state and permissions. Workflow state changes only after its events are
 * stored; phases get versioned snapshots; who may act is read from the event store at the moment of
 * the action (loadActionContext + the shared authorize) instead of copies made at the cycle's start.
 */
export const STATE_FOLLOWS_STORE = 'state-follows-store';

import { ApplicationFailure } from '@temporalio/activity';
import { type EventStore, IdempotencyConflictError, VersionConflictError } from '../eventstore/index';
import { loadActionContext } from './action-context';
import { cancelOrganTasks } from './cancel-organ-tasks';
import type { Notifier } from './notifier';
import type { AppendEventsInput, ArshjulActivities, Notification } from './types';

export interface ActivityDependencies {
  store: EventStore;
  notifier: Notifier;
}

/** Builds the activities the worker registers, closing over their dependencies. */
export function createActivities({ store, notifier }: ActivityDependencies): ArshjulActivities {
  return {
    async appendEvents(input: AppendEventsInput) {
      try {
        const result = await store.append(
          input.streamId,
          input.expectedVersion,
          input.events as never,
          input.metadata,
        );
        return { streamVersion: result.streamVersion, globalPositions: result.globalPositions };
      } catch (error) {
        // A conflict will not go away by retrying: surface it to the workflow at once.
        if (error instanceof VersionConflictError || error instanceof IdempotencyConflictError) {
          throw ApplicationFailure.nonRetryable(error.message, error.name);
        }
        throw error;
      }
    },
    loadActionContext: (input) => loadActionContext(store, input),
    async notify(notification: Notification) {
      await notifier.send(notification);
    },
    cancelOrganTasks: (input) => cancelOrganTasks(store, input),
  };
}

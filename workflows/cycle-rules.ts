import { workflowInfo } from '@temporalio/workflow';
import { isPersonCycleCommand, organsRecordingOwnDecision } from '../domain/cycle/person-commands';
import { fail } from '../domain/errors';
import type { CycleCommandInput } from './messages';

/** Only commands people send reach the cycle as updates; the rest are the workflow's own steps. */
export function requirePersonCommand(command: CycleCommandInput['command']): void {
  if (!isPersonCycleCommand(command.type)) {
    fail('INVALID_COMMAND', 'cycle.command.allowed', 'Kommandot kan inte skickas till cykeln', {
      type: command.type,
    });
  }
}

/** The action a cycle command is, for the shared `authorize`. */
export function commandAction(command: CycleCommandInput['command']) {
  return {
    type: 'cycle.command' as const,
    command: command.type,
    ownDecisionOf: organsRecordingOwnDecision(command.type, command),
  };
}

/** At the given history length, or when Temporal suggests it. */
export function shouldContinueAsNew(atHistoryLength: number | undefined): boolean {
  const info = workflowInfo();
  return atHistoryLength !== undefined ? info.historyLength >= atHistoryLength : info.continueAsNewSuggested;
}

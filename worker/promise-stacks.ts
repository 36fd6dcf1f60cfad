import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Whether this process's workflow threads capture a stack trace per promise (the SDK's default) or
 * run without (started with `--require ./worker/promise-stacks-off.cjs`): the worker says so when it
 * starts, so a worker started without the preload is seen, not just slower.
 */
export function workflowPromiseStacks(): 'on' | 'off' {
  const { globalHandlers } = require('@temporalio/worker/lib/workflow/vm-shared.js') as {
    globalHandlers: object;
  };
  return Object.hasOwn(globalHandlers, 'setPromiseHook') ? 'off' : 'on';
}

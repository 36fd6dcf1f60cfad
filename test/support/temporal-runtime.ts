import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers log every state change at INFO; tests only want warnings. Installed once per test process.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // a runtime is already installed in this process
}

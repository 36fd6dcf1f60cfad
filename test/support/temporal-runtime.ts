import { installRuntimeLogger } from '../../worker/runtime';

// Workers log every state change at INFO; tests only want warnings. Installed once per test process.
installRuntimeLogger();

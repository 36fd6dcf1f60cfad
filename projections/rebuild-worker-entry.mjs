// Entry of the rebuild's partition worker threads: plain JavaScript, so it starts under any loader
// (vitest's is not inherited by workers), then loads the TypeScript worker through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./rebuild-worker.ts');

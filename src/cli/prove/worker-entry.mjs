// Entry of a prove-statetest worker thread. A worker starts without the parent's module loaders
// (under `node bin/zkevm.mjs` the parent registered tsx; under vitest, vite transforms), so it
// registers tsx itself before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

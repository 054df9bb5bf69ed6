// The decrypt worker's entry when the platform runs from TypeScript source under tsx (tests, dev): on
// Node 20 a worker thread does not inherit tsx's loader, so it is registered here before the worker loads.
// The compiled platform (dist/) starts decrypt-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./decrypt-worker.ts');

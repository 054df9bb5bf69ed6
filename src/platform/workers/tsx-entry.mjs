// A pool worker's entry when the platform runs from TypeScript source under tsx (tests, dev): on Node 20 a
// worker thread does not inherit tsx's loader, so it is registered here before the worker's module loads.
// The compiled platform (dist/) starts the worker's .js directly (pool.ts, startWorker).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

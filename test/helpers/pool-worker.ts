// A WorkerPool worker for test/worker-pool.test.ts: echoes, fails or exits as its task says.
import { threadId } from 'node:worker_threads';
import { serveTasks } from '../../src/platform/workers/serve.js';

export interface PoolTestTask {
  echo?: string;
  fail?: string;
  exit?: number;
}

serveTasks<PoolTestTask, { echo: string; thread: number }>(async (task) => {
  if (task.exit !== undefined) process.exit(task.exit);
  if (task.fail) throw new Error(task.fail);
  return { echo: task.echo ?? '', thread: threadId };
});

// The worker's side of a WorkerPool (pool.ts): one task at a time, answered in the order they came.
import { parentPort } from 'node:worker_threads';

export interface TaskMessage<T> {
  /** Matches the reply to its task: a worker holds several and answers them in order. */
  id: number;
  task: T;
}
export type TaskReply<R> = { id: number } & ({ result: R } | { error: string });

/**
 * Answers the pool's tasks with `run`, one after another (a task handed over early waits its turn).
 * `done` runs after each, however it ended: the decrypt worker wipes the task's content key there.
 */
export function serveTasks<T, R>(run: (task: T) => Promise<R>, done?: (task: T) => void): void {
  const port = parentPort;
  if (!port) throw new Error('A pool worker runs as a worker thread of its WorkerPool');
  let turn: Promise<void> = Promise.resolve();
  port.on('message', ({ id, task }: TaskMessage<T>) => {
    turn = turn.then(async () => {
      let reply: TaskReply<R>;
      try {
        reply = { id, result: await run(task) };
      } catch (err) {
        reply = { id, error: err instanceof Error ? err.message : String(err) };
      } finally {
        done?.(task);
      }
      port.postMessage(reply);
    });
  });
}

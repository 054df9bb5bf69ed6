import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { TaskMessage, TaskReply } from './serve.js';

export interface WorkerPoolOptions<T> {
  /** The worker's module (workerEntry): it answers tasks with serveTasks. */
  entry: URL;
  /** Threads at most, started on first use. */
  size: number;
  /**
   * Tasks handed to a worker at once. The next one waits in the worker's own queue, so a worker that finishes
   * a task starts the next at once instead of waiting for the main thread (busy, or descheduled on a small
   * machine) to answer its reply with more work.
   */
  queuedPerWorker: number;
  /** Idle workers end after this long: each thread holds its own heap. */
  idleMs: number;
  /** What the workers do, for errors: "A decrypt worker exited (1)". */
  name: string;
  /**
   * Called once a task has left this thread (posting copies it) or was dropped unsent, and again when it is
   * settled: the decrypt pool wipes the content key its task carries.
   */
  released?: (task: T) => void;
  /** Passed to each Worker: a small pool caps its threads' heaps. */
  resourceLimits?: ResourceLimits;
}

interface Pending<T, R> {
  id: number;
  task: T;
  resolve: (result: R) => void;
  reject: (err: Error) => void;
}

/**
 * A few worker threads running one kind of task (serve.ts on their side), each answering its tasks in the
 * order it was given them. A worker that dies fails the tasks it held (their callers retry: the opening job,
 * the bidder's upload); another is started when needed. Idle workers do not keep the process alive.
 */
export class WorkerPool<T, R> {
  /** How many tasks to keep in flight so that every worker is busy while the next is handed out. */
  readonly parallelism: number;
  private readonly assigned = new Map<Worker, Pending<T, R>[]>();
  private readonly queue: Pending<T, R>[] = [];
  private nextId = 0;
  private idleTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions<T>) {
    this.parallelism = opts.size * opts.queuedPerWorker;
  }

  run(task: T): Promise<R> {
    if (this.closed) {
      this.opts.released?.(task);
      return Promise.reject(new Error(`The ${this.opts.name} pool is closed`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts the workers now if they are not running, without waiting: a worker takes a while to start (its
   * thread, heap and modules), which would otherwise be paid by the first task.
   */
  warm(): void {
    if (this.closed) return;
    while (this.assigned.size < this.opts.size) this.spawn();
    if (this.inFlight() === 0) this.retireLater(); // idle ones still end after idleMs
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const p of this.queue.splice(0)) this.settle(p, new Error(`The ${this.opts.name} pool is closed`));
    await Promise.all([...this.assigned.keys()].map((w) => w.terminate()));
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const worker = this.leastBusy();
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.assigned.get(worker)!.push(pending);
      worker.ref(); // a task in flight keeps the process alive; an idle worker does not
      worker.postMessage({ id: pending.id, task: pending.task } satisfies TaskMessage<T>);
      this.opts.released?.(pending.task);
    }
    if (this.inFlight() === 0 && this.assigned.size > 0) this.retireLater();
  }

  /** An idle worker, else a new one while there are fewer than size, else the one with the fewest tasks. */
  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    let fewest = this.opts.queuedPerWorker;
    for (const [worker, held] of this.assigned) {
      if (held.length === 0) return worker;
      if (held.length < fewest) [best, fewest] = [worker, held.length];
    }
    return this.assigned.size < this.opts.size ? this.spawn() : best;
  }

  private inFlight(): number {
    let n = 0;
    for (const held of this.assigned.values()) n += held.length;
    return n;
  }

  private retireLater(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.retireIdle(), this.opts.idleMs).unref();
  }

  private spawn(): Worker {
    const worker = startWorker(this.opts.entry, this.opts.resourceLimits);
    worker.unref(); // only a task in flight keeps the process alive (dispatch refs it)
    const held: Pending<T, R>[] = [];
    this.assigned.set(worker, held);
    worker.on('message', (reply: TaskReply<R>) => {
      const at = held.findIndex((p) => p.id === reply.id);
      const pending = at >= 0 ? held.splice(at, 1)[0] : undefined;
      if (held.length === 0) worker.unref();
      if (pending) this.settle(pending, 'error' in reply ? new Error(reply.error) : reply);
      if (!this.closed) this.dispatch();
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`A ${this.opts.name} worker exited (${code})`)));
    return worker;
  }

  private lost(worker: Worker, err: Error): void {
    const held = this.assigned.get(worker);
    if (!held) return;
    this.assigned.delete(worker);
    for (const pending of held.splice(0)) this.settle(pending, err);
    if (!this.closed) this.dispatch();
  }

  private settle(p: Pending<T, R>, outcome: { result: R } | Error): void {
    this.opts.released?.(p.task);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome.result);
  }

  private async retireIdle(): Promise<void> {
    const idle = [...this.assigned].filter(([, held]) => held.length === 0).map(([w]) => w);
    for (const w of idle) this.assigned.delete(w);
    await Promise.all(idle.map((w) => w.terminate()));
  }
}

/**
 * A worker module's URL beside the caller's: its compiled .js, or under tsx (tests, dev) its .ts source,
 * started through tsx-entry.mjs (on Node 20 a worker thread does not inherit tsx's loader).
 */
export function workerEntry(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

function startWorker(entry: URL, resourceLimits: ResourceLimits | undefined): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  return new Worker(new URL('./tsx-entry.mjs', import.meta.url), {
    workerData: { entry: entry.href },
    resourceLimits,
  });
}

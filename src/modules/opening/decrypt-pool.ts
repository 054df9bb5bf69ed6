import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FileBlobStore } from '../../platform/storage/file-blob-store.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import type { BidFormField } from '../tenders/index.js';
import type { BidSource } from './bid-source.js';
import { decryptBid, type Decryption, type SealedFile } from './decrypt.js';

/** Decrypts bids for the opening: in worker threads when blobs are local files, else on this thread. */
export interface BidDecrypter {
  decrypt(bid: SealedFile, key: Uint8Array, fields: BidFormField[]): Promise<Decryption>;
  /** How many bids to keep in flight so that every worker is busy while the next is handed out. */
  readonly parallelism: number;
  /**
   * Starts the workers now if they are not running, without waiting: a worker takes a while to start
   * (its thread, heap and modules), which would otherwise be paid after the last share arrives.
   */
  warm(): void;
  close(): Promise<void>;
}

export interface DecryptTask {
  /** Matches the reply to its task: a worker holds several and answers them in order. */
  id: number;
  path: string;
  bid: SealedFile;
  key: Uint8Array;
  fields: BidFormField[];
}
export type DecryptReply = { id: number } & ({ result: Decryption } | { error: string });

/** More threads than cores only contend; a small machine keeps one core's worth for the server too. */
const MAX_WORKERS = 4;
/** Idle workers end after this long: openings are rare, and each thread holds its own heap. */
const IDLE_MS = 60_000;
/**
 * Bids handed to a worker at once. The next one waits in the worker's own queue, so a worker that finishes a
 * bid starts the next at once instead of waiting for the main thread (busy with a commit, a window's rows, or
 * descheduled on a small machine) to answer its reply with more work. A queued task is a path, a header and
 * a key; the plaintext is never held, so a deeper queue costs no memory.
 */
const QUEUED_PER_WORKER = 2;

export function bidDecrypter(deps: {
  blobs: BlobStore;
  bids: BidSource;
  /** Worker threads (OpeningDeps.decryptWorkers); 0 decrypts on the calling thread. */
  workers?: number;
}): BidDecrypter {
  const { blobs } = deps;
  const size = deps.workers ?? Math.min(availableParallelism(), MAX_WORKERS);
  if (size > 0 && blobs instanceof FileBlobStore) return new DecryptPool(size, (sha) => blobs.pathOf(sha));
  return {
    decrypt: (bid, key, fields) => decryptBid((sha) => deps.bids.openSealed(sha), bid, key, fields),
    parallelism: 4, // file reads overlap the decryption
    warm: () => {},
    close: async () => {},
  };
}

interface Pending {
  task: DecryptTask;
  resolve: (d: Decryption) => void;
  reject: (err: Error) => void;
}

/**
 * A few worker threads, started on first use, each decrypting one bid at a time (decrypt-worker.ts) with up
 * to QUEUED_PER_WORKER handed to it. The content key is copied to the worker for its one bid and wiped there
 * after; the reply is the outcome and manifest.
 */
class DecryptPool implements BidDecrypter {
  readonly parallelism: number;
  /** Each worker's bids in the order it was given them, which is the order it answers them. */
  private readonly assigned = new Map<Worker, Pending[]>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private idleTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly pathOf: (sha256: string) => string,
  ) {
    this.parallelism = size * QUEUED_PER_WORKER;
  }

  decrypt(bid: SealedFile, key: Uint8Array, fields: BidFormField[]): Promise<Decryption> {
    if (this.closed) return Promise.reject(new Error('The decrypt pool is closed'));
    const task: DecryptTask = {
      id: this.nextId++,
      path: this.pathOf(bid.ciphertextSha256),
      bid: { ciphertextSha256: bid.ciphertextSha256, headerJson: bid.headerJson, size: bid.size },
      key: Uint8Array.from(key), // its own 32 bytes: a view would send its whole backing buffer
      fields,
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  warm(): void {
    if (this.closed) return;
    while (this.assigned.size < this.size) this.spawn();
    // Idle workers still end after IDLE_MS; each run of a waiting opening warms them again.
    if (this.inFlight() === 0) this.retireLater();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const p of this.queue.splice(0)) this.settle(p, new Error('The decrypt pool is closed'));
    await Promise.all([...this.assigned.keys()].map((w) => w.terminate()));
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const worker = this.leastBusy();
      if (!worker) return;
      const pending = this.queue.shift()!;
      const held = this.assigned.get(worker)!;
      held.push(pending);
      worker.ref(); // a bid in flight keeps the process alive; an idle worker does not
      worker.postMessage(pending.task);
      pending.task.key.fill(0); // posting copied it
    }
    if (this.inFlight() === 0 && this.assigned.size > 0) this.retireLater();
  }

  /** An idle worker, else a new one while there are fewer than size, else the one with the fewest bids. */
  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    let fewest = QUEUED_PER_WORKER;
    for (const [worker, held] of this.assigned) {
      if (held.length === 0) return worker;
      if (held.length < fewest) [best, fewest] = [worker, held.length];
    }
    return this.assigned.size < this.size ? this.spawn() : best;
  }

  private inFlight(): number {
    let n = 0;
    for (const held of this.assigned.values()) n += held.length;
    return n;
  }

  private retireLater(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.retireIdle(), IDLE_MS).unref();
  }

  private spawn(): Worker {
    const worker = startWorker();
    worker.unref(); // only a bid in flight keeps the process alive (dispatch refs it)
    const held: Pending[] = [];
    this.assigned.set(worker, held);
    worker.on('message', (reply: DecryptReply) => {
      const at = held.findIndex((p) => p.task.id === reply.id);
      const pending = at >= 0 ? held.splice(at, 1)[0] : undefined;
      if (held.length === 0) worker.unref();
      if (pending) this.settle(pending, 'error' in reply ? new Error(reply.error) : reply.result);
      if (!this.closed) this.dispatch();
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`A decrypt worker exited (${code})`)));
    return worker;
  }

  /** A worker that died fails its bids (the opening job retries them); another is started when needed. */
  private lost(worker: Worker, err: Error): void {
    const held = this.assigned.get(worker);
    if (!held) return;
    this.assigned.delete(worker);
    for (const pending of held.splice(0)) this.settle(pending, err);
    if (!this.closed) this.dispatch();
  }

  private settle(p: Pending, outcome: Decryption | Error): void {
    p.task.key.fill(0);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  private async retireIdle(): Promise<void> {
    const idle = [...this.assigned].filter(([, held]) => held.length === 0).map(([w]) => w);
    for (const w of idle) this.assigned.delete(w);
    await Promise.all(idle.map((w) => w.terminate()));
  }
}

/** The compiled decrypt-worker.js, or under tsx its TypeScript source through a small loader entry. */
function startWorker(): Worker {
  const here = import.meta.url;
  const entry = here.endsWith('.ts') ? './decrypt-worker-tsx.mjs' : './decrypt-worker.js';
  return new Worker(new URL(entry, here));
}

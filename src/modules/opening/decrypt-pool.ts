import { availableParallelism } from 'node:os';
import { WorkerPool, workerEntry } from '../../platform/workers/pool.js';
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
  path: string;
  bid: SealedFile;
  key: Uint8Array;
  fields: BidFormField[];
}

/** More threads than cores only contend; a small machine keeps one core's worth for the server too. */
const MAX_WORKERS = 4;
/** Idle workers end after this long: openings are rare, and each thread holds its own heap. */
const IDLE_MS = 60_000;
/**
 * Bids handed to a worker at once (WorkerPoolOptions.queuedPerWorker). A queued task is a path, a header and
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

/**
 * A few worker threads, started on first use, each decrypting one bid at a time (decrypt-worker.ts) with up
 * to QUEUED_PER_WORKER handed to it. The content key is copied to the worker for its one bid and wiped here
 * once posted, and there after; the reply is the outcome and manifest.
 */
class DecryptPool implements BidDecrypter {
  private readonly pool: WorkerPool<DecryptTask, Decryption>;

  constructor(
    size: number,
    private readonly pathOf: (sha256: string) => string,
  ) {
    this.pool = new WorkerPool({
      entry: workerEntry(import.meta.url, 'decrypt-worker'),
      name: 'decrypt',
      size,
      queuedPerWorker: QUEUED_PER_WORKER,
      idleMs: IDLE_MS,
      released: (task) => task.key.fill(0),
    });
  }

  get parallelism(): number {
    return this.pool.parallelism;
  }

  decrypt(bid: SealedFile, key: Uint8Array, fields: BidFormField[]): Promise<Decryption> {
    return this.pool.run({
      path: this.pathOf(bid.ciphertextSha256),
      bid: { ciphertextSha256: bid.ciphertextSha256, headerJson: bid.headerJson, size: bid.size },
      key: Uint8Array.from(key), // its own 32 bytes: a view would send its whole backing buffer
      fields,
    });
  }

  warm(): void {
    this.pool.warm();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

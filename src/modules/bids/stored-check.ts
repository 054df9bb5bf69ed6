import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { nodeEngine } from '../../../crypto/node/engine.js';
import { pushFile } from '../../../crypto/node/read-file.js';
// The reader alone, not the format's index: the thread loads only what it runs (the index's openability
// checks and their libraries add 1-2 MB to the thread, measured; the young generation's cap saves more).
import { SealedBidError, type SealedBidErrorCode } from '../../../crypto/sealed-bid/errors.js';
import { SealedBidReader } from '../../../crypto/sealed-bid/reader.js';
import { WorkerPool, workerEntry } from '../../platform/workers/pool.js';

export interface StoredBidTask {
  /** The staged file, written whole. */
  path: string;
  maxBytes: number;
}

/** The file's SHA-256 and the body digest it was found to carry, or why the format refuses it. */
export type StoredBidCheck =
  | { ok: true; sha256: string; bodyDigest: string }
  | { ok: false; code: SealedBidErrorCode; message: string; details?: unknown };

/**
 * Reads a staged upload back once: the whole file's SHA-256 (its name in the store and on the receipt) and,
 * through the sealed-bid reader with its digest check on, every chunk's digest against the trailer's signed
 * bodyDigest. The upload's own reader checked everything else as the bytes came; this is the hashing it
 * left out, done here so that it can run on another core (check-worker.ts).
 */
export async function checkStoredBid(task: StoredBidTask): Promise<StoredBidCheck> {
  const fd = openSync(task.path, 'r');
  try {
    const hash = createHash('sha256');
    const reader = new SealedBidReader({ engine: nodeEngine, maxPlaintextSize: task.maxBytes });
    await pushFile(fd, reader, (bytes) => hash.update(bytes));
    const { bodyDigest } = await reader.end();
    return { ok: true, sha256: hash.digest('hex'), bodyDigest };
  } catch (err) {
    if (!(err instanceof SealedBidError)) throw err;
    return { ok: false, code: err.code, message: err.message, details: err.details };
  } finally {
    closeSync(fd);
  }
}

/**
 * One thread is enough: hashing runs at over 1 GB/s, several times the rate uploads arrive at. Its heap
 * holds a read buffer and the reader, so it is kept small (the server's memory goal counts this thread).
 */
export const storedBidChecks = () =>
  new WorkerPool<StoredBidTask, StoredBidCheck>({
    entry: workerEntry(import.meta.url, 'check-worker'),
    name: 'bid check',
    size: 1,
    queuedPerWorker: 8,
    idleMs: 5 * 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });

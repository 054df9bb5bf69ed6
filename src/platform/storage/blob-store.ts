import type { Readable } from 'node:stream';

/** A blob's name is the SHA-256 of its content, lower-case hex. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** The largest content accepted; beyond it the write stops with BlobTooLargeError. */
  maxBytes: number;
  /** Empty content is refused with BlobEmptyError unless allowed: no document or bid is ever empty. */
  allowEmpty?: boolean;
}

/**
 * Content written and durable in a staging area, not yet visible under its name. `commit()` publishes it
 * (idempotent when the content is already there); `discard()` removes the staged copy and is a no-op
 * after `commit()`. Callers commit inside their database transaction, just before it commits, so a failed
 * change leaves no blob behind and a committed row never names a blob that is not durable.
 */
export interface StagedBlob extends BlobRef {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * The content-addressed store for documents and sealed bids (docs/design.md §3). Small on purpose, so an
 * S3-compatible store fits behind it: stage = upload to a temporary key, commit = copy to the final key.
 */
export interface StagingOptions extends PutOptions {
  /**
   * Pieces smaller than this are gathered and written together, in one writev (no copy), so a client sending
   * tiny pieces does not queue thousands of small writes. Default 0: each piece is on disk before the next
   * is asked for (what stage() does).
   */
  gatherBytes?: number;
  /**
   * Given, the pieces are not hashed as they are written: once all are in the staged file, its path is handed
   * to this (while the file is synced), which reads the file back and returns its SHA-256, or rejects to
   * refuse the content. The bid ingest hashes and checks its uploads so in a worker thread, off the event
   * loop. Only a store that stages local files can honour it (FileBlobStore); another must refuse it.
   */
  hashStagedFile?: (path: string) => Promise<string>;
}

/**
 * Content written to staging piece by piece by a caller that reads its source itself (the bid ingest, which
 * checks each piece on the way): no stream layer of its own between the caller and the file.
 */
export interface StagingWriter {
  /**
   * Hashes the piece (unless hashStagedFile) and writes it; resolves once it is in the staged file, or gathered
   * (gatherBytes). The caller must not change the piece before then, and awaits each write before the next.
   * Rejects with BlobTooLargeError past maxBytes.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Writes what is gathered, makes the file durable (fsync), hashes it if hashStagedFile, and hands it over as staged. */
  finish(): Promise<StagedBlob>;
  /** Removes the staged file; a no-op after finish(). Call it whenever finish() was not reached. */
  abort(): Promise<void>;
}

export interface BlobStore {
  /** Streams the content to staging while hashing it; never holds the whole content in memory. */
  stage(content: Readable, opts: PutOptions): Promise<StagedBlob>;
  /** Staging written piece by piece (see StagingWriter); stage() is this, fed from a stream. */
  openStaging(opts: StagingOptions): Promise<StagingWriter>;
  /**
   * `commit()` of several blobs staged by this store, together: each directory is made durable once for
   * all of them rather than once per blob (the bids' group commit).
   */
  commitAll(staged: StagedBlob[]): Promise<void>;
  /** stage + commit, for callers with no transaction to wait for. */
  put(content: Readable, opts: PutOptions): Promise<BlobRef>;
  /**
   * The content; rejects with BlobNotFoundError before any byte is read if there is no such blob. readSize
   * sets the bytes read at a time (default 64 KiB); bulk readers (the opening) read MiBs at once.
   */
  open(sha256: string, opts?: { readSize?: number }): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** The size in bytes, or null if there is no such blob. */
  size(sha256: string): Promise<number | null>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export class BlobEmptyError extends Error {
  constructor() {
    super('The content is empty');
    this.name = 'BlobEmptyError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`No blob ${sha256}`);
    this.name = 'BlobNotFoundError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Names come from the database, but a store never turns an unchecked string into a path. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`Not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
}

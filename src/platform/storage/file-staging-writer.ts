import { createHash } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import {
  BlobEmptyError,
  BlobTooLargeError,
  type BlobRef,
  type StagedBlob,
  type StagingOptions,
  type StagingWriter,
} from './blob-store.js';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A staged file being written: hashed as it is written (or read back by hashStagedFile), fsynced at the end,
 * removed if abandoned.
 */
export class FileStagingWriter implements StagingWriter {
  private readonly hash = createHash('sha256');
  private size = 0;
  private gathered: Uint8Array[] = [];
  private gatheredBytes = 0;
  private closed = false;
  private state: 'open' | 'finished' | 'aborted' = 'open';

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    private readonly opts: StagingOptions,
    private readonly staged: (ref: BlobRef) => StagedBlob,
  ) {}

  static async open(path: string, opts: StagingOptions, staged: (ref: BlobRef) => StagedBlob) {
    return new FileStagingWriter(await open(path, 'wx', 0o640), path, opts, staged);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`The staged file was already ${this.state}`);
    this.size += bytes.length;
    if (this.size > this.opts.maxBytes) throw new BlobTooLargeError(this.opts.maxBytes);
    if (!this.opts.hashStagedFile) this.hash.update(bytes);
    const gather = this.opts.gatherBytes ?? 0;
    if (this.gatheredBytes === 0 && bytes.length >= gather) return writeAll(this.file, [bytes]);
    // Kept, not copied, until written: callers hand over pieces they never reuse (network reads).
    this.gathered.push(bytes);
    this.gatheredBytes += bytes.length;
    if (this.gatheredBytes >= gather) await this.flush();
  }

  async finish(): Promise<StagedBlob> {
    if (this.state !== 'open') throw new Error(`The staged file was already ${this.state}`);
    let sha256: string;
    try {
      await this.flush();
      sha256 = await this.syncAndHash();
    } finally {
      await this.close();
    }
    if (this.size === 0 && !this.opts.allowEmpty) throw new BlobEmptyError();
    this.state = 'finished';
    return this.staged({ sha256, size: this.size });
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    await this.close().catch(() => undefined); // the file goes anyway
    await unlink(this.path).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
  }

  /** The fsync, and the read-back hash alongside it: both settle before the file is closed. */
  private async syncAndHash(): Promise<string> {
    const hashStagedFile = this.opts.hashStagedFile;
    if (!hashStagedFile) {
      await this.file.sync();
      return this.hash.digest('hex');
    }
    const [synced, hashed] = await Promise.allSettled([this.file.sync(), hashStagedFile(this.path)]);
    if (synced.status === 'rejected') throw synced.reason;
    if (hashed.status === 'rejected') throw hashed.reason;
    return hashed.value;
  }

  private async flush(): Promise<void> {
    const pieces = this.gathered;
    this.gathered = [];
    this.gatheredBytes = 0;
    if (pieces.length > 0) await writeAll(this.file, pieces);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }
}

/** Writes every piece, in order, going on after a short write from where it stopped. */
async function writeAll(file: FileHandle, pieces: Uint8Array[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    const { bytesWritten } = rest.length === 1 ? await file.write(rest[0]!) : await file.writev(rest);
    rest = after(rest, bytesWritten);
  }
}

function after(pieces: Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      rest.push(skip > 0 ? piece.subarray(skip) : piece);
      skip = 0;
    }
  }
  return rest;
}

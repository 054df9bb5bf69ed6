import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertSha256,
  BlobNotFoundError,
  type BlobRef,
  type BlobStore,
  type PutOptions,
  type StagedBlob,
  type StagingOptions,
  type StagingWriter,
} from './blob-store.js';
import { FileStagingWriter } from './file-staging-writer.js';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs on the local file system: `<root>/<sha256[0..2]>/<sha256>`, staged in `<root>/tmp` (the same file
 * system, so publishing is an atomic rename). A blob file is never changed once renamed into place.
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  /** Where content is written while it arrives; visible for tests and for sweeping after a crash. */
  readonly stagingDir: string;
  /** How each blob staged here is moved into place; only this store can commit what it staged. */
  private readonly moves = new WeakMap<StagedBlob, () => Promise<string[]>>();

  constructor(dir: string) {
    this.root = resolve(dir);
    this.stagingDir = join(this.root, 'tmp');
    mkdirSync(this.stagingDir, { recursive: true });
  }

  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async stage(content: Readable, opts: PutOptions): Promise<StagedBlob> {
    const writer = await this.openStaging(opts);
    try {
      for await (const chunk of content) {
        await writer.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
      }
      return await writer.finish();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  }

  openStaging(opts: StagingOptions): Promise<StagingWriter> {
    const tempPath = join(this.stagingDir, `${randomBytes(12).toString('hex')}.part`);
    return FileStagingWriter.open(tempPath, opts, (ref) => this.staged(tempPath, ref));
  }

  /** A staged file, written and durable, as the StagedBlob that commits or discards it. */
  private staged(tempPath: string, ref: BlobRef): StagedBlob {
    let state: 'staged' | 'committed' | 'discarded' = 'staged';
    const staged: StagedBlob = {
      ...ref,
      commit: () => this.commitAll([staged]),
      discard: async () => {
        if (state !== 'staged') return;
        state = 'discarded';
        await removeQuietly(tempPath);
      },
    };
    this.moves.set(staged, async () => {
      if (state !== 'staged') throw new Error(`The blob was already ${state}`);
      const dirs = await this.moveIntoPlace(tempPath, ref.sha256);
      state = 'committed';
      return dirs;
    });
    return staged;
  }

  async commitAll(staged: StagedBlob[]): Promise<void> {
    const moved = await Promise.all(
      staged.map((s) => {
        const move = this.moves.get(s);
        if (!move) throw new Error('The blob was not staged by this store');
        return move();
      }),
    );
    // A rename is only durable once its directory is: a crash must not lose a blob a row names. Blobs
    // committed together share each directory's fsync.
    await Promise.all([...new Set(moved.flat())].map(syncDirectory));
  }

  async put(content: Readable, opts: PutOptions): Promise<BlobRef> {
    const staged = await this.stage(content, opts);
    try {
      await staged.commit();
    } finally {
      await staged.discard();
    }
    return { sha256: staged.sha256, size: staged.size };
  }

  async open(sha256: string, opts: { readSize?: number } = {}): Promise<Readable> {
    const stream = createReadStream(this.pathOf(sha256), { highWaterMark: opts.readSize });
    try {
      // Waiting for the file to open turns a missing blob into an error the caller sees before answering.
      await once(stream, 'open');
    } catch (err) {
      stream.destroy();
      throw isMissing(err) ? new BlobNotFoundError(sha256) : err;
    }
    return stream;
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /**
   * Moves staged content under its name (the same name means the same content, so a second copy is
   * dropped) and says which directories must be synced for that to last.
   */
  private async moveIntoPlace(tempPath: string, sha256: string): Promise<string[]> {
    const target = this.pathOf(sha256);
    const shard = dirname(target);
    if (await this.exists(sha256)) {
      await unlink(tempPath);
      return [shard]; // another commit may have renamed it there just now, not yet synced
    }
    const created = await mkdir(shard, { recursive: true });
    await rename(tempPath, target);
    return created ? [shard, this.root] : [shard];
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((err: unknown) => {
    if (!isMissing(err)) throw err;
  });
}

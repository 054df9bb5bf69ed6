import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobEmptyError, BlobNotFoundError, BlobTooLargeError } from '../src/platform/storage/blob-store.js';
import { FileBlobStore } from '../src/platform/storage/file-blob-store.js';
import { eventually } from './helpers/eventually.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const MiB = 2 ** 20;

/** A deterministic stream of `chunks` chunks of `chunkSize` bytes, hashed as it goes; `beforeLast` may pause it. */
function generated(chunks: number, chunkSize: number, beforeLast?: () => Promise<void>) {
  const hash = createHash('sha256');
  async function* produce() {
    for (let i = 0; i < chunks; i++) {
      if (i === chunks - 1 && beforeLast) await beforeLast();
      const chunk = Buffer.alloc(chunkSize, i % 251);
      chunk.writeUInt32BE(i, 0);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(produce()), digest: () => hash.digest('hex') };
}

/** Every file under the store's root, relative to it, so a test can say nothing else was left. */
function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe('content-addressed blob store on the file system', () => {
  let dir: string;
  let store: FileBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-blobs-'));
    store = new FileBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores content under <sha256[0..2]>/<sha256> and reads it back', async () => {
    const ref = await store.put(Readable.from(['招标文件', ' v1']), { maxBytes: 1024 });
    assert.equal(ref.sha256, sha256('招标文件 v1'));
    assert.equal(ref.size, Buffer.byteLength('招标文件 v1'));
    assert.deepEqual(files(dir), [join(ref.sha256.slice(0, 2), ref.sha256)]);
    assert.equal(await text(await store.open(ref.sha256)), '招标文件 v1');
    assert.equal(await store.exists(ref.sha256), true);
    assert.equal(await store.size(ref.sha256), ref.size);
  });

  it('is idempotent: the same content again is the same blob, and the second copy is dropped', async () => {
    const first = await store.put(Readable.from(['same']), { maxBytes: 10 });
    const second = await store.put(Readable.from(['sa', 'me']), { maxBytes: 10 });
    assert.deepEqual(second, first);
    assert.deepEqual(files(dir), [join(first.sha256.slice(0, 2), first.sha256)]);
  });

  it('refuses content over maxBytes with a typed error and removes what it had written', async () => {
    const { stream } = generated(8, 1024);
    await assert.rejects(store.put(stream, { maxBytes: 4096 }), (err) => {
      assert.ok(err instanceof BlobTooLargeError);
      assert.equal(err.maxBytes, 4096);
      return true;
    });
    assert.deepEqual(files(dir), []);
  });

  it('accepts content of exactly maxBytes', async () => {
    const { stream, digest } = generated(4, 1024);
    const ref = await store.put(stream, { maxBytes: 4096 });
    assert.equal(ref.size, 4096);
    assert.equal(ref.sha256, digest());
  });

  it('refuses empty content unless allowed', async () => {
    await assert.rejects(store.put(Readable.from([]), { maxBytes: 10 }), BlobEmptyError);
    assert.deepEqual(files(dir), []);
    const empty = await store.put(Readable.from([]), { maxBytes: 10, allowEmpty: true });
    assert.equal(empty.sha256, sha256(''));
  });

  it('removes the staged file when the source fails mid-way', async () => {
    async function* failing() {
      yield Buffer.from('part of a file');
      throw new Error('connection lost');
    }
    await assert.rejects(store.put(Readable.from(failing()), { maxBytes: 1024 }), /connection lost/);
    assert.deepEqual(files(dir), []);
  });

  it('stages without publishing: discard leaves nothing, commit publishes, discard after commit is a no-op', async () => {
    const dropped = await store.stage(Readable.from(['draft']), { maxBytes: 100 });
    assert.equal(await store.exists(dropped.sha256), false, 'not visible before commit');
    assert.equal(readdirSync(store.stagingDir).length, 1);
    await dropped.discard();
    assert.deepEqual(files(dir), []);

    const kept = await store.stage(Readable.from(['final']), { maxBytes: 100 });
    await kept.commit();
    await kept.discard();
    assert.equal(await text(await store.open(kept.sha256)), 'final');
    assert.deepEqual(readdirSync(store.stagingDir), []);
    await assert.rejects(kept.commit(), /already committed/);
  });

  it('leaves the hashing to hashStagedFile when given: it reads the whole staged file, and its answer names the blob', async () => {
    const seen: string[] = [];
    const hashStagedFile = async (path: string) => {
      seen.push(readFileSync(path, 'utf8'));
      return sha256(readFileSync(path));
    };
    const writer = await store.openStaging({ maxBytes: 100, gatherBytes: 4, hashStagedFile });
    for (const piece of ['评标', '-', 'report']) await writer.write(Buffer.from(piece));
    const staged = await writer.finish();
    assert.deepEqual(seen, ['评标-report'], 'called once, after the last piece was written');
    assert.equal(staged.sha256, sha256('评标-report'));
    await staged.commit();
    assert.equal(await text(await store.open(staged.sha256)), '评标-report');
  });

  it('refuses the content when hashStagedFile rejects, and leaves no staged file', async () => {
    const hashStagedFile = async () => {
      throw new Error('the digest the bidder signed does not match');
    };
    const writer = await store.openStaging({ maxBytes: 100, hashStagedFile });
    await writer.write(Buffer.from('a bid'));
    await assert.rejects(writer.finish(), /does not match/);
    await writer.abort();
    assert.deepEqual(files(dir), []);
  });

  it('answers a missing blob with BlobNotFoundError, and never turns a bad name into a path', async () => {
    const missing = sha256('nothing here');
    await assert.rejects(store.open(missing), BlobNotFoundError);
    assert.equal(await store.exists(missing), false);
    assert.equal(await store.size(missing), null);
    await assert.rejects(store.open('../../etc/passwd'), /Not a SHA-256/);
    await assert.rejects(store.size('AB'.repeat(32)), /Not a SHA-256/);
  });

  it('streams 20 MiB to disk as it arrives (never the whole file in memory) and hashes it right', async function () {
    this.timeout(30_000);
    const chunks = 320;
    const chunkSize = 64 * 1024;
    let onDiskBeforeLast = 0;
    const staged = () => {
      const [file] = readdirSync(store.stagingDir);
      return file ? statSync(join(store.stagingDir, file)).size : 0;
    };
    const { stream, digest } = generated(chunks, chunkSize, async () => {
      // Before the source hands over its last chunk, everything before it must already be in the staged file;
      // a store that buffered the content would have written nothing yet.
      await eventually(
        'the staged file holding every chunk but the last',
        () => staged() >= (chunks - 1) * chunkSize,
        {
          intervalMs: 10,
        },
      );
      onDiskBeforeLast = staged();
    });
    const ref = await store.put(stream, { maxBytes: 50 * MiB });
    assert.equal(ref.size, 20 * MiB);
    assert.equal(ref.sha256, digest());
    assert.equal(
      onDiskBeforeLast,
      (chunks - 1) * chunkSize,
      `only ${onDiskBeforeLast} bytes were on disk before the end`,
    );
    assert.deepEqual(readdirSync(store.stagingDir), [], 'the staged file is gone');
    const file = join(dir, ref.sha256.slice(0, 2), ref.sha256);
    assert.equal(sha256(readFileSync(file)), ref.sha256);
    assert.ok(existsSync(file));
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { bearer, type TestUser } from './helpers/api.js';
import { download, draftTender, listen, snapshot, upload } from './helpers/documents.js';
import { eventually } from './helpers/eventually.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, type TenderWorld } from './helpers/tenders.js';

const MiB = 2 ** 20;
const CHUNK = 64 * 1024;

/** `count` chunks of 64 KiB as a request body, hashed as they go; `beforeLast` may hold the last one back. */
function generatedBody(count: number, beforeLast?: () => Promise<unknown>) {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let i = 0; i < count; i++) {
      if (i === count - 1 && beforeLast) await beforeLast();
      const chunk = Buffer.alloc(CHUNK, i % 253);
      chunk.writeUInt32BE(i, 0);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { body: chunks(), digest: () => hash.digest('hex') };
}

/** A streamed upload (chunked: no Content-Length) through a real socket. */
function streamUpload(baseUrl: string, user: TestUser, tenderId: string, body: AsyncIterable<Buffer>) {
  return fetch(`${baseUrl}/api/v1/tenders/${tenderId}/documents?name=${encodeURIComponent('图纸.zip')}`, {
    method: 'POST',
    headers: { ...bearer(user.token), 'Content-Type': 'application/zip' },
    body: body as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
}

/** Bytes in the blob store's staging area: what the server has written of uploads still arriving. */
function stagedBytes(t: TestPlatform): number {
  const dir = join(t.dir, 'blobs', 'tmp');
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}
const stagedFiles = (t: TestPlatform) => readdirSync(join(t.dir, 'blobs', 'tmp'));

describe('tender documents: large files stream through, limits hold', () => {
  describe('a 20 MiB document', () => {
    let t: TestPlatform;
    let world: TenderWorld;
    let server: Awaited<ReturnType<typeof listen>>;
    let tenderId: string;
    before(async () => {
      t = await createTestPlatform();
      world = await tenderWorld(t);
      server = await listen(t);
      tenderId = await draftTender(t, world);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    it('is written to disk as it arrives, never held whole in memory, and read back with the same SHA-256', async function () {
      this.timeout(60_000);
      const chunks = 320; // 20 MiB
      const { body, digest } = generatedBody(chunks, () =>
        // A server that buffered the body would write nothing before the request ended.
        eventually(
          'the server has written everything sent so far',
          () => stagedBytes(t) >= (chunks - 1) * CHUNK,
        ),
      );
      const res = await streamUpload(server.baseUrl, world.tenderee, tenderId, body);
      const version = (await res.json()) as { size: number; sha256: string; contentUrl: string };
      assert.equal(res.status, 201, JSON.stringify(version));
      assert.equal(version.size, 20 * MiB);
      assert.equal(version.sha256, digest());
      assert.deepEqual(stagedFiles(t), [], 'the staged file was renamed into place');

      const got = await fetch(`${server.baseUrl}${version.contentUrl}`, {
        headers: bearer(world.tenderee.token),
      });
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-length'), String(20 * MiB));
      assert.equal(got.headers.get('etag'), `"${version.sha256}"`);
      const hash = createHash('sha256');
      for await (const chunk of got.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
      assert.equal(hash.digest('hex'), version.sha256);
    });

    it('leaves nothing behind when the client goes away mid-upload', async () => {
      const before = await snapshot(t);
      const req = httpRequest(`${server.baseUrl}/api/v1/tenders/${tenderId}/documents?name=cut.zip`, {
        method: 'POST',
        headers: { ...bearer(world.tenderee.token), 'Content-Type': 'application/zip' },
      });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(MiB, 7));
      await eventually('the server is writing the upload', () => stagedBytes(t) > 0);
      req.destroy();
      await eventually('the staged file is removed', () => stagedFiles(t).length === 0);
      assert.deepEqual(await snapshot(t), before);
    });
  });

  describe('with DOCUMENT_MAX_MB=1 and DOWNLOADS_PER_MINUTE=3', () => {
    let t: TestPlatform;
    let world: TenderWorld;
    let server: Awaited<ReturnType<typeof listen>>;
    let tenderId: string;
    let documentId: string;
    before(async () => {
      t = await createTestPlatform({ DOCUMENT_MAX_MB: '1', DOWNLOADS_PER_MINUTE: '3' });
      world = await tenderWorld(t);
      server = await listen(t);
      tenderId = await draftTender(t, world);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    it('accepts a document of exactly the limit', async () => {
      const res = await upload(t, world.tenderee, tenderId, { name: 'max.bin' }, Buffer.alloc(MiB, 1));
      assert.equal(res.status, 201);
      assert.equal(res.body.size, MiB);
      documentId = res.body.id;
    });

    it('refuses one byte more with 413 DOCUMENT_TOO_LARGE, from the Content-Length, changing nothing', async () => {
      const before = await snapshot(t);
      const res = await upload(t, world.tenderee, tenderId, { name: 'big.bin' }, Buffer.alloc(MiB + 1, 1));
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'DOCUMENT_TOO_LARGE');
      assert.deepEqual(res.body.error.details, { maxBytes: MiB });
      assert.deepEqual(await snapshot(t), before);
    });

    it('stops a streamed upload without a length once it passes the limit, answers 413, and keeps nothing', async () => {
      const before = await snapshot(t);
      const res = await streamUpload(server.baseUrl, world.tenderee, tenderId, generatedBody(48).body); // 3 MiB
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'DOCUMENT_TOO_LARGE');
      assert.deepEqual(await snapshot(t), before);
    });

    it('limits downloads per address with 429 RATE_LIMITED', async () => {
      for (let i = 0; i < 3; i++) await download(t, world.tenderee, documentId).expect(200);
      const res = await download(t, null, documentId).expect(429);
      assert.equal(JSON.parse((res.body as Buffer).toString()).error.code, 'RATE_LIMITED');
    });
  });
});

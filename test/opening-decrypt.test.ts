import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { canonicalJson } from '../crypto/canonical-json.js';
import { nodeEngine } from '../crypto/node/engine.js';
import { sealedBid } from '../crypto/index.js';
import { bidDecrypter, type BidDecrypter } from '../src/modules/opening/decrypt-pool.js';
import { decryptBid, decryptStoredFile, type SealedFile } from '../src/modules/opening/decrypt.js';
import type { BidFormField } from '../src/modules/tenders/models.js';
import { FileBlobStore } from '../src/platform/storage/file-blob-store.js';

const FIELDS: BidFormField[] = [
  { key: 'price', label: '投标报价', type: 'money', required: true, readOut: true },
];
const CERT = Buffer.alloc(256, 7).toString('base64');

async function* bytesOf(total: number) {
  const block = new Uint8Array(Math.min(total, 1 << 16)).map((_, i) => (i * 31 + 7) & 0xff);
  for (let left = total; left > 0; left -= block.length)
    yield block.subarray(0, Math.min(left, block.length));
}

/**
 * A sealed bid as the bidder's client writes it (the key material inside is stand-in: nothing unwraps it).
 * A bidder's faults on request: `streamed` attachment bytes where the manifest says `attachment`, and chunk
 * `damagedChunk` altered after encryption (and signed so: the upload takes it, only the key can tell).
 */
async function seal(opts: {
  attachment: number;
  chunkSize: number;
  price?: number;
  streamed?: number;
  damagedChunk?: number;
}) {
  const manifest = {
    form: (opts.price === undefined ? {} : { price: opts.price }) as Record<string, number>,
    attachments: [{ name: '投标文件.pdf', size: opts.attachment, mediaType: 'application/pdf' }],
  };
  const key = sealedBid.randomContentKey();
  const share = { certificateSerial: 'ab', wrappedShare: CERT, shareCheck: 'a'.repeat(64) };
  const header: sealedBid.SealedBidHeader = {
    format: sealedBid.FORMAT_NAME,
    version: sealedBid.FORMAT_VERSION,
    tender: { id: 't1', code: 'T-1' },
    section: { id: 's1', code: 'S-1' },
    bidder: { partyId: 'p1', certificateSerial: 'ab' },
    sealedAt: '2026-01-05T02:00:00.000Z',
    algorithms: sealedBid.ALGORITHMS,
    chunkSize: opts.chunkSize,
    plaintextSize: sealedBid.bidPackageSize(manifest) + (opts.streamed ?? opts.attachment) - opts.attachment,
    noncePrefix: randomBytes(8).toString('hex'),
    keyCheck: await sealedBid.keyCheck(key),
    custodians: { threshold: 2, shares: [1, 2, 3].map((position) => ({ position, ...share })) },
    bidderWrap: { certificateSerial: 'ab', wrappedKey: CERT },
  };
  const headerJson = canonicalJson(header);
  const headerSha256 = createHash('sha256').update(headerJson).digest();
  const pieces = [Buffer.from(sealedBid.preamble(Buffer.from(headerJson)))];
  const digest = createHash('sha256');
  const body = sealedBid.bidPackage(manifest, [bytesOf(opts.streamed ?? opts.attachment)]);
  const params = {
    engine: nodeEngine,
    key,
    noncePrefix: Buffer.from(header.noncePrefix, 'hex'),
    headerSha256,
    header,
  };
  let index = 0;
  for await (const sealedChunk of sealedBid.encryptBody(params, body)) {
    const chunk = Buffer.from(sealedChunk);
    if (index++ === opts.damagedChunk) chunk[chunk.length >> 1]! ^= 0x01;
    pieces.push(chunk);
    digest.update(createHash('sha256').update(chunk).digest());
  }
  const trailer = canonicalJson({ bodyDigest: digest.digest('hex'), signature: CERT });
  pieces.push(Buffer.from(sealedBid.trailerBytes(Buffer.from(trailer))));
  return { file: Buffer.concat(pieces), key, headerJson, manifest };
}

describe('opening decryption: aligned file reads and the decrypt worker threads', function () {
  this.timeout(60_000);
  let dir: string;
  let blobs: FileBlobStore;
  let pool: BidDecrypter;
  const store = async (file: Buffer, headerJson: string): Promise<SealedFile> => {
    const ref = await blobs.put(Readable.from([file]), { maxBytes: 1 << 30 });
    return { ciphertextSha256: ref.sha256, headerJson, size: ref.size };
  };
  const noBids = { openSealed: (sha: string) => blobs.open(sha) } as never;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-decrypt-'));
    blobs = new FileBlobStore(dir);
    pool = bidDecrypter({ blobs, bids: noBids, workers: 2 });
  });
  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reading exactly what the reader wants, into one reused buffer, needs no copy and loses nothing', async () => {
    const { file, key } = await seal({ attachment: 10_000, chunkSize: 1024, price: 5 });
    for (const engine of [nodeEngine, sealedBid.webCryptoEngine]) {
      const plain: Buffer[] = [];
      const reader = new sealedBid.SealedBidReader({
        engine,
        decrypt: { key, onPlaintext: (b) => void plain.push(Buffer.from(b)) },
      });
      const buffer = Buffer.alloc(file.length);
      let at = 0;
      for (let want = reader.wanted; want > 0; want = reader.wanted) {
        file.copy(buffer, 0, at, at + want);
        await reader.push(buffer.subarray(0, want));
        buffer.fill(0xee); // whatever the reader kept of it would now be garbage
        at += want;
      }
      const summary = await reader.end();
      assert.equal(at, file.length);
      assert.equal(summary.size, file.length);
      assert.equal(Buffer.concat(plain).length, summary.header.plaintextSize);
    }
  });

  it('reads a stored file in the reader’s pieces with the same result as the stream, here and in workers', async () => {
    for (const chunkSize of [1 << 20, 4096, 100]) {
      const { file, key, headerJson, manifest } = await seal({ attachment: 3 << 20, chunkSize, price: 42 });
      const bid = await store(file, headerJson);
      const streamed = await decryptBid((sha) => blobs.open(sha), bid, Uint8Array.from(key), FIELDS);
      const direct = await decryptStoredFile(
        blobs.pathOf(bid.ciphertextSha256),
        bid,
        Uint8Array.from(key),
        FIELDS,
      );
      const pooled = await pool.decrypt(bid, Uint8Array.from(key), FIELDS);
      assert.deepEqual(streamed, { ok: true, manifest });
      assert.deepEqual(direct, streamed);
      assert.deepEqual(pooled, streamed);
    }
  });

  it('keeps the causes apart in workers: bidder (revoked) against stored file (withdrawn)', async () => {
    const sealed = await seal({ attachment: 50_000, chunkSize: 4096, price: 9 });
    const good = await store(sealed.file, sealed.headerJson);
    const wrongKey = await pool.decrypt(good, sealedBid.randomContentKey(), FIELDS);
    assert.equal(wrongKey.ok || [wrongKey.outcome, wrongKey.reason].join(), 'revoked,DECRYPT_FAILED');

    const noPrice = await seal({ attachment: 100, chunkSize: 4096 });
    const formless = await pool.decrypt(await store(noPrice.file, noPrice.headerJson), noPrice.key, FIELDS);
    assert.equal(formless.ok || [formless.outcome, formless.reason].join(), 'revoked,FORM_INVALID');

    const rotten = async (damage: (path: string) => void) => {
      const { file, key, headerJson } = await seal({ attachment: 50_000, chunkSize: 4096, price: 9 });
      const bid = await store(file, headerJson);
      damage(blobs.pathOf(bid.ciphertextSha256));
      const out = await pool.decrypt(bid, key, FIELDS);
      return out.ok || [out.outcome, out.reason].join();
    };
    assert.equal(await rotten((p) => truncateSync(p, 30_000)), 'withdrawn,BLOB_DAMAGED', 'cut mid-chunk');
    assert.equal(await rotten((p) => appendFileSync(p, 'x')), 'withdrawn,BLOB_DAMAGED', 'after the trailer');
    assert.equal(await rotten((p) => rmSync(p)), 'withdrawn,BLOB_MISSING');
    const swapped = await pool.decrypt({ ...good, headerJson: noPrice.headerJson }, sealed.key, FIELDS);
    assert.equal(swapped.ok || [swapped.outcome, swapped.reason].join(), 'withdrawn,BLOB_DAMAGED');
  });

  it('finds a bidder’s bad chunk or package past the manifest (those chunks are authenticated, not decrypted)', async () => {
    const chunkSize = 4096;
    const attachment = 50_000; // 13 chunks; the manifest is in chunk 0
    const outcomes = async (fault: { streamed?: number; damagedChunk?: number }) => {
      const { file, key, headerJson } = await seal({ attachment, chunkSize, price: 9, ...fault });
      const bid = await store(file, headerJson);
      const results = [
        await pool.decrypt(bid, Uint8Array.from(key), FIELDS),
        await decryptBid((sha) => blobs.open(sha), bid, Uint8Array.from(key), FIELDS),
      ];
      return results.map((r) => (r.ok ? 'opened' : `${r.outcome},${r.reason}`));
    };
    const bidders = (reason: string) => [`revoked,${reason}`, `revoked,${reason}`];
    assert.deepEqual(await outcomes({}), ['opened', 'opened']);
    assert.deepEqual(await outcomes({ damagedChunk: 0 }), bidders('DECRYPT_FAILED'), 'the manifest’s chunk');
    assert.deepEqual(await outcomes({ damagedChunk: 6 }), bidders('DECRYPT_FAILED'), 'an attachment’s chunk');
    assert.deepEqual(await outcomes({ damagedChunk: 12 }), bidders('DECRYPT_FAILED'), 'the last chunk');
    assert.deepEqual(await outcomes({ streamed: attachment + 1 }), bidders('PACKAGE_INVALID'), 'a byte more');
    assert.deepEqual(await outcomes({ streamed: attachment - 1 }), bidders('PACKAGE_INVALID'), 'a byte less');
  });

  it('decrypts many bids at once across its workers, and refuses work once closed', async () => {
    const bids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (price) => {
        const s = await seal({ attachment: 200_000, chunkSize: 65_536, price });
        return { bid: await store(s.file, s.headerJson), key: s.key };
      }),
    );
    const out = await Promise.all(bids.map((b) => pool.decrypt(b.bid, b.key, FIELDS)));
    assert.deepEqual(
      out.map((d) => d.ok && d.manifest.form.price),
      [1, 2, 3, 4, 5, 6],
    );
    const closing = bidDecrypter({ blobs, bids: noBids, workers: 1 });
    assert.ok((await closing.decrypt(bids[0]!.bid, bids[0]!.key, FIELDS)).ok);
    await closing.close();
    await assert.rejects(closing.decrypt(bids[0]!.bid, bids[0]!.key, FIELDS), /closed/);
  });

  it('decrypts on the calling thread when asked for no workers', async () => {
    const s = await seal({ attachment: 5000, chunkSize: 1024, price: 7 });
    const bid = await store(s.file, s.headerJson);
    const here = bidDecrypter({ blobs, bids: noBids, workers: 0 });
    assert.deepEqual(await here.decrypt(bid, s.key, FIELDS), { ok: true, manifest: s.manifest });
    assert.ok(readFileSync(blobs.pathOf(bid.ciphertextSha256)).equals(s.file));
  });
});

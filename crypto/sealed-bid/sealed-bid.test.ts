import assert from 'node:assert/strict';
import { fromHex, toHex, utf8 } from '../encoding.js';
import { signPss } from '../signatures.js';
import { nodeEngine } from '../node/engine.js';
import {
  BidPackageReader,
  SealedBidReader,
  bidPackageHead,
  encryptBody,
  isContentKey,
  recoverContentKey,
  sealBid,
  unwrapBidderKey,
  unwrapShare,
  verifySealedBidSignature,
  webCryptoEngine,
  PREAMBLE_BYTES,
  TAG_BYTES,
  type SealedBidSummary,
  type SealedBidHeaderV1,
  type CryptoEngine,
} from './index.js';
import { loadSealedBidVector } from './test-vectors/vectors.js';

const vector = loadSealedBidVector();
const engines: [string, CryptoEngine][] = [
  ['WebCrypto', webCryptoEngine],
  ['node:crypto', nodeEngine],
];

async function read(
  file: Uint8Array,
  opts: { key?: Uint8Array; engine?: CryptoEngine; pieces?: number } = {},
) {
  const plaintext: Uint8Array[] = [];
  const reader = new SealedBidReader({
    engine: opts.engine,
    decrypt: opts.key && { key: opts.key, onPlaintext: (bytes) => void plaintext.push(bytes) },
  });
  const step = Math.max(1, Math.ceil(file.length / (opts.pieces ?? 1)));
  for (let at = 0; at < file.length; at += step) await reader.push(file.subarray(at, at + step));
  const summary = await reader.end();
  return { summary, plaintext: Buffer.concat(plaintext) };
}

async function rejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (e: { code?: string }) => e.code === code);
}

/** Byte offsets of the vector's parts: header end, then 256-byte chunks plus tags. */
function layout(file: Uint8Array) {
  const headerLength = new DataView(file.buffer, file.byteOffset).getUint32(5);
  const bodyStart = PREAMBLE_BYTES + headerLength;
  const sealedChunk = 256 + TAG_BYTES;
  return { bodyStart, sealedChunk, chunk: (i: number) => bodyStart + i * sealedChunk };
}

describe('sealed-bid format v1: the checked-in test vector', () => {
  for (const [name, engine] of engines) {
    it(`opens with ${name}: signature, custodian shares, the content key, the package`, async () => {
      const { summary } = await read(vector.file, { engine });
      assert.equal(await verifySealedBidSignature(summary, vector.bidder.certPem), true);
      const released = await Promise.all(
        [vector.custodians[0]!, vector.custodians[2]!].map(async (c) => ({
          position: c.position,
          share: await unwrapShare(summary.header, c.position, c.keyPem),
        })),
      );
      const recovered = await recoverContentKey(summary.header, released);
      assert.ok(recovered.ok);
      assert.equal(toHex(recovered.key), vector.contentKey);

      const { plaintext } = await read(vector.file, { engine, key: recovered.key });
      const attachment: Uint8Array[] = [];
      const pkg = new BidPackageReader((_i, bytes) => void attachment.push(bytes));
      await pkg.push(plaintext);
      assert.deepEqual(pkg.end(), vector.manifest);
      assert.equal(Buffer.concat(attachment).toString('utf8'), vector.attachmentText);
    });

    it(`re-encrypts the body byte for byte with ${name}`, async () => {
      const { summary, plaintext } = await read(vector.file, { key: fromHex(vector.contentKey) });
      const { bodyStart } = layout(vector.file);
      const headerSha256 = fromHex(summary.headerSha256);
      const body: Uint8Array[] = [];
      const params = {
        engine,
        key: fromHex(vector.contentKey),
        noncePrefix: fromHex(summary.header.noncePrefix),
        headerSha256,
        header: summary.header,
      };
      for await (const sealed of encryptBody(params, [plaintext])) body.push(sealed);
      const expected = vector.file.subarray(bodyStart, bodyStart + Buffer.concat(body).length);
      assert.deepEqual(Buffer.concat(body), Buffer.from(expected));
    });
  }

  it('gives the same summary however the bytes are split in transit', async () => {
    const whole = await read(vector.file);
    for (const pieces of [vector.file.length, 7, 3]) {
      assert.deepEqual((await read(vector.file, { pieces })).summary, whole.summary);
    }
  });

  it('opens through the bidder wrap with the bidder key alone', async () => {
    const { summary } = await read(vector.file);
    const key = await unwrapBidderKey(summary.header, vector.bidder.keyPem);
    assert.equal(await isContentKey(summary.header, key), true);
    assert.equal(toHex(key), vector.contentKey);
    await assert.rejects(unwrapBidderKey(summary.header, vector.custodians[0]!.keyPem));
  });
});

describe('sealed-bid format v1: key recovery', () => {
  let summary: SealedBidSummary;
  const share = async (position: number) => ({
    position,
    share: await unwrapShare(summary.header, position, vector.custodians[position - 1]!.keyPem),
  });
  before(async () => {
    summary = (await read(vector.file)).summary;
  });

  it('k − 1 shares open nothing', async () => {
    const result = await recoverContentKey(summary.header, [await share(2)]);
    assert.deepEqual(result, { ok: false, reason: 'NOT_ENOUGH_SHARES', valid: [2], wrongShares: [] });
  });

  it('names the custodian whose released share is wrong, and still opens with k good ones', async () => {
    const bad = { position: 2, share: crypto.getRandomValues(new Uint8Array(33)) };
    assert.deepEqual(await recoverContentKey(summary.header, [await share(1), bad]), {
      ok: false,
      reason: 'NOT_ENOUGH_SHARES',
      valid: [1],
      wrongShares: [2],
    });
    const result = await recoverContentKey(summary.header, [await share(1), bad, await share(3)]);
    assert.ok(result.ok);
    assert.deepEqual(result.wrongShares, [2]);
    assert.equal(toHex(result.key), vector.contentKey);
  });

  it('blames the split, not the custodians, when good shares rebuild another key', async () => {
    const { splitKey, shareCheck } = await import('./key-material.js');
    const other = await splitKey(crypto.getRandomValues(new Uint8Array(32)), 3, 2);
    const shares = await Promise.all(
      summary.header.custodians.shares.map(async (s, i) => ({
        ...s,
        shareCheck: await shareCheck(s.position, other[i]!),
      })),
    );
    const header = {
      ...summary.header,
      custodians: { ...summary.header.custodians, shares },
    } as SealedBidHeaderV1;
    const result = await recoverContentKey(header, [
      { position: 1, share: other[0]! },
      { position: 2, share: other[1]! },
    ]);
    assert.deepEqual(result, { ok: false, reason: 'INCONSISTENT_SPLIT', valid: [1, 2], wrongShares: [] });
  });
});

describe('sealed-bid format v1: damaged and forged files', () => {
  const key = fromHex(vector.contentKey);
  const { chunk } = layout(vector.file);
  const copy = () => Uint8Array.from(vector.file);

  it('a flipped ciphertext byte breaks the signed digest and the chunk tag', async () => {
    const file = copy();
    file[chunk(1) + 10]! ^= 0x01;
    await rejects(read(file), 'BODY_DIGEST_MISMATCH');
    await rejects(read(file, { key }), 'CHUNK_AUTH_FAILED');
  });

  it('a reader keeping only the manifest authenticates every chunk and decrypts only the manifest', async () => {
    const calls = { decrypt: 0, authenticate: 0, plaintextRange: 0, rangeBytes: 0 };
    const counted = (engine: CryptoEngine): CryptoEngine => ({
      sha256: () => engine.sha256(),
      async cipher(k) {
        const inner = await engine.cipher(k);
        const partial = inner.partial;
        return {
          encrypt: (...args) => inner.encrypt(...args),
          decrypt: (...args) => (calls.decrypt++, inner.decrypt(...args)),
          ...(partial && {
            partial: {
              authenticate: (...args) => (calls.authenticate++, partial.authenticate(...args)),
              plaintextRange: (nonce, sealed, offset, length) => {
                calls.plaintextRange++;
                calls.rangeBytes += length;
                return partial.plaintextRange(nonce, sealed, offset, length);
              },
            },
          }),
        };
      },
    });
    const manifestOnly = (file: Uint8Array, engine: CryptoEngine) => {
      const pkg = new BidPackageReader();
      const reader = new SealedBidReader({
        engine: counted(engine),
        verifyBodyDigest: false, // only the tags can tell
        decrypt: {
          key,
          onPlaintext: (bytes) => pkg.push(bytes),
          partial: { plaintextWanted: () => pkg.manifestBytesWanted, onSkipped: (n) => pkg.skip(n) },
        },
      });
      return (async () => {
        await reader.push(file);
        const summary = await reader.end();
        return { manifest: pkg.end(), chunks: Math.ceil(summary.header.plaintextSize / 256) };
      })();
    };
    const { manifest, chunks } = await manifestOnly(vector.file, nodeEngine);
    assert.deepEqual(manifest, vector.manifest);
    const head = bidPackageHead(vector.manifest).length;
    assert.ok(chunks > Math.ceil(head / 256), 'the vector has chunks past its manifest');
    // The preamble, then the manifest, in pieces where it crosses chunks: its bytes and no more.
    assert.deepEqual(
      { ...calls, plaintextRange: calls.plaintextRange >= 2 },
      { decrypt: 0, authenticate: chunks, plaintextRange: true, rangeBytes: head },
    );

    // WebCrypto cannot check a tag alone: it decrypts every chunk, to the same result.
    Object.assign(calls, { decrypt: 0, authenticate: 0, plaintextRange: 0, rangeBytes: 0 });
    assert.deepEqual((await manifestOnly(vector.file, webCryptoEngine)).manifest, vector.manifest);
    assert.deepEqual(calls, { decrypt: chunks, authenticate: 0, plaintextRange: 0, rangeBytes: 0 });

    for (const engine of [nodeEngine, webCryptoEngine]) {
      for (const at of [chunk(0) + 3, chunk(chunks - 1) + 3]) {
        const file = copy();
        file[at]! ^= 0x01;
        await rejects(manifestOnly(file, engine), 'CHUNK_AUTH_FAILED');
      }
    }
  });

  it('swapped chunks fail', async () => {
    const file = copy();
    file.set(vector.file.subarray(chunk(1), chunk(2)), chunk(0));
    file.set(vector.file.subarray(chunk(0), chunk(1)), chunk(1));
    await rejects(read(file), 'BODY_DIGEST_MISMATCH');
    await rejects(read(file, { key }), 'CHUNK_AUTH_FAILED');
  });

  it('a file truncated anywhere fails, at a chunk boundary too', async () => {
    for (const end of [chunk(1), chunk(1) + 5, vector.file.length - 1, 3]) {
      await rejects(read(vector.file.subarray(0, end)), 'TRUNCATED');
    }
  });

  it('the last chunk dropped and the trailer kept: the structure catches it', async () => {
    const { summary } = await read(vector.file);
    const last = Math.ceil(summary.header.plaintextSize / 256) - 1;
    const trailerStart = Buffer.from(vector.file).lastIndexOf('YGSE');
    const file = Buffer.concat([vector.file.subarray(0, chunk(last)), vector.file.subarray(trailerStart)]);
    await assert.rejects(read(file), (e: { code?: string }) =>
      ['TRUNCATED', 'TRAILER_INVALID'].includes(e.code ?? ''),
    );
  });

  it('bytes after the trailer are refused', async () => {
    await rejects(read(Buffer.concat([vector.file, Buffer.from([0])])), 'TRAILING_DATA');
  });

  it('a header spliced onto another bid: the signature fails and so does decryption', async () => {
    const other = await sealVectorLike(vector.manifest);
    const { bodyStart } = layout(vector.file);
    const { bodyStart: otherBody } = layout(other);
    const spliced = Buffer.concat([other.subarray(0, otherBody), vector.file.subarray(bodyStart)]);
    const { summary } = await read(spliced);
    assert.equal(await verifySealedBidSignature(summary, vector.bidder.certPem), false);
    const otherKey = await unwrapBidderKey(summary.header, vector.bidder.keyPem);
    await rejects(read(spliced, { key: otherKey }), 'CHUNK_AUTH_FAILED');
  });

  it("a bad signature or another bidder's certificate does not verify", async () => {
    const { summary } = await read(vector.file);
    assert.equal(
      await verifySealedBidSignature({ ...summary, signature: 'AAAA' }, vector.bidder.certPem),
      false,
    );
    assert.equal(await verifySealedBidSignature(summary, vector.custodians[0]!.certPem), false);
  });

  it('refuses an unencrypted upload, an empty one, a non-canonical header and an oversized one', async () => {
    await rejects(read(utf8('%PDF-1.7 a plain bid document')), 'NOT_SEALED');
    await rejects(new SealedBidReader().end(), 'EMPTY');
    const { bodyStart } = layout(vector.file);
    const header = JSON.parse(
      Buffer.from(vector.file.subarray(PREAMBLE_BYTES, bodyStart)).toString('utf8'),
    ) as object;
    // The same members in another order: valid JSON of the same length, but not the canonical form.
    const reordered = Buffer.from(
      JSON.stringify(Object.fromEntries(Object.entries(header).reverse())),
      'utf8',
    );
    assert.equal(reordered.length, bodyStart - PREAMBLE_BYTES);
    const file = copy();
    file.set(reordered, PREAMBLE_BYTES);
    await rejects(read(file), 'HEADER_INVALID');
    const small = new SealedBidReader({ maxPlaintextSize: 100 });
    await rejects(small.push(vector.file), 'TOO_LARGE');
  });
});

async function sealVectorLike(manifest: typeof vector.manifest): Promise<Uint8Array> {
  const { bidPackage, bidPackageSize } = await import('./bid-package.js');
  const text = utf8(vector.attachmentText);
  const pieces: Uint8Array[] = [];
  const summary = (await read(vector.file)).summary;
  for await (const piece of sealBid(
    {
      tender: summary.header.tender,
      section: summary.header.section,
      bidder: {
        partyId: vector.bidder.partyId,
        certificatePem: vector.bidder.certPem,
        certificateSerial: vector.bidder.serial,
        sign: (d) => signPss(vector.bidder.keyPem, d),
      },
      custodians: {
        threshold: 2,
        members: vector.custodians.map((c) => ({
          position: c.position,
          certificatePem: c.certPem,
          certificateSerial: c.serial,
        })),
      },
      plaintextSize: bidPackageSize(manifest),
      sealedAt: new Date(),
      chunkSize: 256,
    },
    bidPackage(manifest, [[text]]),
  )) {
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

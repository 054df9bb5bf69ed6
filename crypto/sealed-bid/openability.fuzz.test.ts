// Property-based fuzzing of the format 2 reader and share checks (issue 15, item 2) with fast-check, on a
// fixed seed so a run never fails by chance: random truncations, bit flips, reordered and duplicated chunks,
// altered share fields and wrong released shares. Never a crash (only SealedBidError), never a wrong
// classification (only the untouched file and header are accepted as openable), never plaintext without
// the key.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { signPss } from '../signatures.js';
import { utf8 } from '../encoding.js';
import {
  PREAMBLE_BYTES,
  SealedBidError,
  SealedBidReader,
  TAG_BYTES,
  checkOpenability,
  isShareValid,
  makeCustodianKey,
  sealBid,
  unwrapShare,
  verifySealedBidSignature,
  type SealedBidHeaderV2,
} from './index.js';
import { loadSealedBidVector } from './test-vectors/vectors.js';

const vector = loadSealedBidVector();
const CHUNK = 64;
const plaintext = utf8('投标文件-fuzz-'.repeat(20));
const certs = vector.custodians.map((c) => ({ position: c.position, certificatePem: c.certPem }));
const SEED = 20261205;

/** Reads, checks the bidder's signature and openability: true only for a bid the server would accept. */
async function accepted(file: Uint8Array, onPlaintext?: () => void): Promise<boolean> {
  const reader = new SealedBidReader(
    onPlaintext ? { decrypt: { key: new Uint8Array(32).fill(7), onPlaintext } } : {},
  );
  try {
    await reader.push(file);
    const summary = await reader.end();
    if (!(await verifySealedBidSignature(summary, vector.bidder.certPem))) return false;
    return (await checkOpenability(summary.header, certs)).openable;
  } catch (error) {
    if (error instanceof SealedBidError) return false;
    throw error; // a crash: anything but the format's own refusal fails the property
  }
}

describe('sealed-bid format v2 fuzzing with fast-check', function () {
  this.timeout(300_000);
  let file: Uint8Array;
  let header: SealedBidHeaderV2;
  let bodyStart: number;
  let trailerStart: number;

  before(async () => {
    const members = await Promise.all(
      vector.custodians.map(async (c) => ({
        position: c.position,
        certificatePem: c.certPem,
        certificateSerial: c.serial,
        custodianKey: await makeCustodianKey(c.certPem, c.serial, (d) => signPss(c.keyPem, d)),
      })),
    );
    const pieces: Uint8Array[] = [];
    for await (const p of sealBid(
      {
        tender: { id: 'tender-fuzz', code: 'E9' },
        section: { id: 'section-fuzz', code: 'E9001' },
        bidder: {
          partyId: vector.bidder.partyId,
          certificatePem: vector.bidder.certPem,
          certificateSerial: vector.bidder.serial,
          sign: (d) => signPss(vector.bidder.keyPem, d),
        },
        custodians: { threshold: 2, members },
        plaintextSize: plaintext.length,
        sealedAt: new Date('2026-12-05T01:00:00Z'),
        chunkSize: CHUNK,
      },
      [plaintext],
    ))
      pieces.push(p);
    file = new Uint8Array(Buffer.concat(pieces));
    const view = new DataView(file.buffer, file.byteOffset);
    bodyStart = PREAMBLE_BYTES + view.getUint32(5);
    trailerStart = Buffer.from(file).lastIndexOf('YGSE');
    header = JSON.parse(Buffer.from(file.subarray(PREAMBLE_BYTES, bodyStart)).toString('utf8'));
    assert.equal(await accepted(file), true);
  });

  const chunks = () => {
    const out: Uint8Array[] = [];
    for (let at = bodyStart; at < trailerStart; at += CHUNK + TAG_BYTES) {
      out.push(file.subarray(at, Math.min(at + CHUNK + TAG_BYTES, trailerStart)));
    }
    return out;
  };
  const withBody = (body: Uint8Array[]) =>
    new Uint8Array(Buffer.concat([file.subarray(0, bodyStart), ...body, file.subarray(trailerStart)]));

  it('truncated anywhere: refused, no crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: file.length - 1 }), async (end) => {
        assert.equal(await accepted(file.subarray(0, end)), false);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('bit flips anywhere (header, shares, proofs, body, trailer): refused, no crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: file.length * 8 - 1 }), { minLength: 1, maxLength: 4 }),
        async (bits) => {
          const copy = Uint8Array.from(file);
          for (const bit of bits) copy[bit >> 3]! ^= 1 << (bit & 7);
          assert.equal(await accepted(copy), false);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('reordered, duplicated or dropped chunks: refused, no crash', async () => {
    const n = chunks().length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n + 2 }),
        async (order) => {
          fc.pre(order.length !== n || order.some((c, i) => c !== i));
          const all = chunks();
          assert.equal(await accepted(withBody(order.map((i) => all[i]!))), false);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('any altered share field, commitment or key: not openable, no crash', async () => {
    const hexFields = (h: SealedBidHeaderV2) => [
      ...h.custodians.commitments.map((_c, i) => ['commitment', i] as const),
      ...h.custodians.shares.flatMap((_s, i) =>
        (['encryptedShare', 'c', 'z', 'publicKey'] as const).map((f) => [f, i] as const),
      ),
    ];
    const fields = hexFields(header);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: fields.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 15 }),
        async (which, at, delta) => {
          const forged = structuredClone(header);
          const [field, i] = fields[which]!;
          const share = forged.custodians.shares[i]!;
          const get = () =>
            field === 'commitment'
              ? forged.custodians.commitments[i]!
              : field === 'encryptedShare'
                ? share.encryptedShare
                : field === 'publicKey'
                  ? share.custodianKey.publicKey
                  : share.proof[field];
          const value = get();
          const pos = at % value.length;
          const digit = ((parseInt(value[pos]!, 16) + delta) % 16).toString(16);
          const changed = value.slice(0, pos) + digit + value.slice(pos + 1);
          if (field === 'commitment') forged.custodians.commitments[i] = changed;
          else if (field === 'encryptedShare') share.encryptedShare = changed;
          else if (field === 'publicKey') share.custodianKey.publicKey = changed;
          else share.proof[field] = changed;
          const result = await checkOpenability(forged, certs);
          assert.equal(result.openable, false, `${field} ${i} @${pos}`);
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('wrong released shares (random, flipped, another position): never valid, no crash', async () => {
    const good = await unwrapShare(header, 1, vector.custodians[0]!.keyPem);
    assert.equal(await isShareValid(header, 1, good), true);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 130 }),
          fc.integer({ min: 0, max: good.length * 8 - 1 }).map((bit) => {
            const copy = Uint8Array.from(good);
            copy[bit >> 3]! ^= 1 << (bit & 7);
            return copy;
          }),
        ),
        fc.integer({ min: 1, max: 3 }),
        async (share, position) => {
          assert.equal(await isShareValid(header, position, share), false);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    assert.equal(await isShareValid(header, 2, good), false);
  });

  it('never hands out plaintext without the right key, whatever the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: bodyStart, max: file.length }), async (end) => {
        let leaked = 0;
        await accepted(file.subarray(0, end), () => void leaked++);
        assert.equal(leaked, 0);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sealedBid } from '../crypto/index.js';
import { BidPackageError, SealedBidError, SealedBidReader } from '../crypto/sealed-bid/index.js';
import { fromHex } from '../crypto/encoding.js';
import { loadSealedBidVector } from '../crypto/sealed-bid/test-vectors/vectors.js';
import { classifyUnopened, custodianStanding, weighReports } from '../src/modules/opening/blame.js';

/**
 * Property-based fuzzing (issue 15) of what decides a bid's fate at the opening: the sealed-bid reader on
 * damaged files (never a crash, never a byte of unauthenticated plaintext), the share checks and key
 * recovery on wrong shares (never a wrong key), and the blame classification (never an honest custodian
 * blamed, never the bidder's fault without its junk). Seeds are printed by fast-check on failure.
 */
const vector = loadSealedBidVector();
const original = vector.file;
const contentKey = fromHex(vector.contentKey);

/** One damaging edit of a file: a flipped bit, a cut, a slice duplicated, two slices swapped. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 700 }),
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    a: fc.nat(),
    b: fc.nat(),
    length: fc.integer({ min: 1, max: 700 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(file: Uint8Array, m: Mutation): Uint8Array {
  const n = file.length;
  switch (m.kind) {
    case 'flip': {
      const out = Uint8Array.from(file);
      out[m.at % n]! ^= 1 << m.bit;
      return out;
    }
    case 'truncate':
      return file.subarray(0, m.at % n);
    case 'duplicate': {
      const at = m.at % n;
      const slice = file.subarray(at, Math.min(n, at + m.length));
      return Uint8Array.from([
        ...file.subarray(0, at + slice.length),
        ...slice,
        ...file.subarray(at + slice.length),
      ]);
    }
    case 'swap': {
      const length = Math.min(m.length, Math.floor(n / 2));
      const [a, b] = [m.a % (n - 2 * length + 1), m.b % (n - 2 * length + 1)].sort((x, y) => x - y);
      const second = Math.max(b!, a! + length);
      if (second + length > n) return file;
      const out = Uint8Array.from(file);
      out.set(file.subarray(second, second + length), a!);
      out.set(file.subarray(a!, a! + length), second);
      return out;
    }
  }
}

const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);

/** Feeds the file in pieces of the given sizes, as a network or disk would. */
async function feed(reader: SealedBidReader, file: Uint8Array, pieces: number[]) {
  let at = 0;
  for (let i = 0; at < file.length; i++) {
    const size = Math.max(1, pieces[i % Math.max(1, pieces.length)] ?? file.length);
    await reader.push(file.subarray(at, at + size));
    at += size;
  }
  return reader.end();
}

async function plaintextOf(file: Uint8Array): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await feed(
    new SealedBidReader({
      decrypt: { key: contentKey, onPlaintext: (b) => void parts.push(Uint8Array.from(b)) },
    }),
    file,
    [],
  );
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('sealed-bid fuzzing with fast-check (issue 15)', function () {
  this.timeout(120_000);
  let plaintext: Uint8Array;
  before(async () => {
    plaintext = await plaintextOf(original);
  });

  it('the upload check (reader and signature, no key) refuses every damaged file, and never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutation,
        fc.array(fc.integer({ min: 1, max: 2048 }), { maxLength: 5 }),
        async (m, pieces) => {
          const damaged = mutate(original, m);
          let summary: sealedBid.SealedBidSummary;
          try {
            summary = await feed(new SealedBidReader(), damaged, pieces);
          } catch (error) {
            assert.ok(error instanceof SealedBidError, `not a SealedBidError: ${String(error)}`);
            return;
          }
          // The structure may survive an edit inside a base64 field; the bidder's signature does not.
          const signed = await sealedBid.verifySealedBidSignature(summary, vector.bidder.certPem);
          assert.equal(signed, same(damaged, original), `accepted a damaged file (${m.kind})`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the decrypting reader never hands on a byte that is not the bidder’s plaintext, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutation,
        fc.array(fc.integer({ min: 1, max: 4096 }), { maxLength: 4 }),
        async (m, pieces) => {
          const damaged = mutate(original, m);
          const out: number[] = [];
          const reader = new SealedBidReader({
            decrypt: { key: contentKey, onPlaintext: (b) => void out.push(...b) },
          });
          let failed = false;
          try {
            await feed(reader, damaged, pieces);
          } catch (error) {
            assert.ok(
              error instanceof SealedBidError || error instanceof BidPackageError,
              `unexpected ${String(error)}`,
            );
            failed = true;
          }
          assert.ok(out.length <= plaintext.length);
          assert.ok(
            out.every((v, i) => v === plaintext[i]),
            `plaintext that is not the bidder's (${m.kind})`,
          );
          if (!failed) assert.equal(out.length, plaintext.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('share checks and key recovery never accept a wrong share nor rebuild a wrong key', async () => {
    const shareDamage = fc.oneof(
      fc.constant({ kind: 'good' as const }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(32), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('truncate' as const), to: fc.nat(32) }),
      fc.constant({ kind: 'other-split' as const }),
      fc.constant({ kind: 'neighbour' as const }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.integer({ min: 2, max: n }), // the splitting library's least threshold
            fc.array(fc.option(shareDamage, { nil: undefined }), { minLength: n, maxLength: n }),
          ),
        ),
        async ([n, k, plan]) => {
          const key = sealedBid.randomContentKey();
          const shares = await sealedBid.splitKey(key, n, k);
          const other = await sealedBid.splitKey(sealedBid.randomContentKey(), n, k);
          const header = {
            keyCheck: await sealedBid.keyCheck(key),
            custodians: {
              threshold: k,
              shares: await Promise.all(
                shares.map(async (s, i) => ({
                  position: i + 1,
                  shareCheck: await sealedBid.shareCheck(i + 1, s),
                })),
              ),
            },
          } as unknown as sealedBid.SealedBidHeader;
          const released: { position: number; share: Uint8Array }[] = [];
          const good = new Set<number>();
          plan.forEach((d, i) => {
            if (!d) return; // this custodian released nothing
            const real = shares[i]!;
            let share: Uint8Array;
            if (d.kind === 'good') share = real;
            else if (d.kind === 'flip') {
              share = Uint8Array.from(real);
              share[d.at % share.length]! ^= 1 << d.bit;
            } else if (d.kind === 'truncate') share = real.subarray(0, d.to % real.length);
            else if (d.kind === 'other-split') share = other[i]!;
            else share = shares[(i + 1) % n]!;
            if (same(share, real)) good.add(i + 1);
            released.push({ position: i + 1, share });
          });
          for (const r of released)
            assert.equal(await sealedBid.isShareValid(header, r.position, r.share), good.has(r.position));
          const recovery = await sealedBid.recoverContentKey(header, released);
          if (recovery.ok) assert.ok(same(recovery.key, key), 'a wrong key rebuilt');
          assert.equal(recovery.ok, good.size >= k);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('classifies by cause: an honest custodian is never blamed, the bidder only for its own junk', () => {
    // Per position: the bidder sealed a good or a junk share; the custodian is honest (releases what checks,
    // reports what does not), silent, or sends junk. Every custodian has the same behaviour on other bids.
    const position = fc.record({
      sealed: fc.constantFrom('good', 'junk'),
      custodian: fc.constantFrom('honest', 'silent', 'junk-sender'),
    });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((n) =>
            fc.tuple(fc.integer({ min: 1, max: n }), fc.array(position, { minLength: n, maxLength: n })),
          ),
        ([k, plan]) => {
          const positions = plan.map((_, i) => i + 1);
          // Another bid of the tender, all good: honest custodians released its checked share.
          const shares = plan.flatMap((p, i) => [
            ...(p.custodian === 'honest'
              ? [{ bidId: 'other', position: i + 1, valid: true, wrongAfterValid: 0 }]
              : []),
            ...(p.custodian === 'junk-sender'
              ? [{ bidId: 'this', position: i + 1, valid: false, wrongAfterValid: 0 }]
              : []),
            ...(p.custodian === 'honest' && p.sealed === 'good'
              ? [{ bidId: 'this', position: i + 1, valid: true, wrongAfterValid: 0 }]
              : []),
          ]);
          const reports = plan.flatMap((p, i) =>
            p.custodian === 'honest' && p.sealed === 'junk'
              ? [
                  {
                    bidId: 'this',
                    version: 1,
                    position: i + 1,
                    reason: 'UNWRAP_FAILED' as const,
                    statement: '{}',
                    signature: 'x',
                    certificateSerial: 's',
                  },
                ]
              : [],
          );
          const valid = new Set(shares.filter((s) => s.bidId === 'this' && s.valid).map((s) => s.position));
          if (valid.size >= k) return; // it opens: nothing to classify
          const { credited } = weighReports(
            { bidId: 'this', version: 1 },
            reports,
            custodianStanding(shares),
          );
          const wrong = shares.filter((s) => s.bidId === 'this' && !s.valid).map((s) => s.position);
          const verdict = classifyUnopened({ positions, threshold: k, valid, credited, wrong });
          const honest = positions.filter((p) => plan[p - 1]!.custodian === 'honest');
          for (const p of honest) assert.ok(!verdict.blamed.includes(p), `honest custodian ${p} blamed`);
          for (const p of positions.filter((q) => plan[q - 1]!.custodian !== 'honest'))
            assert.ok(verdict.blamed.includes(p), `custodian ${p} that did not do its part is not blamed`);
          // Had every custodian been honest, would the bid have opened? If so, it is not the bidder's fault.
          const goodShares = plan.filter((p) => p.sealed === 'good').length;
          if (verdict.outcome === 'revoked')
            assert.ok(goodShares < k, 'the bidder blamed for an openable bid');
          if (honest.length === positions.length) assert.equal(verdict.outcome, 'revoked');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromHex, utf8 } from '../encoding.js';
import { keyPossessionContext } from './openability.js';
import {
  checkReleasedShare,
  combineSharePoints,
  contentKeyFromSecret,
  custodianPublicKey,
  invalidShares,
  proveKeyPossession,
  secretFromScalar,
  verifyKeyPossession,
} from './pvss.js';
import { deriveV2Vector, type V2Vector } from './test-vectors/pvss-v2.js';

const checkedIn = JSON.parse(
  readFileSync(fileURLToPath(new URL('test-vectors/sealed-bid-v2.json', import.meta.url)), 'utf8'),
) as V2Vector;

/** SPEC.md, "Format 2 › Test vectors": the checked-in vector is re-derived, then checked from its JSON alone. */
describe('sealed-bid format 2: the checked-in test vector', () => {
  const v = checkedIn;
  const context = utf8(v.sharesContext);
  const withKeys = v.shares.map((s) => ({
    ...s,
    publicKey: v.custodians.find((c) => c.position === s.position)!.publicKey,
  }));

  it('re-derives byte for byte from the fixed seeds and scalar streams', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(deriveV2Vector())), checkedIn);
  });

  it('checks at receipt: every share proof verifies against the commitments', () => {
    for (const c of v.custodians) assert.equal(custodianPublicKey(fromHex(c.seed)), c.publicKey);
    assert.equal(v.commitments.length, v.input.threshold);
    assert.deepEqual(invalidShares(v.commitments, withKeys, context), []);
  });

  it('refuses at receipt a swapped share, a proof moved to another position, another context', () => {
    const swapped = withKeys.map((s) =>
      s.position === 2 ? { ...s, encryptedShare: withKeys[2]!.encryptedShare } : s,
    );
    assert.deepEqual(invalidShares(v.commitments, swapped, context), [2]);
    const moved = withKeys.map((s) => (s.position === 3 ? { ...s, proof: withKeys[0]!.proof } : s));
    assert.deepEqual(invalidShares(v.commitments, moved, context), [3]);
    const elsewhere = utf8(v.sharesContext.replace('vector-tender-0001', 'vector-tender-0002'));
    assert.deepEqual(invalidShares(v.commitments, withKeys, elsewhere), [1, 2, 3]);
    const otherCommitments = [v.commitments[1]!, v.commitments[0]!];
    // X₁ = C₀ + C₁ either way round, so position 1 still checks; the others do not (and s·G ≠ C₀ now).
    assert.deepEqual(invalidShares(otherCommitments, withKeys, context), [2, 3]);
  });

  it('opens: each released share checks, any two rebuild the secret, the bidder scalar gives it too', () => {
    for (const r of v.released) {
      const s = withKeys.find((x) => x.position === r.position)!;
      const point = checkReleasedShare(
        fromHex(r.released),
        r.position,
        s.publicKey,
        s.encryptedShare,
        context,
      );
      assert.ok(point, `share ${r.position} checks`);
      // Released under another position's key it does not check: a custodian cannot pass off another's.
      const other = withKeys.find((x) => x.position !== r.position)!;
      assert.equal(
        checkReleasedShare(fromHex(r.released), r.position, other.publicKey, s.encryptedShare, context),
        null,
      );
    }
    for (const pair of v.pairs) {
      const points = pair.positions.map((p) => ({
        position: p,
        point: fromHex(v.released.find((r) => r.position === p)!.released.slice(0, 66)),
      }));
      assert.equal(Buffer.from(combineSharePoints(points)).toString('hex'), v.secret);
    }
    // One share alone is not the secret.
    const one = [{ position: 1, point: fromHex(v.released[0]!.released.slice(0, 66)) }];
    assert.notEqual(Buffer.from(combineSharePoints(one)).toString('hex'), v.secret);
    assert.equal(
      Buffer.from(secretFromScalar(fromHex(v.bidderScalar), v.commitments[0]!)!).toString('hex'),
      v.secret,
    );
    assert.equal(secretFromScalar(fromHex(v.bidderScalar), v.commitments[1]!), null);
    assert.equal(Buffer.from(contentKeyFromSecret(fromHex(v.secret))).toString('hex'), v.contentKey);
  });

  it('proves possession of a custodian key bound to the custodian and certificate', () => {
    const c = v.custodians[0]!;
    const ctx = keyPossessionContext('custodian-user-1', 'c0ffee', c.publicKey);
    const proof = proveKeyPossession(fromHex(c.seed), ctx);
    assert.equal(verifyKeyPossession(c.publicKey, proof, ctx), true);
    assert.equal(
      verifyKeyPossession(
        c.publicKey,
        proof,
        keyPossessionContext('custodian-user-2', 'c0ffee', c.publicKey),
      ),
      false,
    );
    assert.equal(verifyKeyPossession(v.custodians[1]!.publicKey, proof, ctx), false);
  });
});

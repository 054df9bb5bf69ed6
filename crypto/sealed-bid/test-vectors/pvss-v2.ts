// Format 2 test vector (SPEC.md, "Format 2 › Test vectors"): the PVSS part of a bid, dealt from a fixed
// scalar stream to three custodians with fixed key seeds, threshold 2, and every value a checker derives
// from it. Deterministic, so `format2-vectors.test.ts` re-derives the checked-in JSON byte for byte, and then
// runs the checks on the JSON alone. TEST SEEDS ONLY.
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../encoding.js';
import { sharesContext } from '../openability.js';
import {
  combineSharePoints,
  contentKeyFromSecret,
  custodianPublicKey,
  deal,
  decryptShare,
  type ScalarSource,
} from '../pvss.js';

const ORDER = p256.Point.Fn.ORDER;

/** Scalar i of a stream: SHA-256(label ‖ "/" ‖ i) mod n (skipping 0), so anyone can recompute it. */
export function fixedScalars(label: string): ScalarSource {
  let i = 0;
  return () => {
    for (;;) {
      const n = BigInt(`0x${toHex(sha256(utf8(`${label}/${i++}`)))}`) % ORDER;
      if (n !== 0n) return n;
    }
  };
}

export const V2_VECTOR_INPUT = {
  threshold: 2,
  tender: { id: 'vector-tender-0001', code: 'YG-VEC-2026-0001' },
  section: { id: 'vector-section-0001', code: 'S1' },
  bidderPartyId: 'vector-bidder-party-0001',
  /** The custodians' 32-byte key seeds: SHA-256("yangguang/test-vector/custodian/<position>"). */
  positions: [1, 2, 3],
  dealerStream: 'yangguang/test-vector/v2/dealer',
  releaseStream: 'yangguang/test-vector/v2/release',
};

export const vectorSeed = (position: number) => sha256(utf8(`yangguang/test-vector/custodian/${position}`));

export function deriveV2Vector() {
  const v = V2_VECTOR_INPUT;
  const context = sharesContext(v.tender, v.section, v.bidderPartyId, v.threshold);
  const custodians = v.positions.map((position) => ({
    position,
    seed: toHex(vectorSeed(position)),
    publicKey: custodianPublicKey(vectorSeed(position)),
  }));
  const dealt = deal(v.threshold, custodians, context, fixedScalars(v.dealerStream));
  const release = fixedScalars(v.releaseStream);
  const released = dealt.shares.map((s) => ({
    position: s.position,
    released: toHex(decryptShare(vectorSeed(s.position), s.position, s.encryptedShare, context, release)),
  }));
  const pairs = [
    [1, 2],
    [1, 3],
    [2, 3],
  ].map((pair) => ({
    positions: pair,
    secret: toHex(
      combineSharePoints(
        pair.map((p) => ({
          position: p,
          point: Buffer.from(released.find((r) => r.position === p)!.released.slice(0, 66), 'hex'),
        })),
      ),
    ),
  }));
  return {
    note: 'TEST SEEDS ONLY. Sealed-bid format 2 (PVSS on P-256): see SPEC.md, "Format 2 › Test vectors".',
    input: v,
    sharesContext: new TextDecoder().decode(context),
    custodians,
    commitments: dealt.commitments,
    shares: dealt.shares,
    bidderScalar: toHex(dealt.secretScalar),
    secret: toHex(dealt.secret),
    contentKey: toHex(contentKeyFromSecret(dealt.secret)),
    released,
    pairs,
  };
}

export type V2Vector = ReturnType<typeof deriveV2Vector>;

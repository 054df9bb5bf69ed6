// What the opening needs from a sealed header: a custodian unwraps its own share, the server checks
// each released share against the header before using it (so a wrong share is attributed to its
// custodian) and rebuilds the key, or takes the bidder's own key (the bidder-decrypts path).
import { utf8 } from '../encoding.js';
import { verifyPss } from '../signatures.js';
import type { SealedBidHeader } from './format.js';
import { combineShares, keyCheck, shareCheck, unwrapWith, type UnwrapKey } from './key-material.js';
import type { SealedBidSummary } from './reader.js';
import { signedStatement } from './format.js';

/** True when the bidder's certificate key signed this header and this ciphertext. */
export async function verifySealedBidSignature(
  summary: SealedBidSummary,
  bidderCertPem: string,
): Promise<boolean> {
  return verifyPss(
    bidderCertPem,
    utf8(signedStatement(summary.headerSha256, summary.bodyDigest)),
    summary.signature,
  );
}

/** A custodian decrypts its own share of one bid; throws if the share was not wrapped to this key. */
export async function unwrapShare(
  header: SealedBidHeader,
  position: number,
  key: UnwrapKey,
): Promise<Uint8Array> {
  const entry = header.custodians.shares.find((s) => s.position === position);
  if (!entry) throw new RangeError(`This bid has no share for custodian position ${position}`);
  return unwrapWith(key, entry.wrappedShare);
}

/** The bidder recovers its own content key from the bidder wrap. */
export async function unwrapBidderKey(header: SealedBidHeader, key: UnwrapKey): Promise<Uint8Array> {
  return unwrapWith(key, header.bidderWrap.wrappedKey);
}

export async function isShareValid(header: SealedBidHeader, position: number, share: Uint8Array) {
  const entry = header.custodians.shares.find((s) => s.position === position);
  return entry !== undefined && entry.shareCheck === (await shareCheck(position, share));
}

export async function isContentKey(header: SealedBidHeader, key: Uint8Array): Promise<boolean> {
  return key.length === 32 && header.keyCheck === (await keyCheck(key));
}

export type KeyRecovery =
  | { ok: true; key: Uint8Array; used: number[]; wrongShares: number[] }
  /** Too few shares that check out; the wrong ones are named by custodian position. */
  | { ok: false; reason: 'NOT_ENOUGH_SHARES'; valid: number[]; wrongShares: number[] }
  /** The shares all check out but do not rebuild the key the header promises: the bidder's split was bad. */
  | { ok: false; reason: 'INCONSISTENT_SPLIT'; valid: number[]; wrongShares: number[] };

export async function recoverContentKey(
  header: SealedBidHeader,
  released: { position: number; share: Uint8Array }[],
): Promise<KeyRecovery> {
  const valid: { position: number; share: Uint8Array }[] = [];
  const wrongShares: number[] = [];
  for (const r of released) {
    if (await isShareValid(header, r.position, r.share)) valid.push(r);
    else wrongShares.push(r.position);
  }
  const positions = valid.map((v) => v.position);
  if (valid.length < header.custodians.threshold) {
    return { ok: false, reason: 'NOT_ENOUGH_SHARES', valid: positions, wrongShares };
  }
  const used = valid.slice(0, header.custodians.threshold);
  const key = await combineShares(used.map((u) => u.share));
  if (!(await isContentKey(header, key))) {
    return { ok: false, reason: 'INCONSISTENT_SPLIT', valid: positions, wrongShares };
  }
  return { ok: true, key, used: used.map((u) => u.position), wrongShares };
}

// What the opening needs from a sealed header: a custodian unwraps its own share, the server checks
// each released share against the header before using it (so a wrong share is attributed to its
// custodian) and rebuilds the key, or takes the bidder's own key (the bidder-decrypts path).
import { utf8 } from '../encoding.js';
import { verifyPss } from '../signatures.js';
import type { CustodianKey, SealedBidHeader } from './format.js';
import { combineShares, keyCheck, shareCheck, unwrapWith, type UnwrapKey } from './key-material.js';
import type { SealedBidSummary } from './reader.js';
import { signedStatement } from './format.js';
import { custodianSeed, headerSharesContext, sharesContext } from './openability.js';
import {
  RELEASED_SHARE_BYTES,
  checkReleasedShare,
  combineSharePoints,
  contentKeyFromSecret,
  decryptShare,
  secretFromScalar,
} from './pvss.js';

/** Bytes of what a custodian releases for one bid: a Shamir share (v1), or a share point with its proof (v2). */
export const releasedShareBytes = (header: SealedBidHeader) =>
  header.version === 1 ? 33 : RELEASED_SHARE_BYTES;

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
  if (header.version === 2) {
    const entry = header.custodians.shares.find((s) => s.position === position);
    if (!entry) throw new RangeError(`This bid has no share for custodian position ${position}`);
    const seed = await custodianSeed(entry.custodianKey, key);
    try {
      return decryptShare(seed, position, entry.encryptedShare, headerSharesContext(header));
    } finally {
      seed.fill(0);
    }
  }
  const entry = header.custodians.shares.find((s) => s.position === position);
  if (!entry) throw new RangeError(`This bid has no share for custodian position ${position}`);
  return unwrapWith(key, entry.wrappedShare);
}

/** The bidder recovers its own content key from the bidder wrap. */
export async function unwrapBidderKey(header: SealedBidHeader, key: UnwrapKey): Promise<Uint8Array> {
  return unwrapWith(key, header.bidderWrap.wrappedKey);
}

export async function isShareValid(header: SealedBidHeader, position: number, share: Uint8Array) {
  if (header.version === 2) return v2SharePoint(header, position, share) !== null;
  const entry = header.custodians.shares.find((s) => s.position === position);
  return entry !== undefined && entry.shareCheck === (await shareCheck(position, share));
}

function v2SharePoint(header: SealedBidHeader & { version: 2 }, position: number, share: Uint8Array) {
  const entry = header.custodians.shares.find((s) => s.position === position);
  if (!entry) return null;
  const context = headerSharesContext(header);
  return checkReleasedShare(share, position, entry.custodianKey.publicKey, entry.encryptedShare, context);
}

/**
 * Whether what the bidder sent (what its bidder wrap unwraps to) opens the bid: v1 the content key itself,
 * checked by keyCheck; v2 the dealt scalar s, checked against the first commitment (s·G = C₀).
 */
export async function isContentKey(header: SealedBidHeader, key: Uint8Array): Promise<boolean> {
  if (header.version === 2) return secretFromScalar(key, header.custodians.commitments[0]!) !== null;
  return key.length === 32 && header.keyCheck === (await keyCheck(key));
}

/** The AES content key from what the bidder sent (see isContentKey), or null when it does not check out. */
export async function contentKeyFromBidder(header: SealedBidHeader, sent: Uint8Array) {
  if (header.version === 1) return (await isContentKey(header, sent)) ? Uint8Array.from(sent) : null;
  const secret = secretFromScalar(sent, header.custodians.commitments[0]!);
  return secret ? contentKeyFromSecret(secret) : null;
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
  if (header.version === 2) return recoverV2(header, released);
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

/**
 * Version 2: each released share carries its own proof, and every encrypted share was proven at receipt,
 * so any `threshold` checked shares rebuild the dealt secret: an inconsistent split cannot happen.
 */
function recoverV2(
  header: SealedBidHeader & { version: 2 },
  released: { position: number; share: Uint8Array }[],
): KeyRecovery {
  const valid: { position: number; point: Uint8Array }[] = [];
  const wrongShares: number[] = [];
  for (const r of released) {
    const point = v2SharePoint(header, r.position, r.share);
    if (point && !valid.some((v) => v.position === r.position)) valid.push({ position: r.position, point });
    else if (!point) wrongShares.push(r.position);
  }
  const positions = valid.map((v) => v.position);
  if (valid.length < header.custodians.threshold) {
    return { ok: false, reason: 'NOT_ENOUGH_SHARES', valid: positions, wrongShares };
  }
  const used = valid.slice(0, header.custodians.threshold);
  const secret = combineSharePoints(used);
  const key = contentKeyFromSecret(secret);
  secret.fill(0);
  return { ok: true, key, used: used.map((u) => u.position), wrongShares };
}

/** What the opening lists to a custodian for a format 2 bid (GET …/opening/wrapped-shares, `pvss`). */
export interface ShareToRelease {
  encryptedShare: string;
  custodianKey: CustodianKey;
  context: { tenderId: string; sectionId: string; bidderPartyId: string; threshold: number };
}

/** A custodian's release of its format 2 share: the share point and the proof it decrypted correctly. */
export async function releaseShareV2(
  listed: ShareToRelease,
  position: number,
  key: UnwrapKey,
): Promise<Uint8Array> {
  const seed = await custodianSeed(listed.custodianKey, key);
  const { tenderId, sectionId, bidderPartyId, threshold } = listed.context;
  const context = sharesContext({ id: tenderId }, { id: sectionId }, bidderPartyId, threshold);
  try {
    return decryptShare(seed, position, listed.encryptedShare, context);
  } finally {
    seed.fill(0);
  }
}

// Openability of a version 2 sealed bid, established at receipt without any key: each custodian's PVSS key
// is signed by the certificate the tender froze for its position, and each encrypted share provably carries
// the share of the committed polynomial. Also: how a custodian makes its PVSS key and gets its seed back.
import { canonicalJson } from '../canonical-json.js';
import { fromBase64, utf8 } from '../encoding.js';
import { verifyPss } from '../signatures.js';
import type { CustodianKey, SealedBidHeader, SealedBidHeaderV2 } from './format.js';
import { randomBytes, unwrapWith, wrapTo, type UnwrapKey } from './key-material.js';
import {
  custodianPublicKey,
  invalidShares,
  proveKeyPossession,
  verifyKeyPossession,
  type DleqProof,
} from './pvss.js';

export const CUSTODIAN_KEY_PURPOSE = 'yangguang/sealed-bid/custodian-key';

/** What binds every share proof of a bid to its tender, section, bidder and threshold (no replay elsewhere). */
export function sharesContext(
  tender: { id: string },
  section: { id: string },
  bidderPartyId: string,
  threshold: number,
): Uint8Array {
  return utf8(
    canonicalJson({
      purpose: 'yangguang/sealed-bid/v2/shares',
      tenderId: tender.id,
      sectionId: section.id,
      bidderPartyId,
      threshold,
    }),
  );
}

export const headerSharesContext = (h: SealedBidHeaderV2) =>
  sharesContext(h.tender, h.section, h.bidder.partyId, h.custodians.threshold);

/** The statement a custodian signs with its certificate's key to publish its PVSS key. */
export function custodianKeyStatement(certificateSerial: string, publicKey: string, wrappedSeed: string) {
  return canonicalJson({ purpose: CUSTODIAN_KEY_PURPOSE, certificateSerial, publicKey, wrappedSeed });
}

/**
 * A custodian's PVSS key: a fresh 32-byte seed, wrapped to its own certificate (so it keeps holding only
 * the RSA key it holds today), the public key derived from it, and its signature over both.
 */
export async function makeCustodianKey(
  certificatePem: string,
  certificateSerial: string,
  sign: (data: Uint8Array) => Promise<string>,
): Promise<CustodianKey> {
  return (await makeKey(certificatePem, certificateSerial, sign)).key;
}

/** What a custodian proves possession over when it registers its key: itself, its certificate, the key. */
export function keyPossessionContext(custodianUserId: string, certificateSerial: string, publicKey: string) {
  return utf8(
    canonicalJson({ purpose: KEY_POSSESSION_PURPOSE, custodianUserId, certificateSerial, publicKey }),
  );
}

export const KEY_POSSESSION_PURPOSE = 'yangguang/sealed-bid/custodian-key-possession';

export interface CustodianKeyRegistration extends CustodianKey {
  certificateSerial: string;
  /** Schnorr proof, under the new key, that the custodian knows its private scalar (pvss.ts). */
  possession: DleqProof;
}

/**
 * A new custodian key ready to register (POST /custodian-keys): signed with the certificate's RSA key and
 * proven with the new curve key itself, over the custodian's id (no tender: one key serves every tender).
 */
export async function makeCustodianKeyRegistration(
  custodianUserId: string,
  certificatePem: string,
  certificateSerial: string,
  sign: (data: Uint8Array) => Promise<string>,
): Promise<CustodianKeyRegistration> {
  const { key, possession } = await makeKey(certificatePem, certificateSerial, sign, (seed, publicKey) =>
    proveKeyPossession(seed, keyPossessionContext(custodianUserId, certificateSerial, publicKey)),
  );
  return { certificateSerial, ...key, possession: possession! };
}

async function makeKey(
  certificatePem: string,
  certificateSerial: string,
  sign: (data: Uint8Array) => Promise<string>,
  prove?: (seed: Uint8Array, publicKey: string) => DleqProof,
): Promise<{ key: CustodianKey; possession?: DleqProof }> {
  const seed = randomBytes(32);
  try {
    const publicKey = custodianPublicKey(seed);
    const wrappedSeed = await wrapTo(certificatePem, seed);
    const signature = await sign(utf8(custodianKeyStatement(certificateSerial, publicKey, wrappedSeed)));
    return { key: { publicKey, wrappedSeed, signature }, possession: prove?.(seed, publicKey) };
  } finally {
    seed.fill(0);
  }
}

/**
 * The registration's checks that need no database: the RSA signature by the named certificate and the
 * proof of possession bound to this custodian. Returns the reason it fails, or null.
 */
export async function registrationFailure(
  custodianUserId: string,
  certificatePem: string,
  r: CustodianKeyRegistration,
): Promise<'CUSTODIAN_KEY_UNSIGNED' | 'KEY_POSSESSION_INVALID' | null> {
  const statement = custodianKeyStatement(r.certificateSerial, r.publicKey, r.wrappedSeed);
  if (!(await signatureVerifies(certificatePem, statement, r.signature))) return 'CUSTODIAN_KEY_UNSIGNED';
  const context = keyPossessionContext(custodianUserId, r.certificateSerial, r.publicKey);
  return verifyKeyPossession(r.publicKey, r.possession, context) ? null : 'KEY_POSSESSION_INVALID';
}

/** The custodian gets its seed back with its RSA key; throws if it is not the seed of this public key. */
export async function custodianSeed(key: CustodianKey, unwrapKey: UnwrapKey): Promise<Uint8Array> {
  const seed = await unwrapWith(unwrapKey, key.wrappedSeed);
  if (seed.length !== 32 || custodianPublicKey(seed) !== key.publicKey) {
    throw new RangeError('The wrapped seed is not the one of this custodian key');
  }
  return seed;
}

export type OpenabilityFailure =
  'COMMITMENTS_MISMATCH' | 'CUSTODIAN_KEY_UNSIGNED' | 'SHARE_PROOF_INVALID' | 'NO_SHARE_FOR_POSITION';

export interface Openability {
  openable: boolean;
  /** Version 1 bids carry nothing checkable: they are accepted as before, unverified. */
  verified: boolean;
  failures: { position: number | null; reason: OpenabilityFailure }[];
}

/**
 * Checks, with public data only, that any `threshold` of the tender's custodians can rebuild the bid's key.
 * `custodians` are the tender's frozen certificates by position (the caller checks serials and threshold).
 */
export async function checkOpenability(
  header: SealedBidHeader,
  custodians: { position: number; certificatePem: string }[],
): Promise<Openability> {
  if (header.version === 1) return { openable: true, verified: false, failures: [] };
  const failures: Openability['failures'] = [];
  const { threshold, commitments, shares } = header.custodians;
  if (commitments.length !== threshold) failures.push({ position: null, reason: 'COMMITMENTS_MISMATCH' });
  for (const c of custodians) {
    const share = shares.find((s) => s.position === c.position);
    if (!share) {
      failures.push({ position: c.position, reason: 'NO_SHARE_FOR_POSITION' });
      continue;
    }
    const { publicKey, wrappedSeed, signature } = share.custodianKey;
    const statement = custodianKeyStatement(share.certificateSerial, publicKey, wrappedSeed);
    if (!(await signatureVerifies(c.certificatePem, statement, signature))) {
      failures.push({ position: c.position, reason: 'CUSTODIAN_KEY_UNSIGNED' });
    }
  }
  if (failures.length === 0) {
    const bad = invalidShares(
      commitments,
      shares.map((s) => ({ ...s, publicKey: s.custodianKey.publicKey })),
      headerSharesContext(header),
    );
    for (const position of bad) failures.push({ position, reason: 'SHARE_PROOF_INVALID' });
  }
  return { openable: failures.length === 0, verified: true, failures };
}

/** Is this custodian key signed by the key of this certificate (what a bidder checks before sealing)? */
export function custodianKeySigned(certificatePem: string, certificateSerial: string, key: CustodianKey) {
  const statement = custodianKeyStatement(certificateSerial, key.publicKey, key.wrappedSeed);
  return signatureVerifies(certificatePem, statement, key.signature);
}

async function signatureVerifies(pem: string, statement: string, signatureB64: string) {
  try {
    return fromBase64(signatureB64).length > 0 && (await verifyPss(pem, statement, signatureB64));
  } catch {
    return false;
  }
}

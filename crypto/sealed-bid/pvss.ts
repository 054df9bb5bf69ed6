// Publicly verifiable secret sharing (Schoenmakers, CRYPTO '99) on P-256, for sealed-bid format version 2.
// The bidder deals a random secret S = s·H among the custodians: Feldman commitments Cⱼ = aⱼ·G to the
// polynomial, and for custodian i the share encrypted to its key yᵢ = xᵢ·H as Yᵢ = f(i)·yᵢ, with a
// Chaum–Pedersen proof that log_G Xᵢ = log_yᵢ Yᵢ where Xᵢ = Σ iʲ·Cⱼ. Anyone can check every proof
// against the public commitments without being able to decrypt anything: that is openability at receipt.
// Group operations come from @noble/curves (audited); the proofs are ours and are argued in SPEC.md.
import { p256, p256_hasher } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex, utf8 } from '../encoding.js';

const Point = p256.Point;
type Point = InstanceType<typeof Point>;
const Fn = Point.Fn;
const ORDER = Fn.ORDER;

/** G: the standard base point; commitments and the public Xᵢ live on it. */
const G = Point.BASE;
/**
 * H: a second generator nobody knows the discrete log of (hash-to-curve, RFC 9380, random-oracle
 * suite). Custodian keys and the secret live on H, so the public Xᵢ = f(i)·G say nothing about S = s·H.
 */
const H = p256_hasher.hashToCurve(utf8('yangguang/sealed-bid/pvss/H'), {
  DST: 'YANGGUANG-SEALED-BID-V2-P256_XMD:SHA-256_SSWU_RO_',
});

export const POINT_HEX = 66;
export const SCALAR_HEX = 64;

export class PvssError extends Error {
  override name = 'PvssError';
}

export interface DleqProof {
  c: string;
  z: string;
}

/** A point from its compressed hex form: on the curve, not the identity, or a PvssError. */
export function decodePoint(hex: string): Point {
  if (!/^0[23][0-9a-f]{64}$/.test(hex)) throw new PvssError('A point must be 33 compressed bytes in hex');
  let point: Point;
  try {
    point = Point.fromHex(hex);
    point.assertValidity();
  } catch {
    throw new PvssError('Not a point of P-256');
  }
  if (point.is0()) throw new PvssError('The identity point is not allowed');
  return point;
}

export const encodePoint = (p: Point): string => toHex(p.toBytes(true));

function decodeScalar(hex: string): bigint {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new PvssError('A scalar must be 32 bytes in hex');
  const n = BigInt(`0x${hex}`);
  if (n >= ORDER) throw new PvssError('A scalar must be below the group order');
  return n;
}

const encodeScalar = (n: bigint): string => n.toString(16).padStart(SCALAR_HEX, '0');

/** Where the dealer's and provers' scalars come from: fresh randomness, or a fixed stream for test vectors. */
export type ScalarSource = () => bigint;

/** A uniformly random non-zero scalar: 48 random bytes reduced mod the order (bias below 2⁻¹²⁸). */
export function randomScalar(): bigint {
  for (;;) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(48));
    const n = BigInt(`0x${toHex(bytes)}`) % ORDER;
    if (n !== 0n) return n;
  }
}

/** Fiat–Shamir: RFC 9380 hash_to_field over length-prefixed parts, so no two part lists collide. */
function challenge(parts: Uint8Array[]): bigint {
  const total = parts.reduce((sum, p) => sum + 4 + p.length, 0);
  const msg = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    new DataView(msg.buffer).setUint32(at, p.length);
    msg.set(p, at + 4);
    at += 4 + p.length;
  }
  return p256_hasher.hashToScalar(msg, { DST: 'YANGGUANG-SEALED-BID-V2-DLEQ' });
}

const bytesOf = (p: Point) => p.toBytes(true);

/** Proves log_g1 h1 = log_g2 h2 (= alpha) without revealing alpha (Chaum–Pedersen, non-interactive). */
function dleqProve(
  context: Uint8Array,
  g1: Point,
  h1: Point,
  g2: Point,
  h2: Point,
  alpha: bigint,
  random: ScalarSource = randomScalar,
) {
  const w = random();
  const a1 = g1.multiply(w);
  const a2 = g2.multiply(w);
  const c = challenge([context, ...[g1, h1, g2, h2, a1, a2].map(bytesOf)]);
  const z = Fn.sub(w, Fn.mul(alpha, c));
  return { c: encodeScalar(c), z: encodeScalar(z) };
}

function dleqVerify(context: Uint8Array, g1: Point, h1: Point, g2: Point, h2: Point, proof: DleqProof) {
  let c: bigint;
  let z: bigint;
  try {
    c = decodeScalar(proof.c);
    z = decodeScalar(proof.z);
  } catch {
    return false;
  }
  // a = z·g + c·h; either may be the identity for a forged proof, which then simply fails the hash.
  const a1 = g1.multiplyUnsafe(z).add(h1.multiplyUnsafe(c));
  const a2 = g2.multiplyUnsafe(z).add(h2.multiplyUnsafe(c));
  if (a1.is0() || a2.is0()) return false;
  return c === challenge([context, ...[g1, h1, g2, h2, a1, a2].map(bytesOf)]);
}

// ---------------------------------------------------------------------------------------------------
// Custodian keys: xᵢ derived from a 32-byte seed the custodian wraps to its own RSA certificate, so it
// keeps holding only the key it holds today; the public key yᵢ = xᵢ·H is signed with that certificate.

export function custodianScalar(seed: Uint8Array): bigint {
  if (seed.length !== 32) throw new PvssError('A custodian key seed is 32 bytes');
  return p256_hasher.hashToScalar(seed, { DST: 'YANGGUANG-SEALED-BID-V2-CUSTODIAN-KEY' });
}

export function custodianPublicKey(seed: Uint8Array): string {
  return encodePoint(H.multiply(custodianScalar(seed)));
}

/**
 * Proof of possession of a custodian key (Schnorr, as a DLEQ with both bases H): the custodian knows x with
 * y = x·H. Bound to `context` (who registers it, with which certificate), so it cannot be replayed by
 * someone else registering a key copied from a published tender.
 */
export function proveKeyPossession(seed: Uint8Array, context: Uint8Array): DleqProof {
  const x = custodianScalar(seed);
  const y = H.multiply(x);
  return dleqProve(context, H, y, H, y, x);
}

export function verifyKeyPossession(publicKey: string, proof: DleqProof, context: Uint8Array): boolean {
  try {
    const y = decodePoint(publicKey);
    return dleqVerify(context, H, y, H, y, proof);
  } catch (error) {
    if (error instanceof PvssError) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Dealing (the bidder) and checking (anyone).

export interface DealtShare {
  position: number;
  encryptedShare: string;
  proof: DleqProof;
}

export interface Deal {
  /** The secret point S = s·H; the content key is derived from it (contentKeyFromSecret). */
  secret: Uint8Array;
  /** s itself (32 bytes): what the bidder keeps, wrapped to its own certificate. */
  secretScalar: Uint8Array;
  commitments: string[];
  shares: DealtShare[];
}

/** Xᵢ = Σⱼ iʲ·Cⱼ = f(i)·G, computable by anyone from the commitments. */
function shareCommitment(commitments: Point[], position: number): Point {
  let acc = Point.ZERO;
  let power = 1n;
  for (const c of commitments) {
    acc = acc.add(c.multiplyUnsafe(power));
    power = Fn.mul(power, BigInt(position));
  }
  return acc;
}

function shareContext(context: Uint8Array, position: number) {
  const out = new Uint8Array(context.length + 1);
  out.set(context, 0);
  out[context.length] = position;
  return out;
}

export function deal(
  threshold: number,
  custodians: { position: number; publicKey: string }[],
  context: Uint8Array,
  /** Test vectors only (SPEC.md): a fixed scalar stream instead of fresh randomness. */
  random: ScalarSource = randomScalar,
): Deal {
  const coefficients = Array.from({ length: threshold }, () => random());
  const commitments = coefficients.map((a) => G.multiply(a));
  const shares = custodians.map(({ position, publicKey }) => {
    const y = decodePoint(publicKey);
    let f = 0n;
    for (let j = coefficients.length - 1; j >= 0; j--) {
      f = Fn.add(Fn.mul(f, BigInt(position)), coefficients[j] as bigint);
    }
    const X = G.multiply(f);
    const Y = y.multiply(f);
    return {
      position,
      encryptedShare: encodePoint(Y),
      proof: dleqProve(shareContext(context, position), G, X, y, Y, f, random),
    };
  });
  const s = coefficients[0] as bigint;
  const secret = H.multiply(s).toBytes(true);
  return {
    secret,
    secretScalar: fromHex(encodeScalar(s)),
    commitments: commitments.map(encodePoint),
    shares,
  };
}

/**
 * The positions whose encrypted share does not provably carry f(i) of the committed polynomial (or whose
 * key, share or proof is not even well-formed). Empty: any k of the custodians can rebuild the secret.
 */
export function invalidShares(
  commitmentsHex: string[],
  shares: { position: number; publicKey: string; encryptedShare: string; proof: DleqProof }[],
  context: Uint8Array,
): number[] {
  let commitments: Point[];
  try {
    commitments = commitmentsHex.map(decodePoint);
  } catch {
    return shares.map((s) => s.position);
  }
  const bad: number[] = [];
  for (const s of shares) {
    try {
      const y = decodePoint(s.publicKey);
      const Y = decodePoint(s.encryptedShare);
      const X = shareCommitment(commitments, s.position);
      if (X.is0() || !dleqVerify(shareContext(context, s.position), G, X, y, Y, s.proof)) {
        bad.push(s.position);
      }
    } catch (error) {
      if (!(error instanceof PvssError)) throw error;
      bad.push(s.position);
    }
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------------
// Opening: a custodian decrypts its share Sᵢ = xᵢ⁻¹·Yᵢ = f(i)·H and proves it (log_H yᵢ = log_Sᵢ Yᵢ);
// the server checks that proof and combines k shares by Lagrange interpolation in the exponent.

/** 33 bytes of Sᵢ ‖ 32 of c ‖ 32 of z. */
export const RELEASED_SHARE_BYTES = 97;

const releaseContext = (context: Uint8Array, position: number) =>
  shareContext(concat(utf8('release\0'), context), position);

export function decryptShare(
  seed: Uint8Array,
  position: number,
  encryptedShare: string,
  context: Uint8Array,
  random: ScalarSource = randomScalar,
): Uint8Array {
  const x = custodianScalar(seed);
  const Y = decodePoint(encryptedShare);
  const S = Y.multiply(Fn.inv(x));
  const proof = dleqProve(releaseContext(context, position), H, H.multiply(x), S, Y, x, random);
  return concat(S.toBytes(true), fromHex(proof.c), fromHex(proof.z));
}

/** The share point when `released` is the decryption of this encrypted share under this key, else null. */
export function checkReleasedShare(
  released: Uint8Array,
  position: number,
  publicKey: string,
  encryptedShare: string,
  context: Uint8Array,
): Uint8Array | null {
  if (released.length !== RELEASED_SHARE_BYTES) return null;
  try {
    const S = decodePoint(toHex(released.subarray(0, 33)));
    const proof = { c: toHex(released.subarray(33, 65)), z: toHex(released.subarray(65, 97)) };
    const y = decodePoint(publicKey);
    const Y = decodePoint(encryptedShare);
    return dleqVerify(releaseContext(context, position), H, y, S, Y, proof) ? S.toBytes(true) : null;
  } catch (error) {
    if (error instanceof PvssError) return null;
    throw error;
  }
}

/** S = Σ λᵢ·Sᵢ over exactly the given (distinct) positions; needs k checked shares to be the secret. */
export function combineSharePoints(shares: { position: number; point: Uint8Array }[]): Uint8Array {
  let acc = Point.ZERO;
  for (const i of shares) {
    let lambda = 1n;
    for (const j of shares) {
      if (j.position === i.position) continue;
      const xj = BigInt(j.position);
      lambda = Fn.mul(lambda, Fn.div(xj, Fn.sub(xj, BigInt(i.position))));
    }
    acc = acc.add(decodePoint(toHex(i.point)).multiply(lambda));
  }
  return acc.toBytes(true);
}

/**
 * The secret point from the bidder's own 32-byte scalar s, when s·G is the first commitment (so it is the
 * very secret the custodians' shares rebuild); null otherwise.
 */
export function secretFromScalar(scalar: Uint8Array, firstCommitment: string): Uint8Array | null {
  if (scalar.length !== 32) return null;
  try {
    const s = decodeScalar(toHex(scalar));
    if (s === 0n || !G.multiply(s).equals(decodePoint(firstCommitment))) return null;
    return H.multiply(s).toBytes(true);
  } catch (error) {
    if (error instanceof PvssError) return null;
    throw error;
  }
}

/** The 256-bit AES content key: SHA-256 of a domain tag and the secret point. */
export function contentKeyFromSecret(secret: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(concat(utf8('yangguang/sealed-bid/v2/content-key\0'), secret)));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

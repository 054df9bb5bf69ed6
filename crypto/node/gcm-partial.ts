// Opening an AES-GCM chunk in part (node:crypto only): its tag checked without decrypting it, and a range of
// its plaintext decrypted alone. The opening must authenticate every chunk of every bid but keeps only the
// bid package's manifest, the first few kilobytes: the attachments' plaintext would be thrown away.
// - GCM's tag is GHASH over the additional data and the ciphertext, masked with one AES block; it does not
//   depend on the plaintext. OpenSSL computes GHASH over additional data alone several times faster than
//   it decrypts (carry-less multiplication, no AES), so the ciphertext goes in as additional data and the
//   one difference that makes, the final length block, is corrected here.
// - GCM encrypts in counter mode from the block after J0, so any range of the plaintext is AES-CTR from that
//   range's block on.
// NIST SP 800-38D, §6.3–§7.2.
import { createCipheriv, createDecipheriv, timingSafeEqual, type CipherGCMTypes } from 'node:crypto';

const BLOCK_BYTES = 16;
/** GCM's reduction constant: the polynomial x^128 + x^7 + x^2 + x + 1, bits in GCM's (reflected) order. */
const R = 0xe1n << 120n;

/** The block as a 128-bit integer, its first byte the most significant (GCM's bit order, SP 800-38D §6.1). */
const blockToBig = (block: Uint8Array): bigint => BigInt(`0x${Buffer.from(block).toString('hex')}`);
const bigToBlock = (x: bigint): Buffer => Buffer.from(x.toString(16).padStart(32, '0'), 'hex');

/** AES-GCM for an AES key of 16, 24 or 32 bytes. */
function gcmFor(key: Buffer): CipherGCMTypes {
  if (![16, 24, 32].includes(key.length))
    throw new RangeError(`An AES key has 16, 24 or 32 bytes, not ${key.length}`);
  return `aes-${key.length * 8}-gcm` as CipherGCMTypes;
}

/**
 * X·Y in GF(2^128) as GCM defines it (SP 800-38D, Algorithm 1). Not constant-time, and need not be: it runs
 * once or twice per bid, at the opening, on chunk lengths (public) and H.
 */
export function gfMultiply(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let bit = 127n; bit >= 0n; bit--) {
    if ((x >> bit) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z;
}

/** GHASH's last block: the bit lengths of the additional data and of the ciphertext, 64 bits each. */
const lengthBlock = (adBytes: number, ciphertextBytes: number): bigint =>
  (BigInt(adBytes * 8) << 64n) | BigInt(ciphertextBytes * 8);

/**
 * Authenticates GCM chunks under one key without decrypting them. For additional data A and ciphertext C,
 * GMAC over A' = A ‖ zero padding ‖ C (C as additional data, no plaintext) runs GHASH over exactly the
 * blocks GCM's tag runs it over, in the same order, under the same H and masked with the same E(K, J0);
 * only the length block differs, len(A') ‖ 0 against len(A) ‖ len(C). With Y the GHASH state before it,
 * each tag ends as (Y ⊕ L)·H ⊕ E(K, J0), so tag = gmac ⊕ ((L ⊕ L')·H), where H = E(K, 0¹²⁸).
 */
export class GcmTagChecker {
  private readonly algorithm: CipherGCMTypes;
  private readonly h: bigint;
  /** (L ⊕ L')·H by (A length, C length): a bid has two, its full chunks' and its last one's. */
  private readonly corrections = new Map<string, Buffer>();

  constructor(private readonly key: Buffer) {
    this.algorithm = gcmFor(key);
    const ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
    this.h = blockToBig(Buffer.concat([ecb.update(Buffer.alloc(BLOCK_BYTES)), ecb.final()]));
  }

  /** The tag GCM gives ciphertext under this key, nonce and additional data. */
  tagOf(nonce: Uint8Array, ad: Uint8Array, ciphertext: Uint8Array): Buffer {
    const padded = Buffer.alloc(Math.ceil(ad.length / BLOCK_BYTES) * BLOCK_BYTES);
    padded.set(ad);
    const gmac = createCipheriv(this.algorithm, this.key, nonce);
    // Two calls feed GHASH one stream (checked in gcm-partial.test.ts); the padded A keeps C block-aligned.
    gmac.setAAD(padded);
    gmac.setAAD(ciphertext);
    gmac.final();
    const tag = gmac.getAuthTag();
    const correction = this.correction(ad.length, padded.length, ciphertext.length);
    for (let i = 0; i < BLOCK_BYTES; i++) tag[i]! ^= correction[i]!;
    return tag;
  }

  /** Whether `tag` is GCM's tag for the ciphertext, compared in constant time. */
  verify(nonce: Uint8Array, ad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): boolean {
    return tag.length === BLOCK_BYTES && timingSafeEqual(this.tagOf(nonce, ad, ciphertext), tag);
  }

  private correction(adBytes: number, paddedBytes: number, ciphertextBytes: number): Buffer {
    const key = `${adBytes}/${ciphertextBytes}`;
    let known = this.corrections.get(key);
    if (!known) {
      const difference =
        lengthBlock(adBytes, ciphertextBytes) ^ lengthBlock(paddedBytes + ciphertextBytes, 0);
      known = bigToBlock(gfMultiply(difference, this.h));
      if (this.corrections.size >= 16) this.corrections.clear();
      this.corrections.set(key, known);
    }
    return known;
  }
}

/**
 * Bytes [offset, offset + length) of the plaintext of a GCM ciphertext under a 12-byte nonce, decrypted alone
 * (its tag is not checked here: check it first). With a 96-bit nonce, J0 = nonce ‖ 1 and plaintext block i is
 * masked by E(K, nonce ‖ 2 + i) (SP 800-38D §7.2); OpenSSL's CTR counts the whole 128 bits, which is the same
 * as GCM's 32-bit count for as long as it does not wrap, which a chunk (at most 2^32 − 2 blocks) never does.
 */
export function gcmPlaintextRange(
  key: Buffer,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  offset: number,
  length: number,
): Buffer {
  gcmFor(key); // refuses a key that is not AES's
  if (nonce.length !== 12) throw new RangeError('A plaintext range needs a 96-bit GCM nonce');
  if (!(offset >= 0 && length >= 0 && offset + length <= ciphertext.length)) {
    throw new RangeError('The range lies outside the ciphertext');
  }
  // Block j takes counter 2 + j, which must stay below 2^32.
  if (Math.ceil((offset + length) / BLOCK_BYTES) > 2 ** 32 - 2) throw new RangeError('Beyond GCM’s counter');
  const firstBlock = Math.floor(offset / BLOCK_BYTES);
  const counter = Buffer.alloc(BLOCK_BYTES);
  counter.set(nonce);
  counter.writeUInt32BE(2 + firstBlock, 12);
  const ctr = createDecipheriv(`aes-${key.length * 8}-ctr`, key, counter);
  const from = firstBlock * BLOCK_BYTES;
  const plaintext = ctr.update(ciphertext.subarray(from, offset + length));
  return plaintext.subarray(offset - from);
}

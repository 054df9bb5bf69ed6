import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { GcmTagChecker, gcmPlaintextRange, gfMultiply } from './gcm-partial.js';

/** What node:crypto's GCM encryption gives: the ciphertext and its tag. */
function seal(key: Buffer, nonce: Buffer, ad: Buffer, plaintext: Buffer) {
  const cipher = createCipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, nonce);
  cipher.setAAD(ad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

const flipped = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
};

describe('GCM chunks opened in part: tags without decrypting, plaintext ranges (crypto/node/gcm-partial.ts)', () => {
  it('multiplies in GF(2^128) as SP 800-38D does: the identity element, and a product from the spec’s test case 2', () => {
    const one = 1n << 127n; // the polynomial 1 in GCM's reflected bit order
    const x = 0x0388dace60b6a392f328c2b971b2fe78n;
    assert.equal(gfMultiply(x, one), x);
    assert.equal(gfMultiply(one, x), x);
    // GCM spec test case 2 (AES-128, zero key, zero IV, one zero block): H = 66e94bd4ef8a2c3b884cfa59ca342b2e,
    // C = 0388dace60b6a392f328c2b971b2fe78, and X1 = C·H = 5e2ec746917062882c85b0685353deb7.
    assert.equal(gfMultiply(x, 0x66e94bd4ef8a2c3b884cfa59ca342b2en), 0x5e2ec746917062882c85b0685353deb7n);
  });

  const adLengths = [0, 1, 15, 16, 17, 42, 48];
  const ciphertextLengths = [0, 1, 15, 16, 17, 4096, 2 ** 20, 2 ** 20 + 5];
  for (const keyBytes of [16, 32]) {
    it(`gives GCM’s own tag for AES-${keyBytes * 8}, over additional data and ciphertext of every alignment`, () => {
      const key = randomBytes(keyBytes);
      const checker = new GcmTagChecker(key);
      for (const adLength of adLengths) {
        for (const length of ciphertextLengths) {
          const nonce = randomBytes(12);
          const ad = randomBytes(adLength);
          const { ciphertext, tag } = seal(key, nonce, ad, randomBytes(length));
          assert.deepEqual(checker.tagOf(nonce, ad, ciphertext), tag, `A ${adLength} B, C ${length} B`);
          assert.equal(checker.verify(nonce, ad, ciphertext, tag), true);
        }
      }
    });
  }

  it('refuses a changed ciphertext, tag, additional data or nonce, another key, and a short tag', () => {
    const key = randomBytes(32);
    const checker = new GcmTagChecker(key);
    const nonce = randomBytes(12);
    const ad = randomBytes(42);
    const { ciphertext, tag } = seal(key, nonce, ad, randomBytes(2 ** 20 + 5));
    assert.equal(checker.verify(nonce, ad, ciphertext, tag), true);
    for (const at of [0, 17, 2 ** 19, ciphertext.length - 1]) {
      assert.equal(checker.verify(nonce, ad, flipped(ciphertext, at), tag), false, `ciphertext byte ${at}`);
    }
    assert.equal(checker.verify(nonce, ad, ciphertext.subarray(0, -1), tag), false, 'one byte shorter');
    assert.equal(checker.verify(nonce, ad, Buffer.concat([ciphertext, Buffer.alloc(1)]), tag), false);
    assert.equal(checker.verify(nonce, ad, ciphertext, flipped(tag, 15)), false, 'tag');
    assert.equal(checker.verify(nonce, flipped(ad, 41), ciphertext, tag), false, 'additional data');
    assert.equal(checker.verify(nonce, ad.subarray(0, 41), ciphertext, tag), false, 'additional data cut');
    assert.equal(checker.verify(flipped(nonce, 11), ad, ciphertext, tag), false, 'nonce');
    assert.equal(new GcmTagChecker(randomBytes(32)).verify(nonce, ad, ciphertext, tag), false, 'key');
    assert.equal(checker.verify(nonce, ad, ciphertext, tag.subarray(0, 12)), false, 'short tag');
  });

  it('moves a ciphertext byte into the additional data without passing (the lengths are bound)', () => {
    const key = randomBytes(32);
    const checker = new GcmTagChecker(key);
    const nonce = randomBytes(12);
    const ad = randomBytes(16);
    const { ciphertext, tag } = seal(key, nonce, ad, randomBytes(64));
    const shifted = Buffer.concat([ad, ciphertext.subarray(0, 16)]);
    assert.equal(checker.verify(nonce, shifted, ciphertext.subarray(16), tag), false);
  });

  it('decrypts any range of the plaintext alone, as GCM decrypts it, and refuses ranges outside it', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const plaintext = randomBytes(2 ** 20 + 5);
    const { ciphertext } = seal(key, nonce, randomBytes(42), plaintext);
    const ranges = [
      [0, 0],
      [0, 1],
      [0, 9],
      [9, 300],
      [15, 2],
      [16, 16],
      [17, 40],
      [4095, 4097],
      [2 ** 20 - 3, 8],
      [2 ** 20 + 4, 1],
      [0, plaintext.length],
    ] as const;
    for (const [offset, length] of ranges) {
      assert.deepEqual(
        gcmPlaintextRange(key, nonce, ciphertext, offset, length),
        plaintext.subarray(offset, offset + length),
        `[${offset}, +${length})`,
      );
    }
    assert.throws(() => gcmPlaintextRange(key, nonce, ciphertext, plaintext.length - 1, 2), RangeError);
    assert.throws(() => gcmPlaintextRange(key, nonce, ciphertext, -1, 1), RangeError);
    assert.throws(() => gcmPlaintextRange(key, randomBytes(16), ciphertext, 0, 1), RangeError);
    assert.throws(() => gcmPlaintextRange(randomBytes(31), nonce, ciphertext, 0, 1), RangeError);
  });
});

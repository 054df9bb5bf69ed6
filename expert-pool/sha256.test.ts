import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { toHex } from '../crypto/index.js';
import { sha256 } from './sha256.js';

describe('expert-pool sha256', () => {
  it('matches node:crypto for every length across the padding boundaries and a long input', () => {
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 1000, 4096, 100_003];
    for (const n of lengths) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      assert.equal(toHex(sha256(data)), createHash('sha256').update(data).digest('hex'), `length ${n}`);
    }
  });

  it('gives the FIPS 180-2 test vector for "abc"', () => {
    assert.equal(
      toHex(sha256(new TextEncoder().encode('abc'))),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

import { sha256, concatBytes } from './sha256.js';

/**
 * The draw's deterministic CSPRNG: SHA-256 in counter mode. Block k is SHA-256(seed ‖ k as 4-byte
 * big-endian), read as eight big-endian 32-bit words, k = 0, 1, 2, ... Anyone holding the seed gets the
 * same stream; without the seed (i.e. before the secret is revealed) it cannot be predicted.
 */
export class DrawRng {
  private readonly seed: Uint8Array;
  private counter = 0;
  private words = new Uint32Array(0);
  private next = 0;

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new Error('DrawRng: the seed must be 32 bytes');
    this.seed = seed;
  }

  nextUint32(): number {
    if (this.next >= this.words.length) this.refill();
    return this.words[this.next++]!;
  }

  /**
   * A uniform integer in [0, n). Rejection sampling: words at or above the largest multiple of n below 2^32
   * are thrown away, so `word % n` has no modulo bias.
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000)
      throw new RangeError(`DrawRng.below: bad bound ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const word = this.nextUint32();
      if (word < limit) return word % n;
    }
  }

  private refill(): void {
    const k = new Uint8Array(4);
    new DataView(k.buffer).setUint32(0, this.counter++);
    const block = sha256(concatBytes(this.seed, k));
    const view = new DataView(block.buffer);
    this.words = new Uint32Array(8);
    for (let i = 0; i < 8; i++) this.words[i] = view.getUint32(i * 4);
    this.next = 0;
  }
}

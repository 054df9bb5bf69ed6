import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { fromHex } from '../crypto/index.js';
import { DrawRng } from './rng.js';

const seed = fromHex('ab'.repeat(32));

describe('DrawRng', () => {
  it('is SHA-256(seed ‖ counter) read as big-endian words', () => {
    const rng = new DrawRng(seed);
    const block0 = createHash('sha256')
      .update(seed)
      .update(Buffer.from([0, 0, 0, 0]))
      .digest();
    const block1 = createHash('sha256')
      .update(seed)
      .update(Buffer.from([0, 0, 0, 1]))
      .digest();
    for (let i = 0; i < 8; i++) assert.equal(rng.nextUint32(), block0.readUInt32BE(i * 4));
    assert.equal(rng.nextUint32(), block1.readUInt32BE(0));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = Array.from(
      { length: 50 },
      (
        (r) => () =>
          r.below(1000)
      )(new DrawRng(seed)),
    );
    const b = Array.from(
      { length: 50 },
      (
        (r) => () =>
          r.below(1000)
      )(new DrawRng(seed)),
    );
    const c = Array.from(
      { length: 50 },
      (
        (r) => () =>
          r.below(1000)
      )(new DrawRng(fromHex('cd'.repeat(32)))),
    );
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('stays in range, including n = 1 and n = 2^32', () => {
    const rng = new DrawRng(seed);
    for (const n of [1, 2, 3, 7, 1000, 2 ** 31 + 1, 2 ** 32]) {
      for (let i = 0; i < 200; i++) {
        const v = rng.below(n);
        assert.ok(Number.isInteger(v) && v >= 0 && v < n, `${v} for ${n}`);
      }
    }
    assert.equal(new DrawRng(seed).below(1), 0);
  });

  it('rejects words in the biased tail instead of folding them', () => {
    // For n = 2^31 + 1 the limit is 2^31 + 1, so about half the words are rejected; the results must
    // still be the accepted words themselves (word % n === word below the limit).
    const n = 2 ** 31 + 1;
    const raw = new DrawRng(seed);
    const accepted: number[] = [];
    while (accepted.length < 20) {
      const w = raw.nextUint32();
      if (w < n) accepted.push(w);
    }
    const rng = new DrawRng(seed);
    assert.deepEqual(
      Array.from({ length: 20 }, () => rng.below(n)),
      accepted,
    );
  });

  it('refuses bad seeds and bounds', () => {
    assert.throws(() => new DrawRng(new Uint8Array(31)), /32 bytes/);
    const rng = new DrawRng(seed);
    for (const n of [0, -1, 1.5, 2 ** 32 + 1, NaN]) assert.throws(() => rng.below(n), RangeError);
  });
});

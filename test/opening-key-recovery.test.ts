import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  keyCheck,
  recoverContentKey,
  shareCheck,
  splitKey,
  type SealedBidHeader,
} from '../crypto/sealed-bid/index.js';
import { keyCheckNow, recoverKey, shareCheckNow } from '../src/modules/opening/key-recovery.js';

/** A format 1 header with only what key recovery reads: the custodians' share checks and the key check. */
async function header(key: Uint8Array, shares: Uint8Array[], threshold: number) {
  return {
    version: 1,
    keyCheck: await keyCheck(key),
    custodians: {
      threshold,
      shares: await Promise.all(
        shares.map(async (s, i) => ({ position: i + 1, shareCheck: await shareCheck(i + 1, s) })),
      ),
    },
  } as unknown as SealedBidHeader;
}

describe('the opening recovers format 1 keys with synchronous check values (key-recovery.ts)', () => {
  it('computes the same check values as the sealed-bid library', async () => {
    for (let i = 0; i < 20; i++) {
      const value = Uint8Array.from(randomBytes(33));
      assert.equal(keyCheckNow(value), await keyCheck(value));
      assert.equal(shareCheckNow((i % 5) + 1, value), await shareCheck((i % 5) + 1, value));
    }
  });

  it('answers as recoverContentKey does: opens, names wrong shares, and finds an inconsistent split', async () => {
    const key = Uint8Array.from(randomBytes(32));
    const shares = await splitKey(key, 3, 2);
    const good = await header(key, shares, 2);
    const wrong = Uint8Array.from(shares[1]!).fill(7, 1);
    const other = await splitKey(Uint8Array.from(randomBytes(32)), 3, 2);
    // Every share checks against this header, yet they rebuild another key: the bidder split it wrongly.
    const inconsistent = await header(key, other, 2);
    const cases: [SealedBidHeader, { position: number; share: Uint8Array }[]][] = [
      [good, shares.map((share, i) => ({ position: i + 1, share }))],
      [
        good,
        [
          { position: 1, share: shares[0]! },
          { position: 2, share: wrong },
        ],
      ],
      [
        good,
        [
          { position: 1, share: shares[0]! },
          { position: 2, share: wrong },
          { position: 3, share: shares[2]! },
        ],
      ],
      [good, [{ position: 4, share: shares[0]! }]],
      [inconsistent, other.map((share, i) => ({ position: i + 1, share }))],
    ];
    for (const [h, released] of cases) {
      const fast = await recoverKey(h, released);
      const library = await recoverContentKey(h, released);
      assert.deepEqual(fast, library);
    }
    assert.equal(
      (
        await recoverKey(good, [
          { position: 1, share: shares[0]! },
          { position: 3, share: shares[2]! },
        ])
      ).ok,
      true,
    );
  });
});

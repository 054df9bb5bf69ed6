// The custodian's one secret act: unwrap its share of each bid with its own private key, and check
// the result against the share check the bidder put in the sealed header before letting it go. Runs
// in Node and in the browser (no Buffer), so the CLI agent and the web page release the same way.
import { toBase64 } from '../../crypto/encoding.js';
import { shareCheck, unwrapWith, type UnwrapKey } from '../../crypto/sealed-bid/key-material.js';
import { releaseShareV2, type ShareToRelease } from '../../crypto/sealed-bid/opening.js';
import type { ReleasedShare, WrappedShare } from './protocol.js';

export type UnwrapFailure = {
  bidId: string;
  reason: 'NO_SHARE_FOR_POSITION' | 'UNWRAP_FAILED' | 'SHARE_CHECK_MISMATCH';
  /** 2: a format 2 share this custodian's key could not decrypt; its own problem, not reportable. */
  formatVersion?: 2;
};

export interface UnwrapOutcome {
  shares: ReleasedShare[];
  /** Shares this custodian could not produce correctly: reported, never sent. */
  failures: UnwrapFailure[];
}

/**
 * The same steps as unwrapShare + isShareValid (crypto/sealed-bid/opening.ts), applied to the server's
 * per-position extract of each header rather than to the whole header, which the custodian never needs.
 */
export async function unwrapOwnShares(
  position: number,
  bids: WrappedShare[],
  key: UnwrapKey,
): Promise<UnwrapOutcome> {
  const outcome: UnwrapOutcome = { shares: [], failures: [] };
  for (const bid of bids) {
    if (bid.pvss) {
      await releaseV2(position, bid, bid.pvss, key, outcome);
      continue;
    }
    if (!bid.wrappedShare || !bid.shareCheck) {
      outcome.failures.push({ bidId: bid.bidId, reason: 'NO_SHARE_FOR_POSITION' });
      continue;
    }
    let share: Uint8Array;
    try {
      share = await unwrapWith(key, bid.wrappedShare);
    } catch {
      outcome.failures.push({ bidId: bid.bidId, reason: 'UNWRAP_FAILED' });
      continue;
    }
    if ((await shareCheck(position, share)) !== bid.shareCheck) {
      outcome.failures.push({ bidId: bid.bidId, reason: 'SHARE_CHECK_MISMATCH' });
    } else {
      outcome.shares.push({ bidId: bid.bidId, version: bid.version, share: toBase64(share) });
    }
    share.fill(0);
  }
  return outcome;
}

/**
 * Format 2: the share was proven against the bidder's commitments at receipt, so it decrypts by
 * construction; what can fail is this custodian's own key (a key record that is not its own, a wrong RSA
 * key). The release carries its own proof of correct decryption, which the server checks.
 */
async function releaseV2(
  position: number,
  bid: WrappedShare,
  pvss: ShareToRelease,
  key: UnwrapKey,
  outcome: UnwrapOutcome,
): Promise<void> {
  let share: Uint8Array;
  try {
    share = await releaseShareV2(pvss, position, key);
  } catch {
    outcome.failures.push({ bidId: bid.bidId, reason: 'UNWRAP_FAILED', formatVersion: 2 });
    return;
  }
  outcome.shares.push({ bidId: bid.bidId, version: bid.version, share: toBase64(share) });
}

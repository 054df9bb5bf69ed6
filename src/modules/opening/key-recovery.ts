import { createHash } from 'node:crypto';
import {
  combineShares,
  recoverContentKey,
  type KeyRecovery,
  type SealedBidHeader,
} from '../../../crypto/sealed-bid/index.js';

/**
 * recoverContentKey for the opening's main thread: the same checks and the same answers, but a format 1
 * bid's share and key checks (SPEC.md, "Check values") are hashed here with node:crypto at once instead of
 * through WebCrypto. Each WebCrypto digest is a job handed to the thread pool and back, four per bid: at a
 * large opening that hand-over, not the hashing of a few bytes, was the main thread's largest cost
 * (bench/opening.ts). Format 2 is left to the library (its checks are curve arithmetic, not digests).
 * key-recovery.test.ts holds both to the library's check values.
 */
export async function recoverKey(
  header: SealedBidHeader,
  released: { position: number; share: Uint8Array }[],
): Promise<KeyRecovery> {
  if (header.version !== 1) return recoverContentKey(header, released);
  const valid: { position: number; share: Uint8Array }[] = [];
  const wrongShares: number[] = [];
  for (const r of released) {
    const entry = header.custodians.shares.find((s) => s.position === r.position);
    if (entry !== undefined && entry.shareCheck === shareCheckNow(r.position, r.share)) valid.push(r);
    else wrongShares.push(r.position);
  }
  const positions = valid.map((v) => v.position);
  if (valid.length < header.custodians.threshold)
    return { ok: false, reason: 'NOT_ENOUGH_SHARES', valid: positions, wrongShares };
  const used = valid.slice(0, header.custodians.threshold);
  const key = await combineShares(used.map((u) => u.share));
  if (!(key.length === 32 && header.keyCheck === keyCheckNow(key)))
    return { ok: false, reason: 'INCONSISTENT_SPLIT', valid: positions, wrongShares };
  return { ok: true, key, used: used.map((u) => u.position), wrongShares };
}

/** keyCheck (crypto/sealed-bid/key-material.ts), computed synchronously. */
export const keyCheckNow = (key: Uint8Array) => checkValue('yangguang/sealed-bid/key-check\0', key);

/** shareCheck (crypto/sealed-bid/key-material.ts), computed synchronously. */
export const shareCheckNow = (position: number, share: Uint8Array) =>
  checkValue(`yangguang/sealed-bid/share-check/${position}\0`, share);

const checkValue = (domain: string, value: Uint8Array) =>
  createHash('sha256').update(domain, 'utf8').update(value).digest('hex');

// The audit hash chain (数据溯源, EB Art.49): each entry's hash covers the previous hash and the
// canonical entry, so changing, dropping or reordering any entry breaks every hash after it.
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './encoding.js';

/** The prevHash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainEntry = { seq: number; prevHash: string; hash: string; body: object };

export type ChainBreak = 'prev-hash-mismatch' | 'hash-mismatch' | 'seq-gap';

export type ChainVerdict = { ok: true; count: number } | { ok: false; brokenSeq: number; reason: ChainBreak };

export function chainHash(prevHash: string, entry: object): Promise<string> {
  // The newline keeps the two parts apart: a hash is fixed-length hex and never contains one.
  return sha256Hex(`${prevHash}\n${canonicalJson(entry)}`);
}

/**
 * Checks entries given in seq order, starting after startPrevHash (GENESIS_HASH, or the hash of a
 * signed checkpoint), and names the first broken entry: the one an auditor must look at.
 */
export async function verifyChain(
  entries: readonly ChainEntry[],
  startPrevHash: string = GENESIS_HASH,
): Promise<ChainVerdict> {
  let expectedPrevHash = startPrevHash;
  let previousSeq: number | undefined;
  for (const entry of entries) {
    const reason = await findBreak(entry, expectedPrevHash, previousSeq);
    if (reason) return { ok: false, brokenSeq: entry.seq, reason };
    expectedPrevHash = entry.hash;
    previousSeq = entry.seq;
  }
  return { ok: true, count: entries.length };
}

async function findBreak(
  entry: ChainEntry,
  expectedPrevHash: string,
  previousSeq: number | undefined,
): Promise<ChainBreak | undefined> {
  if (previousSeq !== undefined && entry.seq !== previousSeq + 1) return 'seq-gap';
  if (entry.prevHash !== expectedPrevHash) return 'prev-hash-mismatch';
  if ((await chainHash(entry.prevHash, entry.body)) !== entry.hash) return 'hash-mismatch';
  return undefined;
}

import { contentKeyFromBidder, type BidManifest } from '../../../crypto/sealed-bid/index.js';
import { withPriceField } from '../tenders/index.js';
import type { BidFormField } from '../tenders/index.js';
import type { OpeningRuntime } from './deps.js';
import { vaultContext } from './key-vault.js';
import { windowMaterial, type Material, type WindowMaterial } from './material.js';
import { recoverKey } from './key-recovery.js';
import type { OpeningModels } from './models.js';
import { commitBatch, type Settlement } from './settle-commit.js';
import { classifyUnopened, weighReports, type CustodianStanding } from './blame.js';
import type { BidAtDeadline } from './snapshot.js';

/**
 * Settles every given bid that can be settled now: with k valid shares (or the bidder's own key) it is
 * decrypted and opened or, by the cause of a failure, revoked or withdrawn (EB Art.31); without them it waits
 * until the window ends, then is withdrawn (custodians absent: not the bidder's fault) or revoked (the
 * bidder's split was inconsistent, or its own key was wrong). The bids come in windows (snapshot.ts), each
 * with its own material; the next window is read while this one decrypts, and no more than that is held.
 * Several bids decrypt at once (in the decrypt workers, one per core), and settlements commit in batches,
 * each re-checked under the rows' locks, so a rerun after a crash, or a second node, never settles a bid
 * twice. Returns how many settled.
 */
export async function settleBids(
  models: OpeningModels,
  deps: OpeningRuntime,
  bids: { count: number; windows: AsyncIterable<BidAtDeadline[]> },
  fields: BidFormField[],
  windowEndsAt: Date,
  signal?: AbortSignal,
): Promise<number> {
  if (bids.count === 0) return 0;
  const withPrice = withPriceField(fields);
  // Batches of up to 50, smaller for small openings so the hall sees bids settle as they go.
  const batchSize = Math.min(deps.settleBatch ?? 50, Math.max(1, Math.ceil(bids.count / 8)));
  const pending: Settlement[] = [];
  // Batches commit one after another while the next bids decrypt; at most one more waits behind the one
  // committing, so decryption never runs far ahead of what is durable.
  let committed = Promise.resolve(0);
  let uncommitted = 0;
  const flush = () => {
    const batch = pending.splice(0);
    uncommitted += 1;
    committed = committed
      .then(async (n) => n + (await commitBatch(models, deps, batch)))
      .finally(() => (uncommitted -= 1));
    committed.catch(() => {}); // a failed commit is thrown where it is awaited, not as unhandled
    return committed;
  };
  const next = windowQueue(models, deps, bids.windows);
  const lane = async () => {
    for (let item = await next(); item; item = await next()) {
      if (signal?.aborted) throw new Error('the opening job lost its lock');
      const { bid, material, standing } = item;
      const settlement = await decide(deps, bid, material, standing, withPrice, windowEndsAt);
      if (!settlement) continue;
      // Kept until its batch commits: the bid's ids and size and the manifest's form, not its header.
      const { bidId, tenderId, sectionId, version } = bid;
      const { form, attachments } = settlement.manifest ?? {};
      pending.push({
        ...settlement,
        bid: { bidId, tenderId, sectionId, version, plaintextSize: bid.header.plaintextSize },
        ...(settlement.manifest && { manifest: { form: form!, attachments: attachments! } }),
      });
      if (pending.length < batchSize) continue;
      void flush();
      if (uncommitted > 1) await committed;
    }
  };
  const concurrency = Math.max(
    1,
    Math.min(deps.decryptConcurrency ?? deps.decrypter.parallelism, bids.count),
  );
  // Every lane runs to its end, and what settled is committed, before a failure is thrown (the job retries).
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  const settled = await flush();
  const failed = lanes.find((l) => l.status === 'rejected');
  if (failed) throw failed.reason;
  return settled;
}

interface Item {
  bid: BidAtDeadline;
  material: Material | undefined;
  standing: WindowMaterial['standing'];
}

/**
 * The bids one at a time, for several lanes at once: a window and its material are read ahead while the
 * lanes work through the one before, so decryption does not wait on the database between windows.
 */
function windowQueue(models: OpeningModels, deps: OpeningRuntime, windows: AsyncIterable<BidAtDeadline[]>) {
  const source = (async function* () {
    for await (const bids of windows) {
      if (bids.length === 0) continue;
      const { byBid, standing } = await windowMaterial(models, deps, bids);
      yield bids.map((bid): Item => ({ bid, material: byBid.get(bid.bidId), standing }));
    }
  })();
  let ahead = source.next();
  ahead.catch(() => {}); // thrown to the lanes that await it
  let items: Item[] = [];
  let at = 0;
  let done = false;
  return async function next(): Promise<Item | undefined> {
    for (;;) {
      if (at < items.length) {
        const item = items[at]!;
        items[at++] = undefined as never; // settled bids are not held until the window ends
        return item;
      }
      if (done) return undefined;
      const awaited = ahead;
      const window = await awaited;
      if (awaited !== ahead) continue; // another lane took this window in already
      if (window.done) {
        done = true;
        continue;
      }
      [items, at] = [window.value, 0];
      ahead = source.next();
      ahead.catch(() => {});
    }
  };
}

/** A settlement as decided, with the whole bid and manifest (settleBids keeps less of them). */
type Decided = Omit<Settlement, 'bid' | 'manifest'> & { bid: BidAtDeadline; manifest?: BidManifest };

async function decide(
  deps: OpeningRuntime,
  bid: BidAtDeadline,
  material: Material | undefined,
  standing: Map<number, CustodianStanding>,
  fields: BidFormField[],
  windowEndsAt: Date,
): Promise<Decided | undefined> {
  const shares = material?.shares ?? [];
  const bidderKey = material?.bidderKey;
  // Wrong shares are their custodians' doing, also one sent after that custodian's valid share.
  const wrong = [
    ...new Set([...shares.filter((s) => !s.valid || s.wrongAfterValid > 0).map((s) => s.position)]),
  ].sort((a, b) => a - b);
  const weighed = weighReports(bid, material?.reports ?? [], standing);
  const evidence = weighed.evidence;
  const recovery = await recoverKey(
    bid.header,
    shares.filter((s) => s.valid).map((s) => ({ position: s.position, share: s.share })),
  );
  let key: Uint8Array | undefined;
  let keySource: Decided['keySource'] = null;
  const fromBidder = bidderKey?.valid ? await contentKeyFromBidder(bid.header, bidderKey.key) : null;
  if (recovery.ok) [key, keySource] = [recovery.key, 'custodians'];
  else if (fromBidder) [key, keySource] = [fromBidder, 'bidder'];

  if (key) {
    const decryption = await deps.decrypter.decrypt(bid, key, fields);
    const sealedKey = decryption.ok
      ? deps.vault.seal(vaultContext.contentKey(bid.bidId, bid.version), key)
      : undefined;
    key.fill(0);
    if (decryption.ok) {
      const { manifest } = decryption;
      return {
        bid,
        outcome: 'opened',
        reason: null,
        detail: null,
        blamed: wrong,
        keySource,
        manifest,
        sealedKey,
        evidence,
      };
    }
    return { bid, ...decryption, blamed: wrong, keySource, evidence };
  }
  if (deps.clock.now() < windowEndsAt) return undefined; // wait for more shares or the bidder's key
  const settled = { bid, keySource: null, evidence };
  if (!recovery.ok && recovery.reason === 'INCONSISTENT_SPLIT') {
    const detail = 'the released shares all check out but rebuild another key: the bidder split it wrongly';
    return { ...settled, outcome: 'revoked', reason: 'INCONSISTENT_SPLIT', detail, blamed: wrong };
  }
  if (bidderKey && !bidderKey.valid) {
    const detail = "too few custodian shares, and the key the bidder sent is not this bid's key";
    return { ...settled, outcome: 'revoked', reason: 'BIDDER_KEY_WRONG', detail, blamed: wrong };
  }
  const valid = new Set(shares.filter((s) => s.valid).map((s) => s.position));
  const threshold = bid.header.custodians.threshold;
  const verdict = classifyUnopened({
    positions: bid.header.custodians.shares.map((s) => s.position),
    threshold,
    valid,
    credited: weighed.credited,
    wrong,
  });
  const detail =
    verdict.reason === 'SHARES_UNUSABLE'
      ? `custodians ${[...weighed.credited].sort((a, b) => a - b).join(', ')} reported, signed, that their ` +
        `wrapped shares of this bid are unusable, and each released checked shares of the tender's other ` +
        `bids; ${valid.size} of ${threshold} shares needed could be made, and the bidder sent no key`
      : `${valid.size} of ${threshold} shares needed arrived before the window ended`;
  return { ...settled, ...verdict, detail };
}

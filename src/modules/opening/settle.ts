import { recoverContentKey } from '../../../crypto/sealed-bid/index.js';
import { withPriceField } from '../tenders/bid-form.js';
import type { BidFormField } from '../tenders/models.js';
import { decryptBid, type Decryption } from './decrypt.js';
import { systemContext, type OpeningDeps } from './deps.js';
import type { OpeningBid, OpeningModels, Outcome } from './models.js';
import type { BidAtDeadline } from './snapshot.js';

interface Settlement {
  outcome: Outcome;
  reason: string | null;
  detail: string | null;
  blamed: number[];
  keySource: 'custodians' | 'bidder' | null;
  decryption?: Extract<Decryption, { ok: true }>;
}

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/**
 * Settles one frozen bid if it can be settled now: with k valid shares (or the bidder's own key) it is
 * decrypted and opened or, by the cause of a failure, revoked or withdrawn (EB Art.31); without them it waits
 * until the window ends, then is withdrawn (custodians absent: not the bidder's fault) or revoked (the
 * bidder's split was inconsistent, or its own key was wrong). Returns whether it settled.
 */
export async function settleBid(
  models: OpeningModels,
  deps: OpeningDeps,
  bid: BidAtDeadline,
  fields: BidFormField[],
  windowEndsAt: Date,
): Promise<boolean> {
  const settlement = await decide(models, deps, bid, withPriceField(fields), windowEndsAt);
  if (!settlement) return false;
  const { db, audit, events, clock } = deps;
  const staged = settlement.decryption?.staged;
  try {
    return await db.transaction(async (t) => {
      const row = await models.OpeningBid.findByPk(bid.bidId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!row || row.outcome !== null) return false; // another run settled it first
      const manifest = settlement.decryption?.manifest;
      await staged?.commit();
      await row.update(
        {
          outcome: settlement.outcome,
          reason: settlement.reason,
          detail: settlement.detail?.slice(0, 500) ?? null,
          blamed: JSON.stringify(settlement.blamed),
          keySource: settlement.keySource,
          form: manifest ? JSON.stringify(manifest.form) : null,
          attachments: manifest ? JSON.stringify(manifest.attachments) : null,
          packageSha256: staged?.sha256 ?? null,
          packageSize: staged?.size ?? null,
          settledAt: clock.now(),
        } satisfies Partial<OpeningBid>,
        { transaction: t },
      );
      await audit.append(t, systemContext(`opening:${bid.tenderId}`), {
        action: 'opening.bid-settle',
        subject: `bid:${bid.bidId}`,
        data: {
          tenderId: bid.tenderId,
          version: bid.version,
          outcome: settlement.outcome,
          reason: settlement.reason,
          blamed: settlement.blamed,
          keySource: settlement.keySource,
          ...(staged && { packageSha256: staged.sha256 }),
        },
      });
      events.publishAfterCommit(t, 'opening.bid-settled', {
        tenderId: bid.tenderId,
        sectionId: bid.sectionId,
        bidId: bid.bidId,
        outcome: settlement.outcome,
      });
      return true;
    });
  } finally {
    await staged?.discard(); // a no-op once committed
  }
}

async function decide(
  models: OpeningModels,
  deps: OpeningDeps,
  bid: BidAtDeadline,
  fields: BidFormField[],
  windowEndsAt: Date,
): Promise<Settlement | undefined> {
  const [shares, bidderKey] = await Promise.all([
    models.OpeningShare.findAll({ where: { bidId: bid.bidId, version: bid.version } }),
    models.OpeningBidderKey.findByPk(bid.bidId),
  ]);
  const wrong = shares.filter((s) => !s.valid).map((s) => s.position);
  const recovery = await recoverContentKey(
    bid.header,
    shares.filter((s) => s.valid).map((s) => ({ position: s.position, share: bytes(s.share) })),
  );
  let key: Uint8Array | undefined;
  let keySource: Settlement['keySource'] = null;
  if (recovery.ok) [key, keySource] = [recovery.key, 'custodians'];
  else if (bidderKey?.valid) [key, keySource] = [bytes(bidderKey.contentKey), 'bidder'];

  if (key) {
    const decryption = await decryptBid(deps.blobs, (sha) => deps.bids.openSealed(sha), bid, key, fields);
    key.fill(0);
    if (decryption.ok)
      return { outcome: 'opened', reason: null, detail: null, blamed: wrong, keySource, decryption };
    return { ...decryption, blamed: wrong, keySource };
  }
  if (deps.clock.now() < windowEndsAt) return undefined; // wait for more shares or the bidder's key
  if (!recovery.ok && recovery.reason === 'INCONSISTENT_SPLIT') {
    const detail = 'the released shares all check out but rebuild another key: the bidder split it wrongly';
    return { outcome: 'revoked', reason: 'INCONSISTENT_SPLIT', detail, blamed: wrong, keySource: null };
  }
  if (bidderKey && !bidderKey.valid) {
    const detail = "too few custodian shares, and the key the bidder sent is not this bid's key";
    return { outcome: 'revoked', reason: 'BIDDER_KEY_WRONG', detail, blamed: wrong, keySource: null };
  }
  const valid = new Set(shares.filter((s) => s.valid).map((s) => s.position));
  const blamed = bid.header.custodians.shares.map((s) => s.position).filter((p) => !valid.has(p));
  const detail = `${valid.size} of ${bid.header.custodians.threshold} shares needed arrived before the window ended`;
  return { outcome: 'withdrawn', reason: 'NOT_ENOUGH_SHARES', detail, blamed, keySource: null };
}

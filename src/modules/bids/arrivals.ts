import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { sealedBid } from '../../../crypto/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { AppError, conflict } from '../../platform/errors.js';
import type { StagedBlob } from '../../platform/storage/blob-store.js';
import { assertOpenForBids } from './checks.js';
import type { Settled } from './group-commit.js';
import type { SubmissionHeaders } from './http.js';
import type { Bid, BidModels, BidVersion } from './models.js';
import type { BidDeps } from './service.js';
import type { BiddingTerms } from '../tenders/index.js';

/** An upload whose body has ended and passed every check that needs no lock. */
export interface Arrival {
  ctx: RequestContext;
  /** Read before the upload; the status and deadline are read again under the lock. */
  terms: BiddingTerms;
  party: { name: string; uscc: string };
  tenderId: string;
  sectionId: string;
  staged: StagedBlob;
  summary: sealedBid.SealedBidSummary;
  headers: SubmissionHeaders;
}

export const partyOf = (a: Arrival) => a.ctx.actor!.partyId!;

/** Uploads that must not share a batch: the same bid (one bidder, one section), or the same key. */
export function arrivalKeys(a: Arrival): string[] {
  const keys = [`bid:${a.tenderId}/${a.sectionId}/${partyOf(a)}`];
  if (a.headers.idempotencyKey) keys.push(`key:${partyOf(a)}/${a.headers.idempotencyKey}`);
  return keys;
}

/** What the checks under the lock decided for one upload. */
export interface NewVersion {
  replay?: undefined;
  bid: Bid | null;
  expiredKey: BidVersion | null;
  bidId: string;
  version: number;
}
export type Decision = { replay: BidVersion } | NewVersion;

/**
 * The checks of a batch of uploads under their tenders' locks, in the caller's transaction, with the clock
 * read once under the locks: an Idempotency-Key seen before answers as before (or is refused for another
 * file); otherwise the tender must take bids now, and the upload becomes the bid's next version. A refusal
 * is settled with its error; any other error throws. Nothing is written here. No two uploads of a batch
 * share a bid or a key (arrivalKeys), so each is checked against committed rows alone.
 */
export async function decideArrivals(
  t: Transaction,
  deps: BidDeps,
  models: BidModels,
  arrivals: Arrival[],
): Promise<{ now: Date; decisions: Settled<Decision>[] }> {
  const { Bid, BidVersion } = models;
  // One order for the locks, so batches on several nodes never wait on each other in a circle.
  const locked = new Map<string, Pick<BiddingTerms, 'status' | 'bidDeadline' | 'hold'>>();
  for (const id of [...new Set(arrivals.map((a) => a.tenderId))].sort()) {
    locked.set(id, await deps.tenders.lockBidding(t, id));
  }
  const now = deps.clock.now();
  const keyed = arrivals.filter((a) => a.headers.idempotencyKey);
  const priors = keyed.length
    ? await BidVersion.findAll({
        where: {
          [Op.or]: keyed.map((a) => ({
            bidderPartyId: partyOf(a),
            idempotencyKey: a.headers.idempotencyKey,
          })),
        },
        transaction: t,
      })
    : [];
  const bids = await Bid.findAll({
    where: {
      [Op.or]: arrivals.map((a) => ({
        tenderId: a.tenderId,
        sectionId: a.sectionId,
        bidderPartyId: partyOf(a),
      })),
    },
    transaction: t,
  });

  const decide = (a: Arrival): Decision => {
    const key = a.headers.idempotencyKey;
    const prior =
      priors.find((p) => key && p.idempotencyKey === key && p.bidderPartyId === partyOf(a)) ?? null;
    if (prior && prior.idempotencyExpiresAt! > now) {
      if (prior.blobSha256 !== a.staged.sha256) {
        throw conflict(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another file; use a new key for a new upload',
        );
      }
      return { replay: prior };
    }
    assertOpenForBids({ ...a.terms, ...locked.get(a.tenderId)! }, now);
    const bid =
      bids.find(
        (b) => b.tenderId === a.tenderId && b.sectionId === a.sectionId && b.bidderPartyId === partyOf(a),
      ) ?? null;
    // An expired key may name a new upload; the old version keeps everything but the key.
    return {
      bid,
      expiredKey: prior,
      bidId: bid?.id ?? randomUUID(),
      version: (bid?.currentVersion ?? 0) + 1,
    };
  };
  const decisions = arrivals.map((a): Settled<Decision> => {
    try {
      return { ok: true, value: decide(a) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error };
      throw error;
    }
  });
  return { now, decisions };
}

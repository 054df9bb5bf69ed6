import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { canonicalJson, type sealedBid, type SignedBidReceipt } from '../../../crypto/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { AppError, conflict } from '../../platform/errors.js';
import type { StagedBlob } from '../../platform/storage/blob-store.js';
import { assertOpenForBids } from './checks.js';
import type { Settled } from './group-commit.js';
import type { SubmissionHeaders } from './http.js';
import type { Bid, BidModels, BidVersion } from './models.js';
import { bidReceipt } from './receipts.js';
import type { Submission } from './schemas.js';
import type { BidDeps } from './service.js';
import type { BiddingTerms } from '../tenders/service.js';
import { toBidView } from './views.js';

const IDEMPOTENCY_MS = 24 * 3600_000;

export interface Recorded {
  submission: Submission;
  /** False when an Idempotency-Key replay answered with the original submission. */
  created: boolean;
}

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

const partyOf = (a: Arrival) => a.ctx.actor!.partyId!;

/** Uploads that must not share a batch: the same bid (one bidder, one section), or the same key. */
export function arrivalKeys(a: Arrival): string[] {
  const keys = [`bid:${a.tenderId}/${a.sectionId}/${partyOf(a)}`];
  if (a.headers.idempotencyKey) keys.push(`key:${partyOf(a)}/${a.headers.idempotencyKey}`);
  return keys;
}

/** What the checks under the lock decided for one upload. */
type Decision =
  | { replay: BidVersion }
  | { replay?: undefined; bid: Bid | null; expiredKey: BidVersion | null; bidId: string; version: number };

/**
 * The commit of a batch of uploads (see GroupCommit), inside the caller's transaction, under their tenders'
 * locks. For each upload, with the clock read once under the locks: an Idempotency-Key seen before answers
 * as before; otherwise the deadline and status are checked, the version is recorded and receipted. An upload
 * refused here is settled with its error and writes nothing; any other error throws, failing the batch. The
 * blobs are published last, so the rows commit only once they are durable. No two uploads of a batch share
 * a bid or a key (arrivalKeys), so each is checked against committed rows alone.
 */
export async function recordArrivals(
  t: Transaction,
  deps: BidDeps,
  models: BidModels,
  arrivals: Arrival[],
): Promise<Settled<Recorded>[]> {
  const { Bid, BidVersion } = models;
  // One order for the locks, so batches on several nodes never wait on each other in a circle.
  const locked = new Map<string, Pick<BiddingTerms, 'status' | 'bidDeadline'>>();
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
  const decisions: Settled<Decision>[] = arrivals.map((a) => {
    try {
      return { ok: true, value: decide(a) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error };
      throw error;
    }
  });

  // The receipts' content is fixed now: they are signed together, and sent only after the commit.
  const receipts = await Promise.all(
    arrivals.map((a, i) => {
      const d = decisions[i]!;
      if (!d.ok || d.value.replay) return null;
      return bidReceipt(
        deps.signer,
        {
          tender: { id: a.terms.id, code: a.terms.code },
          section: a.terms.sections.find((s) => s.id === a.sectionId)!,
          bidder: { partyId: partyOf(a), name: a.party.name, uscc: a.party.uscc },
        },
        { bidId: d.value.bidId, bidVersion: d.value.version, ...stored(a), receivedAt: now },
      );
    }),
  );

  const outcomes: Settled<Recorded>[] = [];
  for (const [i, a] of arrivals.entries()) {
    const d = decisions[i]!;
    if (!d.ok) outcomes.push(d);
    else if (d.value.replay)
      outcomes.push({ ok: true, value: await replay(t, deps, models, a, d.value.replay) });
    else outcomes.push({ ok: true, value: await record(t, deps, models, a, d.value, receipts[i]!, now) });
  }
  const published = arrivals.filter((_, i) => receipts[i]);
  await deps.blobs.commitAll(published.map((a) => a.staged)); // durable before the rows naming them commit
  return outcomes;
}

const stored = (a: Arrival) => ({ ciphertextSha256: a.staged.sha256, size: a.staged.size });

/** The original answer again; nothing new is stored but the audit entry. */
async function replay(t: Transaction, deps: BidDeps, models: BidModels, a: Arrival, prior: BidVersion) {
  const bid = (await models.Bid.findByPk(prior.bidId, { transaction: t }))!;
  await deps.audit.append(t, a.ctx, {
    action: 'bid.submission-replayed',
    subject: `bid:${bid.id}`,
    data: { version: prior.version },
  });
  const receipt = JSON.parse(prior.receipt) as SignedBidReceipt;
  return { submission: { bid: toBidView(bid, prior), receipt }, created: false };
}

/** The new version's rows, its audit entry and event. */
async function record(
  t: Transaction,
  deps: BidDeps,
  models: BidModels,
  a: Arrival,
  d: Exclude<Decision, { replay: BidVersion }>,
  receipt: SignedBidReceipt,
  now: Date,
): Promise<Recorded> {
  const { ctx, headers, summary } = a;
  const partyId = partyOf(a);
  const key = headers.idempotencyKey;
  if (d.expiredKey) {
    await d.expiredKey.update({ idempotencyKey: null, idempotencyExpiresAt: null }, { transaction: t });
  }
  // A replacement only while a version counts; after a withdrawal it is a new submission.
  const replaced = d.bid !== null && d.bid.status === 'submitted';
  const current = {
    status: 'submitted' as const,
    currentVersion: d.version,
    withdrawnAt: null,
    withdrawalReceipt: null,
  };
  const bidRow = d.bid
    ? await d.bid.update(current, { transaction: t })
    : await models.Bid.create(
        { id: d.bidId, tenderId: a.tenderId, sectionId: a.sectionId, bidderPartyId: partyId, ...current },
        { transaction: t },
      );
  const row = await models.BidVersion.create(
    {
      id: randomUUID(),
      bidId: d.bidId,
      version: d.version,
      bidderPartyId: partyId,
      submittedBy: ctx.actor!.userId,
      blobSha256: a.staged.sha256,
      size: a.staged.size,
      header: canonicalJson(summary.header),
      headerSha256: summary.headerSha256,
      bodyDigest: summary.bodyDigest,
      signature: summary.signature,
      certificateSerial: summary.header.bidder.certificateSerial,
      receivedAt: now,
      ip: ctx.ip,
      userAgent: headers.userAgent,
      device: headers.device && JSON.stringify(headers.device),
      depositAccount: headers.depositAccount && JSON.stringify(headers.depositAccount),
      idempotencyKey: key,
      idempotencyExpiresAt: key ? new Date(now.getTime() + IDEMPOTENCY_MS) : null,
      receipt: JSON.stringify(receipt),
    },
    { transaction: t },
  );
  const fact = { tenderId: a.tenderId, sectionId: a.sectionId, version: d.version };
  await deps.audit.append(t, ctx, {
    action: replaced ? 'bid.replace' : 'bid.submit',
    subject: `bid:${d.bidId}`,
    data: { ...fact, ...stored(a), certificateSerial: row.certificateSerial },
  });
  const event = { bidId: d.bidId, bidderPartyId: partyId, ...fact, ...stored(a), at: now.toISOString() };
  deps.events.publishAfterCommit(t, replaced ? 'bid.replaced' : 'bid.submitted', event);
  return { submission: { bid: toBidView(bidRow, row), receipt }, created: true };
}

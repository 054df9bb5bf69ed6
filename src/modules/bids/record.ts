import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { canonicalJson, type SignedBidReceipt } from '../../../crypto/index.js';
import { decideArrivals, partyOf, type Arrival, type NewVersion } from './arrivals.js';
import type { Settled } from './group-commit.js';
import type { BidModels } from './models.js';
import { bidReceipt } from './receipts.js';
import type { Submission } from './schemas.js';
import type { BidDeps } from './service.js';
import { toBidView } from './views.js';

const IDEMPOTENCY_MS = 24 * 3600_000;

export interface Recorded {
  submission: Submission;
  /** False when an Idempotency-Key replay answered with the original submission. */
  created: boolean;
}

/**
 * The commit of a batch of uploads (see GroupCommit) inside the caller's transaction: the checks under the
 * tenders' locks (decideArrivals), then for each upload that passed, its receipt, rows, audit entry and
 * event, written together. An upload refused is settled with its error and writes nothing; any other error
 * throws, failing the batch. The blobs are published last, so the rows commit only once they are durable.
 */
export async function recordArrivals(
  t: Transaction,
  deps: BidDeps,
  models: BidModels,
  arrivals: Arrival[],
): Promise<Settled<Recorded>[]> {
  const { Bid, BidVersion } = models;
  const { now, decisions } = await decideArrivals(t, deps, models, arrivals);

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
        {
          bidId: d.value.bidId,
          bidVersion: d.value.version,
          ...stored(a),
          receivedAt: now,
          formatVersion: a.summary.header.version,
        },
      );
    }),
  );

  // Every upload refused above is settled with its error and writes nothing; the rest are written together.
  const outcomes: Settled<Recorded>[] = [];
  const entries: Parameters<BidDeps['audit']['appendAll']>[1] = [];
  const fresh: { at: number; a: Arrival; d: NewVersion; receipt: SignedBidReceipt; replaced: boolean }[] = [];
  for (const [at, a] of arrivals.entries()) {
    const d = decisions[at]!;
    if (!d.ok) outcomes[at] = d;
    else if (d.value.replay) {
      const prior = d.value.replay;
      const bid = (await Bid.findByPk(prior.bidId, { transaction: t }))!;
      const receipt = JSON.parse(prior.receipt) as SignedBidReceipt;
      outcomes[at] = {
        ok: true,
        value: { submission: { bid: toBidView(bid, prior), receipt }, created: false },
      };
      entries.push({ ctx: a.ctx, record: replayed(bid.id, prior.version) });
    } else {
      // A replacement only while a version counts; after a withdrawal it is a new submission.
      const replaced = d.value.bid?.status === 'submitted';
      fresh.push({ at, a, d: d.value, receipt: receipts[at]!, replaced });
      entries.push({ ctx: a.ctx, record: submitted(a, d.value, replaced) });
    }
  }
  for (const { d } of fresh) {
    // An expired key may name a new upload; the old version keeps everything but the key.
    await d.expiredKey?.update({ idempotencyKey: null, idempotencyExpiresAt: null }, { transaction: t });
    await d.bid?.update(counting(d.version), { transaction: t });
  }
  const created = await Bid.bulkCreate(
    fresh
      .filter((f) => !f.d.bid)
      .map(({ a, d }) => ({
        id: d.bidId,
        tenderId: a.tenderId,
        sectionId: a.sectionId,
        bidderPartyId: partyOf(a),
        ...counting(d.version),
      })),
    { transaction: t },
  );
  const versions = await BidVersion.bulkCreate(
    fresh.map((f) => versionRow(f.a, f.d, f.receipt, now)),
    { transaction: t },
  );
  await deps.audit.appendAll(t, entries);
  for (const [i, { at, a, d, receipt, replaced }] of fresh.entries()) {
    const bid = d.bid ?? created.find((b) => b.id === d.bidId)!;
    outcomes[at] = {
      ok: true,
      value: { submission: { bid: toBidView(bid, versions[i]!), receipt }, created: true },
    };
    const event = {
      bidId: d.bidId,
      bidderPartyId: partyOf(a),
      ...fact(a, d),
      ...stored(a),
      at: now.toISOString(),
    };
    await deps.events.publishAfterCommit(t, a.ctx, replaced ? 'bid.replaced' : 'bid.submitted', event);
  }
  await deps.blobs.commitAll(fresh.map((f) => f.a.staged)); // durable before the rows naming them commit
  return outcomes;
}

const stored = (a: Arrival) => ({ ciphertextSha256: a.staged.sha256, size: a.staged.size });
const fact = (a: Arrival, d: NewVersion) => ({
  tenderId: a.tenderId,
  sectionId: a.sectionId,
  version: d.version,
});
const counting = (version: number) => ({
  status: 'submitted' as const,
  currentVersion: version,
  withdrawnAt: null,
  withdrawalReceipt: null,
});

const replayed = (bidId: string, version: number) => ({
  action: 'bid.submission-replayed',
  subject: `bid:${bidId}`,
  data: { version },
});

function submitted(a: Arrival, d: NewVersion, replaced: boolean) {
  const certificateSerial = a.summary.header.bidder.certificateSerial;
  return {
    action: replaced ? 'bid.replace' : 'bid.submit',
    subject: `bid:${d.bidId}`,
    data: { ...fact(a, d), ...stored(a), certificateSerial },
  };
}

/** The uploaded file as checked and received, with what supervision records about the upload. */
function versionRow(a: Arrival, d: NewVersion, receipt: SignedBidReceipt, now: Date) {
  const { ctx, headers, summary } = a;
  const key = headers.idempotencyKey;
  return {
    id: randomUUID(),
    bidId: d.bidId,
    version: d.version,
    bidderPartyId: partyOf(a),
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
  };
}

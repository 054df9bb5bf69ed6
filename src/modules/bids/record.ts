import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { canonicalJson, type sealedBid } from '../../../crypto/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { conflict } from '../../platform/errors.js';
import type { StagedBlob } from '../../platform/storage/blob-store.js';
import { assertOpenForBids } from './checks.js';
import type { SubmissionHeaders } from './http.js';
import type { BidModels } from './models.js';
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

export interface Arrival {
  /** Read before the upload; the status and deadline are read again under the lock. */
  terms: BiddingTerms;
  party: { name: string; uscc: string };
  tenderId: string;
  sectionId: string;
  staged: StagedBlob;
  summary: sealedBid.SealedBidSummary;
  headers: SubmissionHeaders;
}

/**
 * The commit of one upload, inside the caller's transaction, under the tender's lock: an Idempotency-Key
 * seen before answers as before; otherwise the deadline is checked against the clock now, the version is
 * recorded and receipted, and the blob is published last, so the rows commit only once it is durable.
 */
export async function recordArrival(
  t: Transaction,
  ctx: RequestContext,
  deps: BidDeps,
  models: BidModels,
  a: Arrival,
): Promise<Recorded> {
  const { Bid, BidVersion } = models;
  const actor = ctx.actor!;
  const partyId = actor.partyId!;
  const terms = { ...a.terms, ...(await deps.tenders.lockBidding(t, a.tenderId)) };
  const now = deps.clock.now();
  const key = a.headers.idempotencyKey;
  if (key) {
    const prior = await BidVersion.findOne({
      where: { bidderPartyId: partyId, idempotencyKey: key },
      transaction: t,
    });
    if (prior && prior.idempotencyExpiresAt! > now) {
      if (prior.blobSha256 !== a.staged.sha256) {
        throw conflict(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another file; use a new key for a new upload',
        );
      }
      const bid = (await Bid.findByPk(prior.bidId, { transaction: t }))!;
      await deps.audit.append(t, ctx, {
        action: 'bid.submission-replayed',
        subject: `bid:${bid.id}`,
        data: { version: prior.version },
      });
      return {
        submission: { bid: toBidView(bid, prior), receipt: JSON.parse(prior.receipt) },
        created: false,
      };
    }
    // An expired key may name a new upload; the old version keeps everything but the key.
    if (prior) await prior.update({ idempotencyKey: null, idempotencyExpiresAt: null }, { transaction: t });
  }
  assertOpenForBids(terms, now);

  const existing = await Bid.findOne({
    where: { tenderId: a.tenderId, sectionId: a.sectionId, bidderPartyId: partyId },
    transaction: t,
  });
  const bidId = existing?.id ?? randomUUID();
  const version = (existing?.currentVersion ?? 0) + 1;
  const section = terms.sections.find((s) => s.id === a.sectionId)!;
  const receipt = await bidReceipt(
    deps.signer,
    {
      tender: { id: terms.id, code: terms.code },
      section,
      bidder: { partyId, name: a.party.name, uscc: a.party.uscc },
    },
    { bidId, bidVersion: version, ciphertextSha256: a.staged.sha256, size: a.staged.size, receivedAt: now },
  );
  const bidRow = existing
    ? await existing.update(
        { status: 'submitted', currentVersion: version, withdrawnAt: null, withdrawalReceipt: null },
        { transaction: t },
      )
    : await Bid.create(
        {
          id: bidId,
          tenderId: a.tenderId,
          sectionId: a.sectionId,
          bidderPartyId: partyId,
          status: 'submitted',
          currentVersion: version,
          withdrawnAt: null,
          withdrawalReceipt: null,
        },
        { transaction: t },
      );
  const { summary, headers } = a;
  const row = await BidVersion.create(
    {
      id: randomUUID(),
      bidId,
      version,
      bidderPartyId: partyId,
      submittedBy: actor.userId,
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
  // A replacement only while a version counts; after a withdrawal it is a new submission.
  const replaced = existing !== null && existing.status === 'submitted';
  const fact = { tenderId: a.tenderId, sectionId: a.sectionId, version };
  const stored = { ciphertextSha256: a.staged.sha256, size: a.staged.size };
  await deps.audit.append(t, ctx, {
    action: replaced ? 'bid.replace' : 'bid.submit',
    subject: `bid:${bidId}`,
    data: { ...fact, ...stored, certificateSerial: row.certificateSerial },
  });
  const event = { bidId, bidderPartyId: partyId, ...fact, ...stored, at: now.toISOString() };
  deps.events.publishAfterCommit(t, replaced ? 'bid.replaced' : 'bid.submitted', event);
  await a.staged.commit(); // durable under its name before the rows that name it commit
  return { submission: { bid: toBidView(bidRow, row), receipt }, created: true };
}

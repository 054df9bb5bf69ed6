import { randomUUID } from 'node:crypto';
import type { InferCreationAttributes, Transaction } from 'sequelize';
import { isContentKey, isShareValid, releasedShareBytes } from '../../../crypto/sealed-bid/index.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { can } from '../tenders/index.js';
import { OPENING_JOB, type OpeningRuntime } from './deps.js';
import { vaultContext } from './key-vault.js';
import type { OpeningModels, OpeningShare } from './models.js';
import {
  inWindows,
  openableBidCount,
  openableBidsNamed,
  openableWindows,
  type BidAtDeadline,
} from './snapshot.js';

const KEY_BYTES = 32;
const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/**
 * Key material released after the deadline: custodians' shares (each for its own position only) and a
 * bidder's own content key (EB Art.30). Before the deadline, by the server clock to the millisecond, every
 * call is refused, so no key or share can reach the platform while bids are sealed.
 */
export class KeyReleases {
  constructor(
    private readonly models: OpeningModels,
    private readonly deps: OpeningRuntime,
  ) {}

  /** Tenders the caller keeps a key for, with whether it has released all its shares yet. */
  async custodianTenders(actor: Actor) {
    const mine = await this.deps.tenders.custodianships(actor.userId);
    const out = [];
    for (const { tenderId, position } of mine) {
      const tender = await this.deps.tenders.find(tenderId);
      if (!tender || !tender.publishedAt) continue;
      const due = tender.bidDeadline <= this.deps.clock.now();
      const needed = due ? await openableBidCount(this.models, this.deps, tenderId) : 0;
      const released = due
        ? await this.models.OpeningShare.count({ where: { tenderId, position, valid: true } })
        : 0;
      out.push({
        tenderId,
        code: tender.code,
        title: tender.title,
        bidDeadline: tender.bidDeadline.toISOString(),
        position,
        status: tender.status,
        released: due && released >= needed,
      });
    }
    return out;
  }

  async wrappedShares(actor: Actor, tenderId: string) {
    const { position, threshold } = await this.custodianAfterDeadline(actor, tenderId);
    const bids: WrappedShare[] = [];
    // A window of headers at a time: only the small entries listed are kept.
    for await (const window of openableWindows(this.models, this.deps, tenderId))
      for (const b of window) bids.push(wrappedShareOf(b, position));
    return { position, threshold, bids };
  }

  async releaseShares(
    ctx: RequestContext,
    tenderId: string,
    shares: { bidId: string; version: number; share: string }[],
  ) {
    const { position } = await this.custodianAfterDeadline(ctx.actor!, tenderId);
    await this.deps.tenders.holds.assertNotHeld(tenderId); // nothing is decrypted under a supervisor's hold
    // Checked a window at a time: the headers of one window are read, only the verdicts are kept.
    const checked: { bidId: string; version: number; share: string; valid: boolean }[] = [];
    for (const window of inWindows(shares)) {
      const byId = await this.openableBidsNamed(
        tenderId,
        window.map((s) => s.bidId),
      );
      for (const s of window) {
        const bid = byId.get(s.bidId);
        if (!bid || bid.version !== s.version) {
          throw unprocessable('UNKNOWN_BID', `Bid ${s.bidId} version ${s.version} is not being opened here`);
        }
        const bytes = decode(s.share);
        const valid =
          bytes.length === releasedShareBytes(bid.header) &&
          (await isShareValid(bid.header, position, bytes));
        checked.push({ bidId: bid.bidId, version: bid.version, share: s.share, valid });
      }
    }
    const { db, audit, events, clock } = this.deps;
    return db.retryingDeadlocks(async (t) => {
      await this.lockTender(t, tenderId);
      const now = clock.now();
      const accepted: string[] = [];
      const wrong: string[] = [];
      for (const window of inWindows(checked)) {
        // The window's rows already in, in one read; the new ones in one insert, in the request's order.
        const rows = await this.models.OpeningShare.findAll({
          where: { tenderId, bidId: window.map((c) => c.bidId), position },
          transaction: t,
        });
        const stored = new Map(rows.map((r) => [`${r.bidId}:${r.version}`, r]));
        // New rows go in with one insert; the same bid twice in one request meets its first row here.
        const created = new Map<string, NewShare>();
        for (const c of window) {
          const where = { bidId: c.bidId, version: c.version, position };
          const key = `${c.bidId}:${c.version}`;
          const existing = stored.get(key) ?? created.get(key);
          const update = async (fields: Partial<NewShare>) => {
            const row = stored.get(key);
            if (row) await row.update(fields, { transaction: t });
            else Object.assign(created.get(key)!, fields);
          };
          (c.valid ? accepted : wrong).push(c.bidId);
          // A valid share stays; a wrong one may be corrected (the wrong one stays in the audit chain).
          const context = vaultContext.share(c.bidId, c.version, position);
          if (existing?.valid && !c.valid) {
            // Junk after a good share: the good one stays in use, the junk is counted and blamed (the
            // custodian's doing), never dropped unseen.
            await update({ wrongAfterValid: (existing.wrongAfterValid ?? 0) + 1 });
            await events.publishAfterCommit(t, ctx, 'opening.share-wrong', {
              tenderId,
              position,
              bidId: c.bidId,
            });
            continue;
          }
          if (existing?.valid || (existing && this.sameSecret(context, existing.share, c.share))) continue;
          const share = this.deps.vault.seal(context, decode(c.share));
          const row = { share, valid: c.valid, releasedBy: ctx.actor!.userId, releasedAt: now };
          if (existing) await update(row);
          else created.set(key, { id: randomUUID(), tenderId, ...where, ...row, wrongAfterValid: 0 });
          if (!c.valid)
            await events.publishAfterCommit(t, ctx, 'opening.share-wrong', {
              tenderId,
              position,
              bidId: c.bidId,
            });
        }
        if (created.size > 0)
          await this.models.OpeningShare.bulkCreate([...created.values()], { transaction: t });
      }
      await audit.append(t, ctx, {
        action: 'opening.share-release',
        subject: `tender:${tenderId}`,
        data: { position, accepted, wrong },
      });
      await events.publishAfterCommit(t, ctx, 'opening.share-released', { tenderId, position });
      await this.nudge(t, tenderId);
      return { accepted, wrong };
    });
  }

  async bidderWrap(actor: Actor, bidId: string) {
    const bid = await this.ownBidAfterDeadline(actor, bidId);
    return { bidId, version: bid.version, wrappedKey: bid.header.bidderWrap.wrappedKey };
  }

  async submitBidderKey(ctx: RequestContext, bidId: string, keyB64: string) {
    const bid = await this.ownBidAfterDeadline(ctx.actor!, bidId);
    await this.deps.tenders.holds.assertNotHeld(bid.tenderId);
    const bytes = decode(keyB64);
    const valid = bytes.length === KEY_BYTES && (await isContentKey(bid.header, bytes));
    const { db, audit, clock } = this.deps;
    return db.retryingDeadlocks(async (t) => {
      await this.lockTender(t, bid.tenderId);
      const existing = await this.models.OpeningBidderKey.findByPk(bidId, { transaction: t });
      if (!existing?.valid) {
        const contentKey = this.deps.vault.seal(vaultContext.bidderKey(bidId, bid.version), bytes);
        const row = { contentKey, valid, submittedBy: ctx.actor!.userId, submittedAt: clock.now() };
        if (existing) await existing.update(row, { transaction: t });
        else
          await this.models.OpeningBidderKey.create(
            { bidId, tenderId: bid.tenderId, version: bid.version, ...row },
            { transaction: t },
          );
      }
      await audit.append(t, ctx, { action: 'opening.bidder-key', subject: `bid:${bidId}`, data: { valid } });
      // Supervision's same-ip screen reads the bidder's address from the envelope.
      await this.deps.events.publishAfterCommit(t, ctx, 'opening.bidder-key-submitted', {
        tenderId: bid.tenderId,
        bidId,
        partyId: ctx.actor!.partyId ?? '',
        valid,
      });
      await this.nudge(t, bid.tenderId);
      return { bidId, accepted: valid || existing?.valid === true };
    });
  }

  /**
   * Releases for one tender commit one at a time, behind its row lock (as the opening's own steps do), so
   * rows that may not exist yet are read without locks: on MySQL those would be gap locks, and two custodians
   * releasing at once would deadlock on their inserts.
   */
  async lockTender(t: Transaction, tenderId: string): Promise<void> {
    await this.deps.tenders.lockForOpening(tenderId, t);
  }

  /** Whether a sealed value holds the same bytes as a base64 one (seals differ each time: fresh IVs). */
  private sameSecret(context: string, sealed: string, b64: string): boolean {
    return Buffer.from(this.deps.vault.open(context, sealed)).equals(Buffer.from(b64, 'base64'));
  }

  /** Moves a waiting opening job to now, so released material is used at the next tick. */
  private async nudge(t: Transaction, tenderId: string) {
    const job = await this.deps.jobs.find(OPENING_JOB, tenderId, t);
    if (job?.status === 'pending') {
      await this.deps.jobs.schedule(t, {
        kind: OPENING_JOB,
        key: tenderId,
        runAt: this.deps.clock.now(),
        payload: job.payload,
      });
    }
  }

  /** The named bids that are being opened, as they stood at the deadline (also share-reports.ts). */
  openableBidsNamed(tenderId: string, bidIds: string[]): Promise<Map<string, BidAtDeadline>> {
    return openableBidsNamed(this.models, this.deps, tenderId, bidIds);
  }

  /** The caller's position on the tender, once the opening may take key material (also share-reports.ts). */
  async custodianAfterDeadline(actor: Actor, tenderId: string) {
    const tender = await this.deps.tenders.find(tenderId);
    if (!tender || !tender.publishedAt) throw notFound('Tender');
    const mine = (await this.deps.tenders.custodianships(actor.userId)).find((c) => c.tenderId === tenderId);
    if (!mine) throw forbidden('You are not a key custodian of this tender');
    this.assertDeadlinePassed(tender.bidDeadline);
    const opening = await this.models.Opening.findByPk(tenderId);
    if (opening?.status === 'complete')
      throw conflict('OPENING_COMPLETE', 'This opening is already complete');
    // A cancelled tender has no opening: its bids are never decrypted, so no share is released for them.
    if (!can(tender.status, 'releaseShare'))
      throw conflict('TENDER_NOT_OPENING', `A ${tender.status} tender has no opening`, {
        status: tender.status,
      });
    return { position: mine.position, threshold: tender.custodianThreshold };
  }

  private async ownBidAfterDeadline(actor: Actor, bidId: string): Promise<BidAtDeadline> {
    const owner = await this.deps.bids.bidOwner(bidId);
    if (!owner || owner.bidderPartyId !== actor.partyId) throw notFound('Bid');
    const tender = await this.deps.tenders.find(owner.tenderId);
    if (!tender) throw notFound('Bid');
    this.assertDeadlinePassed(tender.bidDeadline);
    const bid = (await this.openableBidsNamed(owner.tenderId, [bidId])).get(bidId);
    if (!bid)
      throw conflict('BID_NOT_OPENED', 'This bid is not being opened (withdrawn, or its section failed)');
    return bid;
  }

  private assertDeadlinePassed(deadline: Date): void {
    if (this.deps.clock.now() < deadline) {
      throw conflict('OPENING_NOT_STARTED', 'Nothing is released before the opening time', {
        openingTime: deadline.toISOString(),
      });
    }
  }
}

type WrappedShare = ReturnType<typeof wrappedShareOf>;
type NewShare = Omit<InferCreationAttributes<OpeningShare>, 'createdAt' | 'updatedAt'>;

/** What a custodian is handed to release its share of one bid. */
function wrappedShareOf(b: BidAtDeadline, position: number) {
  const entry = b.header.custodians.shares.find((s) => s.position === position);
  const v1 = entry && 'wrappedShare' in entry ? entry : undefined;
  return {
    bidId: b.bidId,
    version: b.version,
    headerSha256: b.headerSha256,
    wrappedShare: v1?.wrappedShare ?? '',
    shareCheck: v1?.shareCheck ?? '',
    // Format 2: the encrypted share, the custodian's own key record and what the proofs are bound to;
    // the custodian decrypts locally and releases the share point with its proof (releaseShareV2).
    ...(b.header.version === 2 && entry && 'encryptedShare' in entry
      ? {
          formatVersion: 2,
          pvss: {
            encryptedShare: entry.encryptedShare,
            custodianKey: entry.custodianKey,
            context: {
              tenderId: b.header.tender.id,
              sectionId: b.header.section.id,
              bidderPartyId: b.header.bidder.partyId,
              threshold: b.header.custodians.threshold,
            },
          },
        }
      : {}),
  };
}

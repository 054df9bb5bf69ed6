import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/auth/roles.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { OpeningDeps } from './deps.js';
import type { OpeningModels } from './models.js';
import type { OpeningRecord } from './record.js';

/**
 * What the opening shows. The public state names bidders and outcomes as bids settle, never a price; prices
 * are in the signed records, published per section once all its bids are settled. A decrypted bid is read
 * only by its own bidder, supervisors and (the hook) the evaluation committee, and only once its record is out.
 */
export class OpeningReads {
  constructor(
    private readonly models: OpeningModels,
    private readonly deps: OpeningDeps,
  ) {}

  async state(actor: Actor | null, tenderId: string) {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const opening = await this.models.Opening.findByPk(tenderId);
    const base = { tenderId, openingTime: tender.bidDeadline.toISOString(), tenderStatus: tender.status };
    if (!opening) return { ...base, status: 'not-started' as const, sections: [] };
    const [sections, bids] = await Promise.all([
      this.models.OpeningSection.findAll({ where: { tenderId }, order: [['position', 'ASC']] }),
      this.models.OpeningBid.findAll({
        where: { tenderId },
        order: [
          ['receivedAt', 'ASC'],
          ['bidId', 'ASC'],
        ],
      }),
    ]);
    const names = new Map<string, string>();
    for (const b of bids)
      names.set(b.bidderPartyId, (await this.deps.parties.find(b.bidderPartyId))?.name ?? '');
    return {
      ...base,
      status: opening.status,
      startedAt: opening.startedAt.toISOString(),
      windowEndsAt: opening.windowEndsAt.toISOString(),
      completedAt: opening.completedAt?.toISOString() ?? null,
      sections: sections.map((s) => ({
        sectionId: s.sectionId,
        status: s.status,
        bidCount: s.bidCount,
        publishedAt: s.publishedAt?.toISOString() ?? null,
        // A failed section's bids stay sealed and unnamed.
        bids:
          s.status === 'failed'
            ? []
            : bids
                .filter((b) => b.sectionId === s.sectionId)
                .map((b) => ({
                  bidId: b.bidId,
                  bidder: { partyId: b.bidderPartyId, name: names.get(b.bidderPartyId) ?? '' },
                  outcome: b.outcome,
                  reason: b.reason,
                  blamedCustodians: JSON.parse(b.blamed ?? '[]') as number[],
                })),
      })),
    };
  }

  /** The signed records published so far (EB Art.32), public. */
  async records(actor: Actor | null, tenderId: string) {
    await this.deps.tenders.findVisible(actor, tenderId);
    const sections = await this.models.OpeningSection.findAll({
      where: { tenderId, status: 'published' },
      order: [['position', 'ASC']],
    });
    if (sections.length === 0) throw notFound('Opening record');
    return {
      records: sections.map((s) => ({
        record: JSON.parse(s.record!) as OpeningRecord,
        signature: s.signature!,
      })),
      platformSigningCertificatePem: this.deps.signer.certPem,
    };
  }

  async openedBid(actor: Actor, bidId: string) {
    const bid = await this.readable(actor, bidId);
    return {
      bidId: bid.bidId,
      tenderId: bid.tenderId,
      sectionId: bid.sectionId,
      version: bid.version,
      outcome: bid.outcome!,
      reason: bid.reason,
      detail: bid.detail,
      keySource: bid.keySource,
      form: bid.form ? (JSON.parse(bid.form) as Record<string, string | number>) : null,
      attachments: bid.attachments ? (JSON.parse(bid.attachments) as unknown[]) : [],
      packageSha256: bid.packageSha256,
      packageSize: bid.packageSize,
    };
  }

  async openedPackage(actor: Actor, bidId: string): Promise<{ stream: Readable; size: number }> {
    const bid = await this.readable(actor, bidId);
    if (!bid.packageSha256) throw notFound('Decrypted bid package');
    return { stream: await this.deps.blobs.open(bid.packageSha256), size: bid.packageSize ?? 0 };
  }

  private async readable(actor: Actor, bidId: string) {
    const bid = await this.models.OpeningBid.findByPk(bidId);
    const own = bid !== null && actor.role === 'bidder' && actor.partyId === bid.bidderPartyId;
    const committee =
      bid !== null &&
      actor.role === 'expert' &&
      (await this.deps.isCommitteeMember?.(actor, bid.tenderId)) === true;
    if (!bid || !(own || committee || actor.role === 'supervisor')) throw notFound('Opened bid');
    const section = await this.models.OpeningSection.findOne({
      where: { tenderId: bid.tenderId, sectionId: bid.sectionId },
    });
    if (section?.status !== 'published') {
      throw conflict('OPENING_NOT_SETTLED', 'Bids are readable once every bid of the section is settled');
    }
    return bid;
  }
}

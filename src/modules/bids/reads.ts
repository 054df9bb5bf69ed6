import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import type { Bid, BidModels, BidVersion } from './models.js';
import type { BidView, SupervisedBids } from './schemas.js';
import type { BidDeps } from './service.js';
import { sealedFileName, toBidView, toSupervisedVersion } from './views.js';

/**
 * Reading bids before the opening: a bidder sees its own (and may fetch its own ciphertext back); who bid,
 * and how many did, only oversight sees (EB Art.21, 27). No content is readable by anyone: it is sealed.
 */
export class BidReads {
  constructor(
    private readonly models: BidModels,
    private readonly deps: Pick<BidDeps, 'blobs' | 'tenders' | 'parties'>,
  ) {}

  /** The caller's own bid; anyone else's is not found, so its existence is not given away. */
  async own(actor: Actor, bidId: string): Promise<Bid> {
    const bid = await this.models.Bid.findByPk(bidId);
    if (!bid || actor.role !== 'bidder' || bid.bidderPartyId !== actor.partyId) throw notFound('Bid');
    return bid;
  }

  async versionOf(bid: Bid): Promise<BidVersion> {
    const version = await this.models.BidVersion.findOne({
      where: { bidId: bid.id, version: bid.currentVersion },
    });
    if (!version) throw new Error(`bid ${bid.id} has no version ${bid.currentVersion}`);
    return version;
  }

  async view(actor: Actor, bidId: string): Promise<BidView> {
    const bid = await this.own(actor, bidId);
    return toBidView(bid, await this.versionOf(bid));
  }

  /** The current version's signed receipt, as the JSON text first sent. */
  async receipt(actor: Actor, bidId: string): Promise<string> {
    const bid = await this.own(actor, bidId);
    return (await this.versionOf(bid)).receipt;
  }

  async ciphertext(actor: Actor, bidId: string) {
    const bid = await this.own(actor, bidId);
    const version = await this.versionOf(bid);
    const content: Readable = await this.deps.blobs.open(version.blobSha256);
    return {
      file: { name: sealedFileName(bid, version), sha256: version.blobSha256, size: version.size },
      content,
    };
  }

  async mine(actor: Actor): Promise<BidView[]> {
    const bids = await this.models.Bid.findAll({
      where: { bidderPartyId: actor.partyId! },
      order: [['createdAt', 'DESC']],
      limit: 1000,
    });
    if (bids.length === 0) return [];
    // Their versions in one read (a bidder may have a thousand bids); an IN list, since a thousand ORed
    // (bid, version) pairs would pass SQLite's limit on expression depth.
    const versions = await this.models.BidVersion.findAll({ where: { bidId: bids.map((b) => b.id) } });
    const current = new Map(bids.map((b) => [b.id, b.currentVersion]));
    const byBid = new Map(
      versions.filter((v) => current.get(v.bidId) === v.version).map((v) => [v.bidId, v]),
    );
    return bids.map((bid) => {
      const version = byBid.get(bid.id);
      if (!version) throw new Error(`bid ${bid.id} has no version ${bid.currentVersion}`);
      return toBidView(bid, version);
    });
  }

  /**
   * Every bid on a tender with its bidder and each upload's supervision record. Three queries whatever the
   * number of bids: the supervision screens read this at every upload, so a query per bid made a tender's
   * screening grow with the square of its bids.
   */
  async supervised(actor: Actor, tenderId: string): Promise<SupervisedBids> {
    await this.deps.tenders.biddingTerms(actor, tenderId);
    const bids = await this.models.Bid.findAll({ where: { tenderId }, order: [['createdAt', 'ASC']] });
    if (bids.length === 0) return { tenderId, items: [] };
    const [versions, parties] = await Promise.all([
      this.models.BidVersion.findAll({
        where: { bidId: bids.map((b) => b.id) },
        order: [['version', 'ASC']],
      }),
      this.deps.parties.findMany(bids.map((b) => b.bidderPartyId)),
    ]);
    const versionsOf = new Map<string, BidVersion[]>();
    for (const v of versions) {
      const own = versionsOf.get(v.bidId);
      if (own) own.push(v);
      else versionsOf.set(v.bidId, [v]);
    }
    const items = bids.map((bid) => {
      const own = versionsOf.get(bid.id) ?? [];
      const current = own.find((v) => v.version === bid.currentVersion);
      if (!current) throw new Error(`bid ${bid.id} has no version ${bid.currentVersion}`);
      const party = parties.get(bid.bidderPartyId);
      return {
        bid: toBidView(bid, current),
        bidder: { partyId: bid.bidderPartyId, name: party?.name ?? '', uscc: party?.uscc ?? '' },
        versions: own.map(toSupervisedVersion),
      };
    });
    return { tenderId, items };
  }
}

import type { Transaction } from 'sequelize';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import type { BidSource, SubmittedBid } from '../opening/index.js';
import type { BidModels } from './models.js';

/**
 * The reads the opening needs from the bids module (owned by the opening engineer, kept beside the bids so
 * the opening never queries these tables itself): each submitted, not withdrawn bid in its current version
 * with its header and blob, the owner of a bid, and the sealed file's bytes.
 */
export function bidsForOpening(models: BidModels, blobs: BlobStore): BidSource {
  return {
    async submittedBids(tenderId: string, t?: Transaction): Promise<SubmittedBid[]> {
      const bids = await models.Bid.findAll({
        where: { tenderId, status: 'submitted' },
        order: [['id', 'ASC']],
        transaction: t,
      });
      if (bids.length === 0) return [];
      const versions = await models.BidVersion.findAll({
        where: { bidId: bids.map((b) => b.id) },
        transaction: t,
      });
      const current = new Map(versions.map((v) => [`${v.bidId}/${v.version}`, v]));
      return bids.map((bid) => {
        const v = current.get(`${bid.id}/${bid.currentVersion}`);
        if (!v) throw new Error(`bid ${bid.id} has no version ${bid.currentVersion}`);
        return {
          bidId: bid.id,
          tenderId: bid.tenderId,
          sectionId: bid.sectionId,
          bidderPartyId: bid.bidderPartyId,
          version: v.version,
          headerJson: v.header,
          ciphertextSha256: v.blobSha256,
          size: v.size,
          receivedAt: v.receivedAt,
        };
      });
    },
    async bidOwner(bidId: string) {
      const bid = await models.Bid.findByPk(bidId, { attributes: ['tenderId', 'bidderPartyId'] });
      return bid ? { tenderId: bid.tenderId, bidderPartyId: bid.bidderPartyId } : undefined;
    },
    // Read 1 MiB at a time: at the default 64 KiB, reading costs more than decrypting (bench/opening.ts).
    openSealed: (sha256: string) => blobs.open(sha256, { readSize: 1 << 20 }),
  };
}

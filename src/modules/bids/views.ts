import type { ClientDevice, DepositAccount } from './schemas.js';
import type { Bid, BidVersion } from './models.js';
import type { BidView, SupervisedBids } from './schemas.js';

const iso = (d: Date) => d.toISOString();

/** A bid as its bidder sees it: which file counts and when it arrived; never any content. */
export function toBidView(bid: Bid, version: BidVersion): BidView {
  return {
    id: bid.id,
    tenderId: bid.tenderId,
    sectionId: bid.sectionId,
    bidderPartyId: bid.bidderPartyId,
    status: bid.status,
    version: version.version,
    ciphertextSha256: version.blobSha256,
    size: version.size,
    receivedAt: iso(version.receivedAt),
    withdrawnAt: bid.withdrawnAt && iso(bid.withdrawnAt),
  };
}

type SupervisedVersion = SupervisedBids['items'][number]['versions'][number];

export function toSupervisedVersion(v: BidVersion): SupervisedVersion {
  return {
    version: v.version,
    ciphertextSha256: v.blobSha256,
    size: v.size,
    receivedAt: iso(v.receivedAt),
    certificateSerial: v.certificateSerial,
    ip: v.ip,
    userAgent: v.userAgent,
    device: v.device === null ? null : (JSON.parse(v.device) as ClientDevice),
    depositAccount: v.depositAccount === null ? null : (JSON.parse(v.depositAccount) as DepositAccount),
  };
}

/** The sealed file's download name: which bid and which version, nothing about its bidder. */
export const sealedFileName = (bid: Bid, version: BidVersion) => `bid-${bid.id}-v${version.version}.ygsb`;

import { createHash } from 'node:crypto';
import type { SealedBidHeader } from '../../../crypto/sealed-bid/index.js';
import type { SubmittedBid } from './bid-source.js';
import type { OpeningDeps } from './deps.js';
import type { OpeningModels } from './models.js';

/** Fewer bids than this in a section: it fails and nothing of it is opened (SS Art.44). */
export const MIN_BIDS = 3;

export interface BidAtDeadline extends SubmittedBid {
  header: SealedBidHeader;
  headerSha256: string;
}

/**
 * The bids as they stood at the deadline: the frozen snapshot once the opening started, or (between the
 * deadline and the job's first run) the bids module's current versions, which can no longer change.
 */
export async function bidsAtDeadline(
  models: OpeningModels,
  deps: Pick<OpeningDeps, 'bids'>,
  tenderId: string,
): Promise<BidAtDeadline[]> {
  // The opening row first: it commits with the frozen bids, so once it is seen they are too. Read the other
  // way round, an opening committing between the two reads would look like an opening without bids.
  const opening = await models.Opening.findByPk(tenderId, { attributes: ['tenderId'] });
  const frozen = opening ? await models.OpeningBid.findAll({ where: { tenderId } }) : [];
  const bids: SubmittedBid[] = opening
    ? frozen.map((b) => ({
        bidId: b.bidId,
        tenderId: b.tenderId,
        sectionId: b.sectionId,
        bidderPartyId: b.bidderPartyId,
        version: b.version,
        headerJson: b.header,
        ciphertextSha256: b.ciphertextSha256,
        size: b.size,
        receivedAt: b.receivedAt,
      }))
    : await deps.bids.submittedBids(tenderId);
  return bids.map((b) => ({
    ...b,
    header: JSON.parse(b.headerJson) as SealedBidHeader,
    headerSha256: createHash('sha256').update(b.headerJson).digest('hex'),
  }));
}

/** Sections with at least MIN_BIDS bids: the only ones whose bids are ever opened. */
export function openableSections(bids: { sectionId: string }[]): Set<string> {
  const counts = new Map<string, number>();
  for (const b of bids) counts.set(b.sectionId, (counts.get(b.sectionId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= MIN_BIDS).map(([id]) => id));
}

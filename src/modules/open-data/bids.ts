import { USCC_SCHEME, value, type Release } from './release.js';

/** One bid as the opening record states it, for the OCDS bids extension. */
export interface OcdsBid {
  id: string;
  date: string;
  sectionCode: string;
  bidder: { name: string; uscc: string };
  outcome: 'opened' | 'revoked' | 'withdrawn';
  priceFen: number | null;
}

/**
 * bids.details (OCDS bids extension, bidStatus codelist): an opened bid awaits evaluation ('pending'); a bid
 * treated as revoked or withdrawn at the opening (EB Art.31) is 'withdrawn'. Bidders are parties with the
 * role 'tenderer', identified by their 统一社会信用代码 like every organisation here.
 */
export function addBids(release: Release, bids: OcdsBid[]): void {
  const orgId = (uscc: string) => `${USCC_SCHEME}-${uscc}`;
  const parties = (release.parties as { id: string; roles: string[] }[] | undefined) ?? [];
  for (const b of bids) {
    const id = orgId(b.bidder.uscc);
    const known = parties.find((p) => p.id === id);
    if (known) known.roles = [...new Set([...known.roles, 'tenderer'])];
    else
      parties.push({
        id,
        name: b.bidder.name,
        identifier: { scheme: USCC_SCHEME, id: b.bidder.uscc, legalName: b.bidder.name },
        roles: ['tenderer'],
      } as { id: string; roles: string[] });
  }
  release.parties = parties;
  release.bids = {
    details: bids.map((b) => ({
      id: b.id,
      date: b.date,
      status: b.outcome === 'opened' ? 'pending' : 'withdrawn',
      tenderers: [{ id: orgId(b.bidder.uscc), name: b.bidder.name }],
      ...(b.priceFen !== null && { value: value(b.priceFen) }),
      relatedLots: [b.sectionCode],
    })),
  };
}

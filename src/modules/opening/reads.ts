import type { Actor } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import type { OpeningRuntime } from './deps.js';
import type { OpeningModels } from './models.js';
import type { OpeningRecord } from './record.js';

interface StateBid {
  bidId: string;
  bidder: { partyId: string; name: string };
  outcome: string | null;
  reason: string | null;
  blamedCustodians: number[];
  /** Valid custodian shares in so far; positions whose share was wrong (also after a valid one). */
  validShares: number;
  wrongShares: number[];
  /** Whether the bidder sent its own content key (EB Art.30), and whether it checked. */
  bidderKey: 'none' | 'valid' | 'wrong';
}
/** A bid as the public sees it before its section's record: no id, no bidder. */
type ShownBid = StateBid | (Omit<StateBid, 'bidId' | 'bidder'> & { bidId: null; bidder: null });

/**
 * What the opening shows. Until a section's signed record is published nobody but supervisors learns who
 * bid in it (a bidder sees its own bid): the public state counts the bids and shows each one's outcome as it
 * settles, unnamed, in an order that says nothing of who or when. Prices are only ever in the records. The
 * decrypted bids themselves are read through opened-bids.ts.
 */
export class OpeningReads {
  constructor(
    private readonly models: OpeningModels,
    private readonly deps: OpeningRuntime,
  ) {}

  /**
   * GET /tenders/:id/opening: the state as this caller may see it. Bids of a section whose record is not out
   * are anonymous, except to supervisors and to a bidder for its own bid.
   */
  async view(actor: Actor | null, tenderId: string) {
    const state = await this.state(actor, tenderId);
    if (actor?.role === 'supervisor') return state;
    const mine = (b: StateBid) => actor?.role === 'bidder' && b.bidder.partyId === actor.partyId;
    const anonymous = (b: StateBid): ShownBid => (mine(b) ? b : { ...b, bidId: null, bidder: null });
    return {
      ...state,
      sections: state.sections.map((s) =>
        s.status === 'published'
          ? s
          : {
              ...s,
              // Ordered by the random bid id, then stripped of it: neither identity nor arrival order shows.
              bids: [...s.bids].sort((a, b) => (a.bidId < b.bidId ? -1 : 1)).map(anonymous),
            },
      ),
    };
  }

  /**
   * The whole state, bidder names and bid ids included, for in-process readers that strip it per audience
   * themselves (the opening hall). Never returned by a route as it is: routes use view().
   */
  async state(actor: Actor | null, tenderId: string) {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const opening = await this.models.Opening.findByPk(tenderId);
    const base = { tenderId, openingTime: tender.bidDeadline.toISOString(), tenderStatus: tender.status };
    if (!opening) return { ...base, status: 'not-started' as const, sections: [] };
    const [sections, bids, shares, keys] = await Promise.all([
      this.models.OpeningSection.findAll({ where: { tenderId }, order: [['position', 'ASC']] }),
      this.models.OpeningBid.findAll({
        where: { tenderId },
        attributes: ['bidId', 'sectionId', 'bidderPartyId', 'outcome', 'reason', 'blamed'],
        order: [
          ['receivedAt', 'ASC'],
          ['bidId', 'ASC'],
        ],
      }),
      // Counts only: the sealed shares and keys themselves are never read here.
      this.models.OpeningShare.findAll({
        where: { tenderId },
        attributes: ['bidId', 'position', 'valid', 'wrongAfterValid'],
        raw: true,
      }),
      this.models.OpeningBidderKey.findAll({ where: { tenderId }, attributes: ['bidId', 'valid'] }),
    ]);
    const keyOf = new Map(keys.map((k) => [k.bidId, k.valid ? ('valid' as const) : ('wrong' as const)]));
    // Grouped once: the hall reads this state while a large opening settles, so no scan per bid.
    const byBid = new Map<string, { position: number; valid: boolean; wrongAfterValid: number }[]>();
    for (const x of shares) byBid.set(x.bidId, [...(byBid.get(x.bidId) ?? []), x]);
    const sharesOf = (bidId: string) => byBid.get(bidId) ?? [];
    const parties = await this.deps.parties.findMany(bids.map((b) => b.bidderPartyId));
    const names = new Map([...parties].map(([id, p]) => [id, p.name]));
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
                .map((b): StateBid => ({
                  bidId: b.bidId,
                  bidder: { partyId: b.bidderPartyId, name: names.get(b.bidderPartyId) ?? '' },
                  outcome: b.outcome,
                  reason: b.reason,
                  blamedCustodians: JSON.parse(b.blamed ?? '[]') as number[],
                  validShares: sharesOf(b.bidId).filter((x) => x.valid).length,
                  wrongShares: sharesOf(b.bidId)
                    .filter((x) => !x.valid || x.wrongAfterValid > 0)
                    .map((x) => x.position)
                    .sort((x, y) => x - y),
                  bidderKey: keyOf.get(b.bidId) ?? 'none',
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
}

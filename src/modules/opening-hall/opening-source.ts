import type { Actor } from '../../platform/auth/roles.js';
import type { SignedOpeningRecord } from '../opening/index.js';
import type { TendersPort } from './ports.js';
import type { OpeningHallModels } from './models.js';
import type { BidProgress, OpeningProgress, OpeningProgressSource } from './progress.js';

/** The opening module's public reads the hall uses (src/modules/opening/reads.ts). */
export interface OpeningReadsPort {
  state(
    actor: Actor | null,
    tenderId: string,
  ): Promise<{
    status: string;
    startedAt?: string;
    windowEndsAt?: string;
    completedAt?: string | null;
    tenderStatus: string;
    sections: {
      sectionId: string;
      status: string;
      bidCount: number;
      bids: {
        bidId: string;
        bidder: { partyId: string };
        outcome: string | null;
        reason: string | null;
        validShares: number;
        wrongShares: number[];
        bidderKey: 'none' | 'valid' | 'wrong';
      }[];
    }[];
  }>;
  records(actor: Actor | null, tenderId: string): Promise<{ records: SignedOpeningRecord[] }>;
}

/**
 * The opening's progress from its reads: each bid's valid shares, wrong shares and whether its bidder sent
 * its own key are the opening's own counts (a custodian may release some bids and report others, so they
 * cannot be guessed from who released); the hall adds which custodians released, from what it relayed.
 */
export function openingProgressSource(
  reads: OpeningReadsPort,
  tenders: TendersPort,
  models: OpeningHallModels,
): OpeningProgressSource {
  return {
    async progress(tenderId) {
      const state = await reads.state(null, tenderId);
      if (state.status === 'not-started' || !state.startedAt) return null;
      const [tender, relayed] = await Promise.all([
        tenders.find(tenderId),
        models.HallEvent.findAll({
          where: { tenderId, kind: 'opening.share-released' },
        }),
      ]);
      const released = new Set<number>();
      for (const e of relayed) {
        const data = JSON.parse(e.data) as { position: number };
        if (e.kind === 'opening.share-released') released.add(data.position);
      }
      const published = state.sections.some((s) => s.status === 'published');
      const records = published ? (await reads.records(null, tenderId)).records : [];
      return {
        startedAt: new Date(state.startedAt),
        windowEndsAt: new Date(state.windowEndsAt ?? state.startedAt),
        completedAt: state.completedAt ? new Date(state.completedAt) : null,
        result: state.completedAt ? state.tenderStatus : null,
        threshold: tender?.custodianThreshold ?? 2,
        releasedPositions: [...released].sort(),
        sections: state.sections.map((s) => ({
          sectionId: s.sectionId,
          status: s.status as 'failed' | 'collecting' | 'published',
          bidCount: s.bidCount,
          bids: s.bids.map((b): BidProgress => ({
            bidId: b.bidId,
            bidderPartyId: b.bidder.partyId,
            validShares: b.validShares,
            wrongShares: b.wrongShares,
            bidderKey: b.bidderKey === 'valid',
            outcome: b.outcome as BidProgress['outcome'],
            reason: b.reason,
          })),
          record: records.find((r) => r.record.section.id === s.sectionId) ?? null,
        })),
      } satisfies OpeningProgress;
    },
  };
}

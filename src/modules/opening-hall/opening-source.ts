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
      bids: { bidId: string; bidder: { partyId: string }; outcome: string | null; reason: string | null }[];
    }[];
  }>;
  records(actor: Actor | null, tenderId: string): Promise<{ records: SignedOpeningRecord[] }>;
}

/**
 * The opening's progress from its reads, plus what the hall itself relayed: the opening does not expose
 * each bid's share count, so it is counted from the custodians' releases (a custodian releases every bid
 * of its position at once — the agent and the release page do) less the shares found wrong for that bid.
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
          where: { tenderId, kind: ['opening.share-released', 'opening.share-wrong'] },
        }),
      ]);
      const released = new Set<number>();
      const wrong = new Map<string, number[]>();
      for (const e of relayed) {
        const data = JSON.parse(e.data) as { position: number; private?: { bidId: string } };
        if (e.kind === 'opening.share-released') released.add(data.position);
        else if (data.private)
          wrong.set(data.private.bidId, [...(wrong.get(data.private.bidId) ?? []), data.position]);
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
            validShares: [...released].filter((p) => !(wrong.get(b.bidId) ?? []).includes(p)).length,
            wrongShares: wrong.get(b.bidId) ?? [],
            bidderKey: false,
            outcome: b.outcome as BidProgress['outcome'],
            reason: b.reason,
          })),
          record: records.find((r) => r.record.section.id === s.sectionId) ?? null,
        })),
      } satisfies OpeningProgress;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { col, fn, Op, type Transaction } from 'sequelize';
import type { Clock } from '../../../platform/clock.js';
import type { Bidder, BidderRecord } from '../screens/index.js';
import type { ScreenHistoryModels } from './models.js';

/** A bidder's place in one concluded section. */
export interface SectionOutcome {
  bidder: Bidder;
  won: boolean;
}

/**
 * The win-rate history: one row per bidder and concluded section, written in the screener's transaction
 * (so exactly once, whatever replays), and read as one aggregate by bidder. Its cost grows with the bids ever
 * evaluated (one GROUP BY over supervision_bidder_outcomes per concluded section: tens of thousands of rows
 * are milliseconds); the unique (section, bidder) index keeps a replay from counting twice.
 */
export class Outcomes {
  constructor(
    private readonly models: ScreenHistoryModels,
    private readonly deps: { clock: Clock },
  ) {}

  /** Every bidder's record, leaving out one section (the one being concluded, added by the caller). */
  async records(exceptSectionId: string): Promise<BidderRecord[]> {
    const rows = (await this.models.BidderOutcome.findAll({
      attributes: [
        'bidderPartyId',
        [fn('MAX', col('bidder_name')), 'bidderName'],
        [fn('COUNT', col('id')), 'bids'],
        [fn('SUM', col('won')), 'wins'],
      ],
      where: { sectionId: { [Op.ne]: exceptSectionId } },
      group: [col('bidder_party_id')],
      raw: true,
    })) as unknown as {
      bidderPartyId: string;
      bidderName: string;
      bids: number | string;
      wins: number | string;
    }[];
    return rows.map((r) => ({
      bidder: { partyId: r.bidderPartyId, name: r.bidderName },
      bids: Number(r.bids),
      wins: Number(r.wins),
    }));
  }

  /** Adds a concluded section's outcomes, once (a replay finds them there). */
  async record(
    t: Transaction,
    at: { tenderId: string; sectionId: string; seq: number },
    outcomes: SectionOutcome[],
  ): Promise<void> {
    const existing = await this.models.BidderOutcome.findAll({
      where: { sectionId: at.sectionId },
      attributes: ['bidderPartyId'],
      transaction: t,
    });
    const seen = new Set(existing.map((r) => r.bidderPartyId));
    for (const o of outcomes) {
      if (seen.has(o.bidder.partyId)) continue;
      seen.add(o.bidder.partyId);
      await this.models.BidderOutcome.create(
        {
          id: randomUUID(),
          tenderId: at.tenderId,
          sectionId: at.sectionId,
          bidderPartyId: o.bidder.partyId,
          bidderName: o.bidder.name.slice(0, 200),
          won: o.won,
          concludedSeq: at.seq,
          createdAt: this.deps.clock.now(),
        },
        { transaction: t },
      );
    }
  }
}

/** The records with a section's outcomes added: what the history holds once this section is in. */
export function withSection(records: BidderRecord[], outcomes: SectionOutcome[]): BidderRecord[] {
  const byParty = new Map(records.map((r) => [r.bidder.partyId, { ...r }]));
  for (const o of outcomes) {
    const r = byParty.get(o.bidder.partyId) ?? { bidder: o.bidder, bids: 0, wins: 0 };
    byParty.set(o.bidder.partyId, { bidder: o.bidder, bids: r.bids + 1, wins: r.wins + (o.won ? 1 : 0) });
  }
  return [...byParty.values()];
}

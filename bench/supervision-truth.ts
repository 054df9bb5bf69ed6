import type {
  BidderRecord,
  CommitteeScoresFacts,
  DeemedCollusionFacts,
  EvaluationOutcomeFacts,
  Finding,
  IndicatorId,
  ScreenSettings,
  SectionFilesFacts,
  SectionPrices,
  TenderPeriodFacts,
  Upload,
  WinRateFacts,
} from '../src/modules/supervision/screens/index.js';
import type { BidCountFacts } from '../src/modules/supervision/screens/index.js';
import type { SyntheticTender } from './supervision-history.js';

/*
 * The synthetic facts as each screen reads them, and the score of a screen against the planted truth. A
 * screen is called as the screener calls it: with the facts of one event (several events of a tender give
 * several calls), and its findings for the tender are the union of the calls'.
 */

/** What a tender's screens may need of the history before it: the bidders' records (win-rate). */
export interface HistorySoFar {
  records: Map<string, BidderRecord>;
}

export const emptyHistory = (): HistorySoFar => ({ records: new Map() });

/** Adds a concluded tender to the records: each bid evaluated counts, the first candidate wins. */
export function conclude(history: HistorySoFar, tender: SyntheticTender): void {
  const winner = tender.candidates[0];
  for (const bid of tender.bids) {
    const record = history.records.get(bid.partyId) ?? {
      bidder: { partyId: bid.partyId, name: bid.name },
      bids: 0,
      wins: 0,
    };
    history.records.set(bid.partyId, {
      ...record,
      bids: record.bids + 1,
      wins: record.wins + (bid.bidId === winner ? 1 : 0),
    });
  }
}

const bidderOf = (b: { partyId: string; name: string }) => ({ partyId: b.partyId, name: b.name });

export function uploadsOf(t: SyntheticTender): Upload[] {
  return t.bids.map((b) => ({
    seq: b.seq,
    bidId: b.bidId,
    version: 1,
    sectionId: t.sectionId,
    bidder: bidderOf(b),
    at: b.at,
    ip: b.ip,
    machine: b.machine,
  }));
}

export function pricesOf(t: SyntheticTender): SectionPrices {
  return {
    sectionId: t.sectionId,
    maxPriceFen: t.maxPriceFen,
    recordSeq: t.seqs.recordPublished,
    bids: t.bids.map((b) => ({ bidId: b.bidId, bidder: bidderOf(b), priceFen: b.priceFen, seq: b.seq })),
  };
}

function filesOf(t: SyntheticTender): SectionFilesFacts {
  return {
    sectionId: t.sectionId,
    recordSeq: t.seqs.recordPublished,
    bids: t.bids.map((b) => ({
      bidId: b.bidId,
      bidder: bidderOf(b),
      seq: b.seq,
      files: b.files.map((f, index) => ({
        index,
        name: f.name,
        size: 1 << 20,
        sha256: f.sha256,
        // What a parser returns: the fields a file has, none that are empty.
        metadata: Object.fromEntries(
          (['author', 'lastModifiedBy', 'company'] as const).filter((k) => f[k]).map((k) => [k, f[k]]),
        ),
      })),
    })),
  };
}

/** The deposits at the deadline (tender-wide), the project managers at the opening (per section). */
function deemedOf(t: SyntheticTender): DeemedCollusionFacts[] {
  return [
    {
      sectionId: null,
      seq: t.seqs.biddingClosed,
      deposits: t.bids.map((b) => ({ bidId: b.bidId, bidder: bidderOf(b), seq: b.seq, ...b.deposit })),
    },
    {
      sectionId: t.sectionId,
      seq: t.seqs.recordPublished,
      people: t.bids.map((b) => ({
        bidId: b.bidId,
        bidder: bidderOf(b),
        seq: b.seq,
        role: 'project-manager' as const,
        label: '项目经理',
        name: b.projectManager,
      })),
    },
  ];
}

function scoresOf(t: SyntheticTender): CommitteeScoresFacts {
  const byBid = new Map(
    t.bids.map((b) => [
      b.bidId,
      { bidId: b.bidId, bidderName: b.name, members: [] as CommitteeScoresFacts['bids'][number]['members'] },
    ]),
  );
  for (const s of t.scores)
    byBid
      .get(s.bidId)!
      .members.push({ memberId: s.expertId, name: s.expertName, totalHundredths: s.totalHundredths });
  return {
    sectionId: t.sectionId,
    evaluationId: `${t.tenderId}-evaluation`,
    seq: t.seqs.concluded,
    bids: [...byBid.values()],
  };
}

/** Win-rate reads every bidder's record with this tender in it: call after `conclude`. */
function winRateOf(t: SyntheticTender, history: HistorySoFar): WinRateFacts {
  return {
    sectionId: t.sectionId,
    seq: t.seqs.concluded,
    history: [...history.records.values()],
    bidders: [...new Set(t.bids.map((b) => b.partyId))],
  };
}

/**
 * The facts of each indicator the generator knows, as a list of calls (one per screening event). An
 * indicator of the registry missing here is reported "untested" by the benchmark.
 */
export const FACTS: Partial<Record<IndicatorId, (t: SyntheticTender, history: HistorySoFar) => unknown[]>> = {
  'same-device': (t) => [{ uploads: uploadsOf(t) }],
  'same-ip': (t) => [{ uploads: uploadsOf(t) }],
  'upload-cluster': (t) => [{ uploads: uploadsOf(t) }],
  'price-steps': (t) => [pricesOf(t)],
  'price-close': (t) => [pricesOf(t)],
  'near-budget': (t) => [pricesOf(t)],
  'single-bid': (t): BidCountFacts[] => [
    { sectionId: t.sectionId, stage: 'opened', count: t.bids.length, seq: t.seqs.recordPublished },
  ],
  'short-period': (t): TenderPeriodFacts[] => [
    {
      publishedAt: t.publishedAt,
      documentsFrom: t.documentsFrom,
      bidDeadline: t.bidDeadline,
      seqs: [t.seqs.published, t.seqs.biddingClosed],
    },
  ],
  'lowest-rejected': (t): EvaluationOutcomeFacts[] => [
    { prices: pricesOf(t), candidates: t.candidates, seq: t.seqs.concluded },
  ],
  'same-file': (t) => [filesOf(t)],
  'deemed-collusion': (t) => deemedOf(t),
  'expert-deviation': (t) => [scoresOf(t)],
  'win-rate': (t, history) => [winRateOf(t, history)],
};

/** Indicators scored per bidder over the whole history rather than per tender. */
export const BIDDER_LEVEL: ReadonlySet<string> = new Set(['win-rate']);

export type Screen = (facts: unknown, settings: ScreenSettings) => readonly Finding[];

/** Runs one screen over one tender's calls: its findings, all of them. */
export function screenTender(screen: Screen, calls: readonly unknown[], settings: ScreenSettings): Finding[] {
  return calls.flatMap((facts) => screen(facts, settings));
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** False positives on clean tenders: honest noise alone (the rest were tenders planted with other flags). */
  falsePositivesOnClean: number;
  precision: number | null;
  recall: number | null;
}

export class Tally {
  tp = 0;
  fp = 0;
  fn = 0;
  tn = 0;
  fpClean = 0;

  add(predicted: boolean, planted: boolean, clean = false): void {
    if (predicted && planted) this.tp++;
    else if (predicted) {
      this.fp++;
      if (clean) this.fpClean++;
    } else if (planted) this.fn++;
    else this.tn++;
  }

  score(): Score {
    const ratio = (a: number, b: number) => (b === 0 ? null : Number((a / b).toFixed(3)));
    return {
      truePositives: this.tp,
      falsePositives: this.fp,
      falseNegatives: this.fn,
      trueNegatives: this.tn,
      falsePositivesOnClean: this.fpClean,
      precision: ratio(this.tp, this.tp + this.fp),
      recall: ratio(this.tp, this.tp + this.fn),
    };
  }
}

import type { Transaction } from 'sequelize';
import type { EvaluationBid as OpenedBid } from '../opening/index.js';
import type { NoticesService } from '../publication/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** The tender under its lock, its lifecycle transitions, the holds and the objections machinery. */
export type TendersPort = Pick<
  TendersService,
  'find' | 'view' | 'findVisible' | 'lockManaged' | 'transition' | 'holds' | 'enquiries' | 'event'
>;

/** A candidate as the completed evaluation report recommends it (the evaluation's RankingRow). */
export interface ReportCandidate {
  rank: number;
  bidId: string;
  bidderName: string;
  priceFen: number;
  /** Hundredths of a point; null under the lowest evaluated price method. */
  priceScore: number | null;
  score: number | null;
  technicalScore: number | null;
}

/** The evaluation report once completed (every member signed, or the signing deadline passed; PB Art.42). */
export interface CompletedReportFacts {
  reportId: string;
  evaluationId: string;
  tenderId: string;
  sectionId: string;
  completedAt: Date;
  digest: string;
  /** Up to three recommended candidates, in rank order (SS Art.53). */
  candidates: ReportCandidate[];
}

/** The evaluation module: a completed report, null while it is not completed or once superseded. */
export interface ReportsPort {
  completedReport(evaluationId: string): Promise<CompletedReportFacts | null>;
}

/** The data of 'evaluation.report-completed', the evaluation module's event this module takes reports from. */
export interface ReportCompletedData {
  tenderId: string;
  sectionId: string;
  evaluationId: string;
  reportId: string;
  digest: string;
  completedAt: string;
}

/** The opening module: the bids a section's evaluation reviewed, with their bidders (who the letters go to). */
export interface OpeningPort {
  bidsForEvaluation(tenderId: string, sectionId: string, t?: Transaction): Promise<OpenedBid[]>;
}

/** The notices module: the 中标候选人公示 and the 中标结果公告, in this module's transactions. */
export type NoticesPort = Pick<NoticesService, 'announceCandidates' | 'announceAward'>;

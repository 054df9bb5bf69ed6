import type { Transaction } from 'sequelize';
import type { Evaluation, EvaluationModels } from '../models.js';
import type { OpeningPort, TendersPort } from '../ports.js';
import {
  currentSheets,
  readAggregate,
  rowView,
  totalsFor,
  type EvaluationResult,
  type RankingRow,
  type RunPlan,
} from '../ranking.js';

/** The report's format: a verifier refuses any other. */
export const REPORT_TYPE = 'yangguang.evaluation.report/1';

/**
 * The evaluation report (评标报告) as PB Art.42 lists it, every section generated from the stored data at the
 * moment the evaluation concludes, never typed: its canonical JSON is what the members sign. Times are ISO
 * instants and money integer fen; the pages and the PDF show them in Beijing time and 元.
 */
export interface ReportContent {
  type: typeof REPORT_TYPE;
  reportId: string;
  evaluationId: string;
  tenderId: string;
  sectionId: string;
  generatedAt: string;
  /** Basic data: the tender, the section and who runs it. */
  tender: {
    code: string;
    title: string;
    projectName: string;
    tendereeName: string;
    agencyName: string | null;
    sectionCode: string;
    sectionName: string;
    maxPriceFen: number | null;
  };
  /** The committee: names, expert or tenderee representative, the leader (组长); replaced members noted. */
  members: {
    memberId: string;
    name: string;
    kind: 'expert' | 'representative';
    leader: boolean;
    replaced: boolean;
  }[];
  /** The opening record (开标记录): the bids opened, in the order received. */
  opening: { bidId: string; bidderName: string; priceFen: number; receivedAt: string }[];
  /** Compliance review: each bid's outcome and the reason for every rejection (from the review sheets). */
  review: {
    bidId: string;
    bidderName: string;
    outcome: 'pass' | 'fail' | 'rejected';
    /** Rejected at admission (e.g. above the maximum price, SS Art.51). */
    rejection: { code: string; reason: string } | null;
    /** Each failed criterion with the members' reasons. */
    failures: { criterion: string; memberName: string; reason: string }[];
  }[];
  /** The method and criteria table as published. */
  method: {
    method: RunPlan['method'];
    priceFormula: RunPlan['priceFormula'];
    criteria: { key: string; name: string; kind: string; group: string; points: number }[];
  };
  /** The price and score comparison table of the compliant bids (scores in hundredths of a point). */
  comparison: {
    bidId: string;
    bidderName: string;
    priceFen: number;
    priceScore: number | null;
    technicalScore: number | null;
    score: number | null;
    rank: number | null;
    memberTotals: { memberName: string; totalHundredths: number }[];
  }[];
  /** Every ranked bid in rank order. */
  ranking: RankingRow[];
  /** Up to three recommended candidates in rank order (SS Art.53): the frozen result. */
  candidates: RankingRow[];
  /** The committee's questions to bidders and their answers (澄清纪要). */
  clarifications: {
    bidderName: string;
    question: string;
    askedBy: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }[];
  concludedAt: string;
}

export interface ContentDeps {
  tenders: Pick<TendersPort, 'view'>;
  opening: Pick<OpeningPort, 'bidsForEvaluation'>;
}

/** Reads everything the report shows, in the concluding transaction, and assembles it. */
export async function buildReportContent(
  models: EvaluationModels,
  deps: ContentDeps,
  t: Transaction,
  evaluation: Evaluation,
  reportId: string,
  generatedAt: Date,
): Promise<ReportContent> {
  const agg = await readAggregate(models, evaluation, t);
  const tender = await deps.tenders.view(evaluation.tenderId);
  const section = tender.sections.find((s) => s.id === evaluation.sectionId);
  const opened = await deps.opening.bidsForEvaluation(evaluation.tenderId, evaluation.sectionId, t);
  const where = { evaluationId: evaluation.id };
  const [reviewRows, clarifications] = await Promise.all([
    models.EvaluationSheet.findAll({ where: { ...where, kind: 'review' }, transaction: t }),
    models.EvaluationClarification.findAll({ where, transaction: t, order: [['askedAt', 'ASC']] }),
  ]);
  const names = new Map(agg.members.map((m) => [m.id, m.name]));
  const bidderOf = new Map(agg.bids.map((b) => [b.bidId, b.bidderName]));
  const criterionName = new Map(agg.plan.criteria.map((c) => [c.key, c.name]));
  const activeIds = new Set(agg.active.map((m) => m.id));
  const reviews = [...currentSheets(reviewRows.filter((s) => activeIds.has(s.memberId))).values()];
  const result = evaluation.result ? (JSON.parse(evaluation.result) as EvaluationResult) : null;

  return {
    type: REPORT_TYPE,
    reportId,
    evaluationId: evaluation.id,
    tenderId: evaluation.tenderId,
    sectionId: evaluation.sectionId,
    generatedAt: generatedAt.toISOString(),
    tender: {
      code: tender.code,
      title: tender.title,
      projectName: tender.projectName,
      tendereeName: tender.tenderee.name,
      agencyName: tender.agency?.name ?? null,
      sectionCode: section?.code ?? '',
      sectionName: section?.name ?? '',
      maxPriceFen: section?.maxPriceFen ?? null,
    },
    members: agg.members.map((m) => ({
      memberId: m.id,
      name: m.name,
      kind: m.kind,
      leader: evaluation.leaderMemberId === m.id,
      replaced: m.state === 'replaced',
    })),
    opening: opened.map((b) => ({
      bidId: b.bidId,
      bidderName: b.bidderName,
      priceFen: b.priceFen,
      receivedAt: b.receivedAt.toISOString(),
    })),
    review: agg.bids.map((bid) => ({
      bidId: bid.bidId,
      bidderName: bid.bidderName,
      outcome: bid.rejectionCode !== null ? 'rejected' : bid.reviewOutcome === 'pass' ? 'pass' : 'fail',
      rejection:
        bid.rejectionCode !== null ? { code: bid.rejectionCode, reason: bid.rejectionReason ?? '' } : null,
      failures: reviews
        .filter((s) => s.bidId === bid.bidId)
        .flatMap((s) => {
          const verdicts = (
            JSON.parse(s.payload) as { verdicts: Record<string, { pass: boolean; reason: string }> }
          ).verdicts;
          return Object.entries(verdicts)
            .filter(([, v]) => !v.pass)
            .map(([key, v]) => ({
              criterion: criterionName.get(key) ?? key,
              memberName: names.get(s.memberId) ?? '',
              reason: v.reason,
            }));
        }),
    })),
    method: {
      method: agg.plan.method,
      priceFormula: agg.plan.priceFormula,
      criteria: agg.plan.criteria.map((c) => ({
        key: c.key,
        name: c.name,
        kind: c.kind,
        group: c.group,
        points: c.points,
      })),
    },
    comparison: agg.scored.map((bid) => ({
      bidId: bid.bidId,
      bidderName: bid.bidderName,
      priceFen: bid.priceFen,
      priceScore: bid.priceScore,
      technicalScore: bid.technicalScore,
      score: bid.score,
      rank: bid.rank,
      memberTotals: totalsFor(agg, bid.bidId).map((m) => ({
        memberName: m.name,
        totalHundredths: m.totalHundredths,
      })),
    })),
    ranking: agg.scored
      .filter((b) => b.rank !== null)
      .sort((a, b) => a.rank! - b.rank!)
      .map(rowView),
    candidates: result?.candidates ?? [],
    clarifications: clarifications.map((c) => ({
      bidderName: bidderOf.get(c.bidId) ?? '',
      question: c.question,
      askedBy: names.get(c.askedByMemberId) ?? '',
      askedAt: c.askedAt.toISOString(),
      answer: c.answer,
      answeredAt: c.answeredAt?.toISOString() ?? null,
    })),
    concludedAt: (evaluation.concludedAt ?? generatedAt).toISOString(),
  };
}

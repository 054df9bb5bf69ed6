import type { Transaction } from 'sequelize';
import type { Clock } from '../../platform/clock.js';
import type { EvaluationPlan } from '../tenders/index.js';
import { conflict } from '../../platform/errors.js';
import type { EventBus, EventOrigin } from '../../platform/events.js';
import {
  candidates,
  deviations,
  isTypedScore,
  memberTotal,
  priceScores,
  rankComprehensive,
  rankLowestPrice,
  toHundredths,
  type Deviation,
  type RankedBid,
  type Scores,
} from './method/index.js';
import type {
  Evaluation,
  EvaluationBid,
  EvaluationMember,
  EvaluationModels,
  EvaluationSheet,
} from './models.js';

/*
 * Aggregation and ranking (docs/domain.md §5): the members' score sheets become price scores, member totals,
 * each bid's score and the order of the bids; the result freezes up to three candidates. The arithmetic is the
 * pure method/ folder's; this file reads the sheets, writes the bids' figures and emits what supervision reads.
 */

/** The section's plan as published (the tenders module's EvaluationPlan): the evaluation runs by it. */
export type RunPlan = EvaluationPlan;

export function planOf(evaluation: Pick<Evaluation, 'plan'>): RunPlan {
  return JSON.parse(evaluation.plan) as RunPlan;
}

/** Criteria a member types a score for (subjective and objective, never the price). */
export function typedCriteria(plan: RunPlan): RunPlan['criteria'] {
  return plan.criteria.filter(isTypedScore);
}

/** Whether members fill in score sheets at all: the lowest-price method may have nothing to score. */
export function hasScoreSheets(plan: RunPlan): boolean {
  return typedCriteria(plan).length > 0;
}

/** A member counts until replaced: a replacement who has not declared yet still owes their sheets. */
export function isActive(member: Pick<EvaluationMember, 'state'>): boolean {
  return member.state !== 'replaced';
}

/** The bids that go on to scoring: admitted (not rejected at creation) and passed by the review's majority. */
export function isScored(bid: Pick<EvaluationBid, 'rejectionCode' | 'reviewOutcome'>): boolean {
  return bid.rejectionCode === null && bid.reviewOutcome === 'pass';
}

/** The last version of each member's sheet per bid (void ones left out), by `${memberId}/${bidId}`. */
export function currentSheets(sheets: readonly EvaluationSheet[]): Map<string, EvaluationSheet> {
  const latest = new Map<string, EvaluationSheet>();
  for (const s of sheets) {
    if (s.void) continue;
    const key = `${s.memberId}/${s.bidId}`;
    const seen = latest.get(key);
    if (!seen || seen.version < s.version) latest.set(key, s);
  }
  return latest;
}

export const scoresOf = (sheet: EvaluationSheet): Scores =>
  (JSON.parse(sheet.payload) as { scores: Scores }).scores;

/** Everything the ranking and the snapshot derive from the stored sheets, read once. */
export interface Aggregate {
  plan: RunPlan;
  members: EvaluationMember[];
  active: EvaluationMember[];
  bids: EvaluationBid[];
  /** Passing bids, in the bids' order. */
  scored: EvaluationBid[];
  /** Last non-void score sheet of each active member, by `${memberId}/${bidId}`. */
  sheets: Map<string, EvaluationSheet>;
  /** Price scores (hundredths) over the passing bids; empty under the lowest-price method. */
  priceScores: Map<string, number>;
}

export async function readAggregate(
  models: EvaluationModels,
  evaluation: Evaluation,
  t?: Transaction,
): Promise<Aggregate> {
  const where = { evaluationId: evaluation.id };
  const [members, bids, rows] = await Promise.all([
    models.EvaluationMember.findAll({
      where,
      transaction: t,
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    }),
    models.EvaluationBid.findAll({ where, transaction: t, order: [['receivedAt', 'ASC']] }),
    models.EvaluationSheet.findAll({ where: { ...where, kind: 'score' }, transaction: t }),
  ]);
  const plan = planOf(evaluation);
  const active = members.filter(isActive);
  const activeIds = new Set(active.map((m) => m.id));
  const sheets = currentSheets(rows.filter((s) => activeIds.has(s.memberId)));
  const scored = bids.filter(isScored);
  return { plan, members, active, bids, scored, sheets, priceScores: pricesOf(plan, scored) };
}

function pricesOf(plan: RunPlan, scored: readonly EvaluationBid[]): Map<string, number> {
  if (plan.method !== 'comprehensive') return new Map();
  const price = plan.criteria.find((c) => c.group === 'price');
  return priceScores(
    scored.map((b) => ({ bidId: b.bidId, priceFen: b.priceFen })),
    plan.priceFormula,
    price ? toHundredths(price.points) : 0,
  );
}

/** The active members' current sheets for one bid, in the members' order. */
export function sheetsFor(
  agg: Aggregate,
  bidId: string,
): { member: EvaluationMember; sheet: EvaluationSheet }[] {
  return agg.active.flatMap((member) => {
    const sheet = agg.sheets.get(`${member.id}/${bidId}`);
    return sheet ? [{ member, sheet }] : [];
  });
}

/** Every active member has a current sheet for the bid: its scores may be shown to the others. */
export function complete(agg: Aggregate, bidId: string): boolean {
  return agg.active.length > 0 && sheetsFor(agg, bidId).length === agg.active.length;
}

/** Each member's total for a bid: own typed scores plus the computed price score. */
export function totalsFor(agg: Aggregate, bidId: string) {
  const price = agg.priceScores.get(bidId) ?? 0;
  return sheetsFor(agg, bidId).map(({ member, sheet }) => ({
    memberId: member.id,
    name: member.name,
    scores: scoresOf(sheet),
    totalHundredths: memberTotal(scoresOf(sheet), agg.plan.criteria, price),
  }));
}

/** Totals off the committee mean by more than the plan's share, for bids every active member scored. */
export function deviationsOf(agg: Aggregate): (Deviation & { bidId: string; name: string })[] {
  if (agg.plan.method !== 'comprehensive') return [];
  return agg.scored
    .filter((bid) => complete(agg, bid.bidId))
    .flatMap((bid) => {
      const totals = totalsFor(agg, bid.bidId);
      const names = new Map(totals.map((m) => [m.memberId, m.name]));
      return deviations(totals, agg.plan.deviationPercent).map((d) => ({
        ...d,
        bidId: bid.bidId,
        name: names.get(d.memberId) ?? '',
      }));
    });
}

/** A ranking row as the views show it. */
export function rowView(bid: EvaluationBid) {
  return {
    rank: bid.rank ?? 0,
    bidId: bid.bidId,
    bidderName: bid.bidderName,
    priceFen: bid.priceFen,
    priceScore: bid.priceScore,
    score: bid.score,
    technicalScore: bid.technicalScore,
  };
}
export type RankingRow = ReturnType<typeof rowView>;

/** The frozen result, as stored in `evaluations.result`. */
export interface EvaluationResult {
  candidates: RankingRow[];
  concludedAt: string;
}

export interface RankingDeps {
  events: EventBus;
  clock: Clock;
}

/** Moves scoring on to ranking, re-ranks after a correction, and concludes. */
export class Ranking {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: RankingDeps,
  ) {}

  /**
   * Scoring may end once every active member has a sheet for every passing bid (409 SHEETS_MISSING naming
   * who owes which, so the leader can ask). Under the lowest-price method with nothing to score, at once.
   */
  async canLeaveScoring(t: Transaction, evaluation: Evaluation): Promise<void> {
    const agg = await readAggregate(this.models, evaluation, t);
    if (!hasScoreSheets(agg.plan)) return;
    const missing = agg.scored.flatMap((bid) =>
      agg.active
        .filter((m) => !agg.sheets.has(`${m.id}/${bid.bidId}`))
        .map((m) => ({ memberId: m.id, name: m.name, bidId: bid.bidId })),
    );
    if (missing.length > 0)
      throw conflict('SHEETS_MISSING', `${missing.length} score sheet(s) still missing`, missing);
  }

  /**
   * Computes and stores each passing bid's price score, score, technical subtotal and rank (other bids get
   * none), and flags deviating member totals. Run on entering `ranking` and again after each correction there;
   * a (member, bid, total) already flagged is not flagged again, so a re-rank does not repeat its alarms.
   */
  async rank(t: Transaction, evaluation: Evaluation, origin: EventOrigin): Promise<RankedBid[]> {
    const agg = await readAggregate(this.models, evaluation, t);
    const ranked = this.order(agg);
    const byBid = new Map(ranked.map((r) => [r.bidId, r]));
    for (const bid of agg.bids) {
      const r = byBid.get(bid.bidId);
      bid.set({
        rank: r?.rank ?? null,
        priceScore: r?.priceScore ?? null,
        score: r?.score ?? null,
        technicalScore: r?.technicalScore ?? null,
      });
      if (bid.changed()) await bid.save({ transaction: t });
    }
    await this.flagDeviations(t, evaluation, agg, origin);
    return ranked;
  }

  private order(agg: Aggregate): RankedBid[] {
    const rankable = agg.scored.map((b) => ({
      bidId: b.bidId,
      priceFen: b.priceFen,
      receivedAt: b.receivedAt,
    }));
    if (agg.plan.method !== 'comprehensive' || !hasScoreSheets(agg.plan)) return rankLowestPrice(rankable);
    return rankComprehensive(
      rankable.map((b) => ({
        ...b,
        sheets: sheetsFor(agg, b.bidId).map(({ member, sheet }) => ({
          memberId: member.id,
          scores: scoresOf(sheet),
        })),
      })),
      agg.plan.criteria,
      agg.plan.priceFormula,
    );
  }

  private async flagDeviations(t: Transaction, evaluation: Evaluation, agg: Aggregate, origin: EventOrigin) {
    const found = deviationsOf(agg);
    if (found.length === 0) return;
    // The flags already raised are the stream's own events: durable, on every node, in this transaction.
    const raised = await this.deps.events.models.DomainEvent.findAll({
      where: { type: 'evaluation.deviation-flagged', tenderId: evaluation.tenderId },
      transaction: t,
    });
    const seen = new Set(
      raised
        .map(
          (row) =>
            JSON.parse(row.data) as {
              evaluationId: string;
              memberId: string;
              bidId: string;
              totalHundredths: number;
            },
        )
        .filter((d) => d.evaluationId === evaluation.id)
        .map((d) => `${d.memberId}/${d.bidId}/${d.totalHundredths}`),
    );
    for (const d of found) {
      if (seen.has(`${d.memberId}/${d.bidId}/${d.totalHundredths}`)) continue;
      await this.deps.events.emit(t, origin, 'evaluation.deviation-flagged', {
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        evaluationId: evaluation.id,
        memberId: d.memberId,
        bidId: d.bidId,
        totalHundredths: d.totalHundredths,
        meanHundredths: d.meanHundredths,
        percent: percentOff(d.totalHundredths, d.meanHundredths),
      });
    }
  }

  /**
   * Ranking → concluded: ranks once more from the sheets as they now stand, freezes up to three candidates
   * in `result` (SS Art.53) and tells the stream (the report and supervision read it).
   */
  async conclude(t: Transaction, evaluation: Evaluation, origin: EventOrigin): Promise<EvaluationResult> {
    const ranked = await this.rank(t, evaluation, origin);
    const bids = new Map(
      (
        await this.models.EvaluationBid.findAll({ where: { evaluationId: evaluation.id }, transaction: t })
      ).map((b) => [b.bidId, b]),
    );
    const now = this.deps.clock.now();
    const result: EvaluationResult = {
      candidates: candidates(ranked).map((r) => rowView(bids.get(r.bidId)!)),
      concludedAt: now.toISOString(),
    };
    evaluation.set({ result: JSON.stringify(result), concludedAt: now });
    await evaluation.save({ transaction: t });
    await this.deps.events.emit(t, origin, 'evaluation.concluded', {
      tenderId: evaluation.tenderId,
      sectionId: evaluation.sectionId,
      evaluationId: evaluation.id,
      candidates: result.candidates.map((c) => c.bidId),
    });
    return result;
  }
}

/** How far a total is off the mean, in whole percent (for people; the flag itself uses the exact test). */
function percentOff(total: number, mean: number): number {
  if (mean === 0) return 0;
  return Math.round((Math.abs(total - mean) * 100) / mean);
}

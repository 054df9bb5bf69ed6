import type { EvaluationBidView, EvaluationPlan } from './types.js';

/**
 * The price score as the plan's formula gives it (docs/domain.md §5), shown beside the typed criteria so a
 * member sees the whole total; never typed and never sent — the server computes its own on ranking, and its
 * figure replaces this one once the ranking is out. Integer arithmetic (BigInt) on fen, hundredths half up.
 */
export function previewPriceScores(
  plan: EvaluationPlan,
  bids: readonly EvaluationBidView[],
): Map<string, number> {
  const out = new Map<string, number>();
  const price = plan.criteria.find((c) => c.group === 'price');
  if (!price) return out;
  const full = BigInt(Math.round(price.points * 100));
  const compliant = bids.filter((b) => b.rejection === null && b.reviewOutcome !== 'fail' && b.priceFen > 0);
  if (compliant.length === 0) return out;
  const prices = compliant.map((b) => BigInt(b.priceFen));
  if (plan.priceFormula.base === 'lowest-price') {
    const base = prices.reduce((a, b) => (b < a ? b : a));
    // base / price × full, half up: (2·base·full + price) / (2·price)
    for (const b of compliant) {
      const p = BigInt(b.priceFen);
      out.set(b.bidId, Number((2n * base * full + p) / (2n * p)));
    }
    return out;
  }
  const sorted = [...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = sorted.length > 3 ? sorted.slice(1, -1) : sorted;
  const sum = kept.reduce((a, b) => a + b, 0n);
  const n = BigInt(kept.length); // base = sum / n, kept as a fraction
  const above = BigInt(Math.round(plan.priceFormula.pointsPerPercentAbove * 100));
  const below = BigInt(Math.round(plan.priceFormula.pointsPerPercentBelow * 100));
  for (const b of compliant) {
    const p = BigInt(b.priceFen);
    // points lost, in hundredths: |p − sum/n| / (sum/n) × 100 × rate = |p·n − sum| × 100 × rate / sum
    const diff = p * n - sum;
    const rate = diff > 0n ? above : below;
    const lostTimesSum = (diff < 0n ? -diff : diff) * 100n * rate;
    const scoreTimesSum = full * sum - lostTimesSum;
    const score = scoreTimesSum <= 0n ? 0n : (2n * scoreTimesSum + sum) / (2n * sum);
    out.set(b.bidId, Number(score));
  }
  return out;
}

/** Hundredths of a point as text: 2550 → "25.50". */
export function points(hundredths: number | null | undefined): string {
  if (hundredths === null || hundredths === undefined) return '—';
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export type ParsedPoints = { ok: true; hundredths: number } | { ok: false; problem: 'format' | 'range' };

/** A typed score (`18`, `18.5`, `18.25`) within 0..max points, as hundredths; no floating point involved. */
export function parsePoints(text: string, maxPoints: number): ParsedPoints {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return { ok: false, problem: 'format' };
  const value = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (value > Math.round(maxPoints * 100)) return { ok: false, problem: 'range' };
  return { ok: true, hundredths: value };
}
